// The queues of the service desk, for those who set them up: their members, which takes
// escalations, which are retired.
import { Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link } from 'react-router';

import { useUsersById } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { useQueues } from '@/shared/service/api';
import { usePrivileges } from '@/shared/session/useSession';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useDeleteQueue, type Queue } from './api';
import { QueueDialog } from './QueueDialog';

export function QueueAdmin() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('queues', 'create');
  const canUpdate = privileges.can('queues', 'update');
  const canDelete = privileges.can('queues', 'delete');
  const queues = useQueues();
  const remove = useDeleteQueue();
  const members = useUsersById((queues.data ?? []).flatMap((q) => q.member_ids)).data;
  // undefined: no dialog; null: a new queue.
  const [editing, setEditing] = useState<Queue | null | undefined>(undefined);
  const rows = queues.data ?? [];

  const confirmDelete = (q: Queue) =>
    modals.openConfirmModal({
      title: `Delete ${q.name}?`,
      children: (
        <Text size="sm">
          A queue that cases or routing rules point at cannot be deleted: retire it instead (turn off “Takes new cases”). This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete queue', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: q.id, version: q.version },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Queue deleted', message: q.name }),
            onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${q.name}`, message: problemDetail(error) }),
          },
        ),
    });

  return (
    <>
      <PageHeader
        title="Queues"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="Where cases wait until someone works them, by product or expertise. Routing rules send incoming cases to them; their members take the cases."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New queue
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        {queues.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={queues.error} onRetry={() => void queues.refetch()} />
          </div>
        ) : queues.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : rows.length === 0 ? (
          <EmptyState
            title="No queues yet"
            description="Create a queue per product or expertise (Printers, Billing), and one for escalations."
            action={
              canCreate && (
                <Button size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
                  New queue
                </Button>
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Queues">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Queue</Table.Th>
                  <Table.Th>Members</Table.Th>
                  <Table.Th w={150}>Waiting · worked</Table.Th>
                  <Table.Th w={160}>Status</Table.Th>
                  <Table.Th w={96} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((q) => (
                  <Table.Tr key={q.id} aria-label={q.name} style={q.is_active ? undefined : { opacity: 0.7 }}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases?queue=${q.id}`} fw={600} size="sm">
                        {q.name}
                      </Anchor>
                      {q.description && (
                        <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                          {q.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2} maw={360} c={q.member_ids.length === 0 ? 'orange' : undefined}>
                        {q.member_ids.length === 0 ? 'Nobody yet' : q.member_ids.map((id) => members?.get(id)?.full_name ?? '…').join(', ')}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {q.figures.cases_waiting} · {q.figures.cases_being_worked}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        <Badge variant="light" color={q.is_active ? 'teal' : 'gray'} radius="sm">
                          {q.is_active ? 'Active' : 'Retired'}
                        </Badge>
                        {q.is_escalation && (
                          <Badge variant="light" color="grape" radius="sm">
                            Escalations
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <RowActions name={q.name} onEdit={canUpdate ? () => setEditing(q) : undefined} onDelete={canDelete ? () => confirmDelete(q) : undefined} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {editing !== undefined && <QueueDialog queue={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
