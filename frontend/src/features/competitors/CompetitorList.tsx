// The competitors met in deals: who they are, where they beat us and where we beat them.
import { Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useCompetitorList, useDeleteCompetitor, type Competitor, type CompetitorSort } from './api';
import { CompetitorDialog } from './CompetitorDialog';

const PAGE_SIZE = 25;

export function CompetitorList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('competitors', 'create');
  const canUpdate = privileges.can('competitors', 'update');
  const canDelete = privileges.can('competitors', 'delete');
  const list = useListState<CompetitorSort>('name');
  const competitors = useCompetitorList({ limit: PAGE_SIZE, sort: list.sort, q: list.q, cursor: list.cursor, count: true });
  const remove = useDeleteCompetitor();
  // undefined: no dialog; null: a new competitor.
  const [editing, setEditing] = useState<Competitor | null | undefined>(undefined);

  const confirmDelete = (c: Competitor) =>
    modals.openConfirmModal({
      title: `Delete ${c.name}?`,
      children: (
        <Text size="sm">
          Deals that met {c.name} forget it. A competitor that won a lost deal cannot be deleted while that deal names it. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete competitor', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: c.id, version: c.version },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Competitor deleted', message: c.name }),
            onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${c.name}`, message: problemDetail(error) }),
          },
        ),
    });

  const columns: Column<Competitor>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'name',
      render: (c) => (
        <Stack gap={0}>
          <Text fw={600} size="sm">
            {c.name}
          </Text>
          {c.website && (
            <Anchor href={c.website} target="_blank" rel="noreferrer" size="xs" c="dimmed" onClick={(e) => e.stopPropagation()}>
              {c.website.replace(/^https?:\/\//, '')}
            </Anchor>
          )}
        </Stack>
      ),
    },
    {
      key: 'strengths',
      header: 'Strengths',
      visibleFrom: 'sm',
      render: (c) => (
        <Text size="sm" lineClamp={2} maw={320} c={c.strengths ? undefined : 'dimmed'}>
          {c.strengths ?? '—'}
        </Text>
      ),
    },
    {
      key: 'weaknesses',
      header: 'Weaknesses',
      visibleFrom: 'md',
      render: (c) => (
        <Text size="sm" lineClamp={2} maw={320} c={c.weaknesses ? undefined : 'dimmed'}>
          {c.weaknesses ?? '—'}
        </Text>
      ),
    },
    {
      key: 'updated',
      header: 'Changed',
      visibleFrom: 'lg',
      render: (c) => (
        <Text size="sm" c="dimmed">
          {formatRelative(c.updated_at)}
        </Text>
      ),
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      width: 96,
      render: (c) => (
        <RowActions
          name={c.name}
          onEdit={canUpdate ? () => setEditing(c) : undefined}
          onDelete={canDelete ? () => confirmDelete(c) : undefined}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Competitors"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The companies met as rivals in deals. Salespeople name them on opportunities, and a lost deal says who won it."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New competitor
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search competitors…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search competitors"
          />
        </Group>
        {competitors.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={competitors.error} onRetry={() => void competitors.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Competitors"
            columns={columns}
            rows={competitors.data?.data}
            rowKey={(c) => c.id}
            loading={competitors.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as CompetitorSort)}
            onRowClick={canUpdate ? (c) => setEditing(c) : undefined}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={competitors.data?.total ?? undefined}
            hasNext={Boolean(competitors.data?.next_cursor)}
            onNext={() => competitors.data?.next_cursor && list.next(competitors.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              list.q ? (
                <EmptyState title="No matching competitors" description="Try another search." />
              ) : (
                <EmptyState
                  title="No competitors yet"
                  description="Add the companies your salespeople meet in deals, with where they beat you and where you beat them."
                  action={
                    canCreate && (
                      <Button size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
                        New competitor
                      </Button>
                    )
                  }
                />
              )
            }
          />
        )}
      </Paper>
      {editing !== undefined && <CompetitorDialog competitor={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
