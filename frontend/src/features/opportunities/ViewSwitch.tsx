// The two views of the pipeline, board and list, and the button that starts a new opportunity.
import { Button, Group, SegmentedControl } from '@mantine/core';
import { IconLayoutKanban, IconList, IconPlus } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { useCan } from '@/shared/session/useSession';

export type PipelineView = 'board' | 'list';

export function PipelineActions({ view }: { view: PipelineView }) {
  const navigate = useNavigate();
  const canCreate = useCan('opportunities', 'create');
  return (
    <>
      <SegmentedControl
        aria-label="View"
        value={view}
        onChange={(value) => void navigate(value === 'board' ? '/opportunities/board' : '/opportunities')}
        data={[
          {
            value: 'board',
            label: (
              <Group gap={6} wrap="nowrap" justify="center">
                <IconLayoutKanban size={16} stroke={1.7} />
                <span>Board</span>
              </Group>
            ),
          },
          {
            value: 'list',
            label: (
              <Group gap={6} wrap="nowrap" justify="center">
                <IconList size={16} stroke={1.7} />
                <span>List</span>
              </Group>
            ),
          },
        ]}
      />
      {canCreate && (
        <Button component={Link} to={view === 'board' ? '/opportunities/new?from=board' : '/opportunities/new'} leftSection={<IconPlus size={16} />}>
          New opportunity
        </Button>
      )}
    </>
  );
}
