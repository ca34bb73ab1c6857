import { Card, Title } from '@mantine/core';

import { DetailList } from './DetailList';
import { formatDateTime, formatRelative } from './format';

type Meta = { created_at: string; updated_at: string; version: number; external_id?: string | null };

/** When a record was created and last changed, its version and external id. */
export function RecordMetaCard({ record }: { record: Meta }) {
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={5} mb="md">
        Record
      </Title>
      <DetailList
        cols={1}
        items={[
          { label: 'Created', value: formatDateTime(record.created_at) },
          { label: 'Last changed', value: `${formatRelative(record.updated_at)} (version ${record.version})` },
          { label: 'External id', value: record.external_id },
        ]}
      />
    </Card>
  );
}
