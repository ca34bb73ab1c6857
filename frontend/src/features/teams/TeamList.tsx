import { Anchor, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { useUnits } from '@/shared/api/lookups';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatRelative } from '@/shared/ui/format';
import { UnitSelect } from '@/shared/ui/OrgInputs';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useTeams, type Team, type TeamSort } from './api';

const PAGE_SIZE = 25;

export function TeamList() {
  const navigate = useNavigate();
  const canCreate = usePrivileges().can('teams', 'create');
  const list = useListState<TeamSort>('name', ['business_unit_id']);
  const unitId = list.filters.business_unit_id;
  const teams = useTeams({ limit: PAGE_SIZE, sort: list.sort, q: list.q, cursor: list.cursor, business_unit_id: unitId, count: true });
  const { byId: units } = useUnits();

  const columns: Column<Team>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'name',
      render: (t) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/admin/teams/${t.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
            {t.name}
          </Anchor>
          {t.description && (
            <Text size="xs" c="dimmed" truncate maw={420}>
              {t.description}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'unit', header: 'Business unit', render: (t) => <Text size="sm">{units.get(t.business_unit_id)?.name ?? '…'}</Text> },
    {
      key: 'created',
      header: 'Created',
      sortField: 'created_at',
      visibleFrom: 'sm',
      render: (t) => (
        <Text size="sm" c="dimmed">
          {formatRelative(t.created_at)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Teams"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="Users who own records together; a team’s roles reach every member."
        actions={
          canCreate && (
            <Button component={Link} to="/admin/teams/new" leftSection={<IconPlus size={16} />}>
              New team
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search teams…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search teams"
          />
          <UnitSelect
            label=""
            aria-label="Business unit"
            placeholder="All business units"
            value={unitId ?? null}
            onChange={(value) => list.setFilter('business_unit_id', value)}
            clearable
            w={240}
          />
        </Group>
        {teams.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={teams.error} onRetry={() => void teams.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Teams"
            columns={columns}
            rows={teams.data?.data}
            rowKey={(t) => t.id}
            loading={teams.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as TeamSort)}
            onRowClick={(t) => void navigate(`/admin/teams/${t.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={teams.data?.total ?? undefined}
            hasNext={Boolean(teams.data?.next_cursor)}
            onNext={() => teams.data?.next_cursor && list.next(teams.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              list.q || unitId ? (
                <EmptyState title="No matching teams" description="Try another search or clear the filter." />
              ) : (
                <EmptyState
                  title="No teams yet"
                  description="A team owns records together, such as a key-account team sharing its customers."
                  action={
                    canCreate && (
                      <Button component={Link} to="/admin/teams/new" size="xs" mt="xs" leftSection={<IconPlus size={14} />}>
                        New team
                      </Button>
                    )
                  }
                />
              )
            }
          />
        )}
      </Paper>
    </>
  );
}
