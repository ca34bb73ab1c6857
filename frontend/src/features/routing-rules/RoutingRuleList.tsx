// The routing rules, in the order they are tried: the first active rule an incoming case meets
// sends it to its queue. Rules are added, reordered, set aside and deleted here.
import { ActionIcon, Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { useCasePicklist, useQueues } from '@/shared/service/api';
import { usePrivileges } from '@/shared/session/useSession';
import { reorderChanges } from '@/shared/ui/ordering';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useAccountNames, useDeleteRule, useReorderRules, useRoutingRules, type RoutingRule } from './api';
import { describeConditions } from './conditions';
import { RoutingRuleDialog } from './RoutingRuleDialog';

export function RoutingRuleList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('routing-rules', 'create');
  const canUpdate = privileges.can('routing-rules', 'update');
  const canDelete = privileges.can('routing-rules', 'delete');
  const rules = useRoutingRules();
  const rows = rules.data ?? [];
  const queues = useQueues();
  const products = useCasePicklist('product').data;
  const subjects = useCasePicklist('subject').data;
  const accounts = useAccountNames(rows.flatMap((r) => r.conditions.account_ids ?? [])).data;
  const reorder = useReorderRules(rows);
  const remove = useDeleteRule();
  // undefined: no dialog; null: a new rule.
  const [editing, setEditing] = useState<RoutingRule | null | undefined>(undefined);
  const names = {
    accounts,
    products: new Map((products ?? []).map((v) => [v.value, v.label])),
    subjects: new Map((subjects ?? []).map((v) => [v.value, v.label])),
  };

  const move = (from: number, to: number) =>
    reorder.mutate(reorderChanges(rows, from, to), {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not reorder the rules', message: problemDetail(error) }),
    });

  const confirmDelete = (rule: RoutingRule) =>
    modals.openConfirmModal({
      title: `Delete ${rule.name}?`,
      children: <Text size="sm">Cases it routed stay in their queues; new cases are no longer sent by it. This cannot be undone.</Text>,
      labels: { confirm: 'Delete rule', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: rule.id, version: rule.version },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Rule deleted', message: rule.name }),
            onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${rule.name}`, message: problemDetail(error) }),
          },
        ),
    });

  return (
    <>
      <PageHeader
        title="Routing rules"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="Which queue an incoming case goes to. The rules are tried in order and the first active one the case meets wins; a case no rule takes stays out of the queues."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New rule
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        {rules.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={rules.error} onRetry={() => void rules.refetch()} />
          </div>
        ) : rules.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : rows.length === 0 ? (
          <EmptyState
            title="No routing rules yet"
            description="Without rules, new cases wait outside the queues until someone assigns them. Add one per queue: by product, by customer, by words in the title."
            action={
              canCreate && (
                <Button size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
                  New rule
                </Button>
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Routing rules">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>Order</Table.Th>
                  <Table.Th>Rule</Table.Th>
                  <Table.Th>When the case…</Table.Th>
                  <Table.Th w={180}>Goes to</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={96} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((rule, index) => {
                  const phrases = describeConditions(rule.conditions, names);
                  const queue = queues.data?.find((q) => q.id === rule.queue_id);
                  return (
                    <Table.Tr key={rule.id} aria-label={rule.name} style={rule.is_active ? undefined : { opacity: 0.7 }}>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Text size="sm" c="dimmed" w={22}>
                            {index + 1}
                          </Text>
                          {canUpdate && (
                            <>
                              <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${rule.name} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(index, index - 1)}>
                                <IconArrowUp size={14} />
                              </ActionIcon>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                size="sm"
                                aria-label={`Move ${rule.name} down`}
                                disabled={index === rows.length - 1 || reorder.isPending}
                                onClick={() => move(index, index + 1)}
                              >
                                <IconArrowDown size={14} />
                              </ActionIcon>
                            </>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          {rule.name}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {phrases.length === 0 ? (
                          <Text size="sm" c="orange">
                            Any case
                          </Text>
                        ) : (
                          <Group gap={6}>
                            {phrases.map((p) => (
                              <Badge key={p} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                                {p}
                              </Badge>
                            ))}
                          </Group>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {queue?.name ?? '…'}
                        </Text>
                        {queue && !queue.is_active && (
                          <Text size="xs" c="orange">
                            Retired: the rule sends nothing
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={rule.is_active ? 'teal' : 'gray'} radius="sm">
                          {rule.is_active ? 'Applied' : 'Set aside'}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <RowActions name={rule.name} onEdit={canUpdate ? () => setEditing(rule) : undefined} onDelete={canDelete ? () => confirmDelete(rule) : undefined} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {editing !== undefined && <RoutingRuleDialog rule={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
