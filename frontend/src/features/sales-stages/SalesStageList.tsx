// The sales process: its stages in order, each with the probability a deal gets on entering it.
// Stages are added, renamed, reordered and retired; never deleted, as deals hold them.
import { ActionIcon, Badge, Button, Group, Paper, Progress, Skeleton, Table, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { reorderChanges } from '@/shared/ui/ordering';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useReorderStages, useStageList, useUpdateStage, type SalesStage } from './api';
import { StageDialog } from './StageDialog';

export function SalesStageList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('sales-stages', 'create');
  const canUpdate = privileges.can('sales-stages', 'update');
  const stages = useStageList();
  const update = useUpdateStage();
  const reorder = useReorderStages();
  // undefined: no dialog; null: a new stage.
  const [editing, setEditing] = useState<SalesStage | null | undefined>(undefined);
  const rows = stages.data ?? [];
  const nextOrder = rows.length > 0 ? Math.max(...rows.map((s) => s.sort_order)) + 10 : 10;

  const move = (from: number, to: number) =>
    reorder.mutate(reorderChanges(rows, from, to), {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not reorder the stages', message: problemDetail(error) }),
    });

  const setActive = (stage: SalesStage, active: boolean) =>
    update.mutate(
      { id: stage.id, version: stage.version, patch: { is_active: active } },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: active ? 'Stage restored' : 'Stage retired',
            message: active ? `Deals may enter ${saved.label} again.` : `Deals in ${saved.label} keep it; no deal may enter it.`,
          }),
        onError: (error) => notifications.show({ color: 'red', title: `Could not change ${stage.label}`, message: problemDetail(error) }),
      },
    );

  const confirmRetire = (stage: SalesStage) =>
    modals.openConfirmModal({
      title: `Retire ${stage.label}?`,
      children: (
        <Text size="sm">
          Deals in {stage.label} keep it, and it stays on the board while they are there, but no deal may enter it. You can restore it later.
        </Text>
      ),
      labels: { confirm: 'Retire stage', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => setActive(stage, false),
    });

  return (
    <>
      <PageHeader
        title="Sales stages"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The steps every deal goes through, in order. Entering a stage gives a deal its default probability. Stages are retired, not deleted: the deals in them keep them."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New stage
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        {stages.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={stages.error} onRetry={() => void stages.refetch()} />
          </div>
        ) : stages.isPending ? (
          <Skeletons />
        ) : rows.length === 0 ? (
          <EmptyState title="No stages yet" description="Add the first step of your sales process." />
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Sales stages">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>Order</Table.Th>
                  <Table.Th>Stage</Table.Th>
                  <Table.Th w={220}>Default probability</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={100} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((stage, index) => (
                  <Table.Tr key={stage.id} aria-label={stage.label} style={stage.is_active ? undefined : { opacity: 0.7 }}>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Text size="sm" c="dimmed" w={22}>
                          {index + 1}
                        </Text>
                        {canUpdate && (
                          <>
                            <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${stage.label} up`} disabled={index === 0 || reorder.isPending} onClick={() => move(index, index - 1)}>
                              <IconArrowUp size={14} />
                            </ActionIcon>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              aria-label={`Move ${stage.label} down`}
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
                        {stage.label}
                      </Text>
                      <Text size="xs" c="dimmed" ff="monospace">
                        {stage.value}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Group gap="sm" wrap="nowrap">
                        <Progress value={stage.default_probability} w={110} size="sm" aria-hidden />
                        <Text size="sm" fw={500}>
                          {stage.default_probability}%
                        </Text>
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={stage.is_active ? 'teal' : 'gray'} radius="sm">
                        {stage.is_active ? 'Active' : 'Retired'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {canUpdate && (
                        <Group gap={4} justify="flex-end" wrap="nowrap">
                          <Tooltip label="Edit" withArrow>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${stage.label}`} onClick={() => setEditing(stage)}>
                              <IconPencil size={16} />
                            </ActionIcon>
                          </Tooltip>
                          {stage.is_active ? (
                            <Tooltip label="Retire" withArrow>
                              <ActionIcon variant="subtle" color="red" aria-label={`Retire ${stage.label}`} onClick={() => confirmRetire(stage)}>
                                <IconArchive size={16} />
                              </ActionIcon>
                            </Tooltip>
                          ) : (
                            <Tooltip label="Restore" withArrow>
                              <ActionIcon variant="subtle" color="teal" aria-label={`Restore ${stage.label}`} onClick={() => setActive(stage, true)}>
                                <IconRestore size={16} />
                              </ActionIcon>
                            </Tooltip>
                          )}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {editing !== undefined && <StageDialog stage={editing} nextOrder={nextOrder} onClose={() => setEditing(undefined)} />}
    </>
  );
}

function Skeletons() {
  return (
    <div style={{ padding: 16 }}>
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} height={36} mb="sm" />
      ))}
    </div>
  );
}
