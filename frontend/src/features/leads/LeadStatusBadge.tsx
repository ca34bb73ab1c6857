import { Badge } from '@mantine/core';

import { STATUSES, type LeadStatus } from './api';

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  const s = STATUSES.find((x) => x.value === status);
  return (
    <Badge color={s?.color ?? 'gray'} variant="light" radius="sm">
      {s?.label ?? status}
    </Badge>
  );
}
