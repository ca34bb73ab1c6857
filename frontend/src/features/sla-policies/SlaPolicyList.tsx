// The service-level policies: the first-response and resolution times promised per priority,
// which give every case its deadlines (a contract's policy, else the default one).
import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { useSlaPolicies } from '@/shared/service/api';
import { formatMinutes, PRIORITIES, PRIORITY } from '@/shared/service/words';
import { usePrivileges } from '@/shared/session/useSession';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useDeletePolicy, type SlaPolicy } from './api';
import { SlaPolicyDialog } from './SlaPolicyDialog';

export function SlaPolicyList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('sla-policies', 'create');
  const canUpdate = privileges.can('sla-policies', 'update');
  const canDelete = privileges.can('sla-policies', 'delete');
  const policies = useSlaPolicies();
  const remove = useDeletePolicy();
  // undefined: no dialog; null: a new policy.
  const [editing, setEditing] = useState<SlaPolicy | null | undefined>(undefined);
  const rows = policies.data ?? [];

  const confirmDelete = (policy: SlaPolicy) =>
    modals.openConfirmModal({
      title: `Delete ${policy.name}?`,
      children: <Text size="sm">A policy that contracts, templates or cases follow cannot be deleted. This cannot be undone.</Text>,
      labels: { confirm: 'Delete policy', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: policy.id, version: policy.version },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Policy deleted', message: policy.name }),
            onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${policy.name}`, message: problemDetail(error) }),
          },
        ),
    });

  return (
    <>
      <PageHeader
        title="Service levels"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The first-response and resolution times promised, by priority. A case follows its contract’s policy, else the default one; the time on hold or waiting for the customer is left out."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New policy
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        {policies.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={policies.error} onRetry={() => void policies.refetch()} />
          </div>
        ) : policies.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : rows.length === 0 ? (
          <EmptyState
            title="No service levels yet"
            description="Without a policy, cases have no deadlines. Add a default policy with a target per priority."
            action={
              canCreate && (
                <Button size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
                  New policy
                </Button>
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Service-level policies">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Policy</Table.Th>
                  {[...PRIORITIES].reverse().map((p) => (
                    <Table.Th key={p} w={140}>
                      {PRIORITY[p].label}
                    </Table.Th>
                  ))}
                  <Table.Th w={96} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((policy) => (
                  <Table.Tr key={policy.id} aria-label={policy.name}>
                    <Table.Td>
                      <Group gap="xs">
                        <Text size="sm" fw={600}>
                          {policy.name}
                        </Text>
                        {policy.is_default && (
                          <Badge variant="light" color="blue" radius="sm">
                            Default
                          </Badge>
                        )}
                      </Group>
                      {policy.description && (
                        <Text size="xs" c="dimmed" lineClamp={1} maw={320}>
                          {policy.description}
                        </Text>
                      )}
                    </Table.Td>
                    {[...PRIORITIES].reverse().map((p) => {
                      const target = policy.targets.find((t) => t.priority === p);
                      return (
                        <Table.Td key={p}>
                          {target ? (
                            <Tooltip label={`First response within ${formatMinutes(target.first_response_minutes)}, resolution within ${formatMinutes(target.resolution_minutes)}`} withArrow>
                              <Stack gap={0}>
                                <Text size="sm" fw={500}>
                                  {formatMinutes(target.first_response_minutes)}
                                </Text>
                                <Text size="xs" c="dimmed">
                                  solved in {formatMinutes(target.resolution_minutes)}
                                </Text>
                              </Stack>
                            </Tooltip>
                          ) : (
                            <Text size="sm" c="dimmed">
                              No target
                            </Text>
                          )}
                        </Table.Td>
                      );
                    })}
                    <Table.Td>
                      <RowActions name={policy.name} onEdit={canUpdate ? () => setEditing(policy) : undefined} onDelete={canDelete ? () => confirmDelete(policy) : undefined} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {editing !== undefined && <SlaPolicyDialog policy={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
