import { Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useRoles, type Role, type RoleSort } from './api';

const PAGE_SIZE = 25;

const columns: Column<Role>[] = [
  {
    key: 'name',
    header: 'Name',
    sortField: 'name',
    render: (r) => (
      <Stack gap={0}>
        <Anchor component={Link} to={`/admin/roles/${r.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {r.name}
        </Anchor>
        {r.description && (
          <Text size="xs" c="dimmed" lineClamp={1} maw={560}>
            {r.description}
          </Text>
        )}
      </Stack>
    ),
  },
  {
    key: 'kind',
    header: 'Privileges',
    width: 180,
    render: (r) =>
      r.is_system_admin ? (
        <Badge variant="light" color="grape" radius="sm">
          Every privilege
        </Badge>
      ) : (
        <Badge variant="light" color="gray" radius="sm">
          As configured
        </Badge>
      ),
  },
  {
    key: 'created',
    header: 'Created',
    sortField: 'created_at',
    width: 160,
    visibleFrom: 'sm',
    render: (r) => (
      <Text size="sm" c="dimmed">
        {formatRelative(r.created_at)}
      </Text>
    ),
  },
];

export function RoleList() {
  const navigate = useNavigate();
  const canCreate = usePrivileges().can('roles', 'create');
  const list = useListState<RoleSort>('name');
  const roles = useRoles({ limit: PAGE_SIZE, sort: list.sort, q: list.q, cursor: list.cursor, count: true });

  return (
    <>
      <PageHeader
        title="Roles"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="A role is a set of privileges: an action on a kind of record, reaching the holder’s own records, their unit, the units below, or everything."
        actions={
          canCreate && (
            <Button component={Link} to="/admin/roles/new" leftSection={<IconPlus size={16} />}>
              New role
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm">
          <TextInput
            placeholder="Search roles…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search roles"
          />
        </Group>
        {roles.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={roles.error} onRetry={() => void roles.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Roles"
            columns={columns}
            rows={roles.data?.data}
            rowKey={(r) => r.id}
            loading={roles.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as RoleSort)}
            onRowClick={(r) => void navigate(`/admin/roles/${r.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={roles.data?.total ?? undefined}
            hasNext={Boolean(roles.data?.next_cursor)}
            onNext={() => roles.data?.next_cursor && list.next(roles.data.next_cursor)}
            onPrevious={list.previous}
            empty={<EmptyState title={list.q ? 'No matching roles' : 'No roles yet'} />}
          />
        )}
      </Paper>
    </>
  );
}
