// The picklists: the choices of fields such as a lead's source or rating. Each picklist's values
// can be added, renamed, reordered and retired (records that hold a retired value keep it).
import { ActionIcon, Badge, Button, Grid, Group, NavLink, Paper, Skeleton, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { humanize } from '@/shared/ui/format';
import { reorderChanges } from '@/shared/ui/ordering';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { PICKLISTS, useAllPicklistValues, useReorderPicklist, useUpdatePicklistValue, type PicklistValue } from './api';
import { ValueDialog } from './ValueDialog';

type Picklist = { key: string; entity: string; field: string; label: string; description: string; values: PicklistValue[] };

/** The known picklists, and any other the server has values for, each with its values in order. */
function picklistsOf(values: readonly PicklistValue[]): Picklist[] {
  const lists = new Map<string, Picklist>();
  for (const p of PICKLISTS) lists.set(`${p.entity}.${p.field}`, { key: `${p.entity}.${p.field}`, ...p, values: [] });
  for (const v of values) {
    const key = `${v.entity}.${v.field}`;
    let list = lists.get(key);
    if (!list) {
      list = { key, entity: v.entity, field: v.field, label: `${humanize(v.entity)}: ${humanize(v.field)}`, description: '', values: [] };
      lists.set(key, list);
    }
    list.values.push(v);
  }
  for (const list of lists.values()) list.values.sort((a, b) => a.sort_order - b.sort_order || a.label.localeCompare(b.label));
  return [...lists.values()];
}

export function PicklistAdmin() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('picklists', 'create');
  const canUpdate = privileges.can('picklists', 'update');
  const all = useAllPicklistValues();
  const update = useUpdatePicklistValue();
  const reorder = useReorderPicklist();
  const [params, setParams] = useSearchParams();
  // undefined: no dialog; null: a new value.
  const [editing, setEditing] = useState<PicklistValue | null | undefined>(undefined);
  const lists = picklistsOf(all.data ?? []);
  const selected = lists.find((l) => l.key === params.get('picklist')) ?? lists[0];
  const groups = [...new Set(lists.map((l) => l.entity))];

  const choose = (key: string) => setParams({ picklist: key }, { replace: true });

  const move = (values: PicklistValue[], from: number, to: number) =>
    reorder.mutate(reorderChanges(values, from, to), {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not reorder the values', message: problemDetail(error) }),
    });

  const setActive = (value: PicklistValue, active: boolean) =>
    update.mutate(
      { id: value.id, version: value.version, patch: { is_active: active } },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: active ? 'Value restored' : 'Value retired',
            message: active ? `${saved.label} can be chosen again.` : `${saved.label} can no longer be chosen; records that hold it keep it.`,
          }),
        onError: (error) => notifications.show({ color: 'red', title: `Could not change ${value.label}`, message: problemDetail(error) }),
      },
    );

  return (
    <>
      <PageHeader
        title="Picklists"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The choices people pick from in forms. Values are retired rather than deleted: the records that hold them keep them."
      />
      {all.error ? (
        <QueryError error={all.error} onRetry={() => void all.refetch()} />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 4, lg: 3 }}>
            <Paper withBorder radius="md" p="xs">
              {groups.map((entity) => (
                <Stack key={entity} gap={2} component="nav" aria-label={`${humanize(entity)} picklists`}>
                  <Text size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.6} px="sm" py={6}>
                    {humanize(entity)}
                  </Text>
                  {lists
                    .filter((l) => l.entity === entity)
                    .map((l) => (
                      <NavLink
                        key={l.key}
                        label={l.label}
                        active={l.key === selected?.key}
                        onClick={() => choose(l.key)}
                        style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                        rightSection={
                          all.isPending ? undefined : (
                            <Badge size="sm" variant="light" color="gray" circle>
                              {l.values.filter((v) => v.is_active).length}
                            </Badge>
                          )
                        }
                      />
                    ))}
                </Stack>
              ))}
            </Paper>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 8, lg: 9 }}>
            {selected && (
              <Paper withBorder radius="md">
                <Group justify="space-between" align="flex-start" p="md" wrap="nowrap">
                  <Stack gap={2}>
                    <Title order={4} fw={600}>
                      {selected.label}
                    </Title>
                    <Text size="sm" c="dimmed">
                      {selected.description || `The choices of ${selected.entity}.${selected.field}.`}{' '}
                      <Text span ff="monospace" size="xs">
                        {selected.entity}.{selected.field}
                      </Text>
                    </Text>
                  </Stack>
                  {canCreate && (
                    <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)} style={{ flexShrink: 0 }}>
                      Add value
                    </Button>
                  )}
                </Group>
                {all.isPending ? (
                  <Stack p="md" gap="sm">
                    {[0, 1, 2].map((i) => (
                      <Skeleton key={i} height={32} />
                    ))}
                  </Stack>
                ) : selected.values.length === 0 ? (
                  <EmptyState title="No values yet" description="Add the first choice people can pick." />
                ) : (
                  <ValuesTable
                    values={selected.values}
                    canUpdate={canUpdate}
                    busy={reorder.isPending}
                    onMove={(from, to) => move(selected.values, from, to)}
                    onRename={setEditing}
                    onActive={setActive}
                  />
                )}
              </Paper>
            )}
          </Grid.Col>
        </Grid>
      )}
      {editing !== undefined && selected && <ValueDialog picklist={selected} value={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}

type TableProps = {
  values: PicklistValue[];
  canUpdate: boolean;
  busy: boolean;
  onMove: (from: number, to: number) => void;
  onRename: (value: PicklistValue) => void;
  onActive: (value: PicklistValue, active: boolean) => void;
};

function ValuesTable({ values, canUpdate, busy, onMove, onRename, onActive }: TableProps) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Values">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110}>Order</Table.Th>
            <Table.Th>Label</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={100} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {values.map((v, index) => (
            <Table.Tr key={v.id} aria-label={v.label} style={v.is_active ? undefined : { opacity: 0.7 }}>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Text size="sm" c="dimmed" w={22}>
                    {index + 1}
                  </Text>
                  {canUpdate && (
                    <>
                      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={`Move ${v.label} up`} disabled={index === 0 || busy} onClick={() => onMove(index, index - 1)}>
                        <IconArrowUp size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={`Move ${v.label} down`}
                        disabled={index === values.length - 1 || busy}
                        onClick={() => onMove(index, index + 1)}
                      >
                        <IconArrowDown size={14} />
                      </ActionIcon>
                    </>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {v.label}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" ff="monospace">
                  {v.value}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={v.is_active ? 'teal' : 'gray'} radius="sm">
                  {v.is_active ? 'Active' : 'Retired'}
                </Badge>
              </Table.Td>
              <Table.Td>
                {canUpdate && (
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label="Rename" withArrow>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Rename ${v.label}`} onClick={() => onRename(v)}>
                        <IconPencil size={16} />
                      </ActionIcon>
                    </Tooltip>
                    {v.is_active ? (
                      <Tooltip label="Retire" withArrow>
                        <ActionIcon variant="subtle" color="red" aria-label={`Retire ${v.label}`} onClick={() => onActive(v, false)}>
                          <IconArchive size={16} />
                        </ActionIcon>
                      </Tooltip>
                    ) : (
                      <Tooltip label="Restore" withArrow>
                        <ActionIcon variant="subtle" color="teal" aria-label={`Restore ${v.label}`} onClick={() => onActive(v, true)}>
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
  );
}
