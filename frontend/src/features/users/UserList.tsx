// Users: who signs in, where they sit, whether they may; several at once move to a new manager
// or business unit (a re-organization).
import { Anchor, Avatar, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowsExchange, IconPlus, IconSearch, IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useUnits, useUsersById } from '@/shared/api/lookups';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDateTime, formatRelative, initials } from '@/shared/ui/format';
import { UnitSelect } from '@/shared/ui/OrgInputs';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useUsers, type User, type UserSort } from './api';
import { ReassignDialog } from './ReassignDialog';
import { StatusBadge } from './StatusBadge';

const PAGE_SIZE = 25;

export function UserList() {
  const navigate = useNavigate();
  const privileges = usePrivileges();
  const canCreate = privileges.can('users', 'create');
  const canUpdate = privileges.can('users', 'update');
  const list = useListState<UserSort>('full_name', ['is_active', 'business_unit_id']);
  const status = list.filters.is_active;
  const unitId = list.filters.business_unit_id;
  const users = useUsers({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    is_active: status === undefined ? undefined : status === 'true',
    business_unit_id: unitId,
    count: true,
  });
  const rows = users.data?.data;
  const { byId: units } = useUnits();
  const managers = useUsersById((rows ?? []).map((u) => u.manager_id));
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reassigning, setReassigning] = useState(false);

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'full_name',
      render: (u) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar size={34} radius="xl" color={u.is_active ? 'blue' : 'gray'} variant="light">
            {initials(u.full_name)}
          </Avatar>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/admin/users/${u.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
              {u.full_name}
            </Anchor>
            <Text size="xs" c="dimmed" truncate>
              {u.email}
            </Text>
          </Stack>
        </Group>
      ),
    },
    { key: 'title', header: 'Job title', visibleFrom: 'lg', render: (u) => <Text size="sm">{u.job_title}</Text> },
    { key: 'unit', header: 'Business unit', render: (u) => <Text size="sm">{units.get(u.business_unit_id)?.name ?? '…'}</Text> },
    {
      key: 'manager',
      header: 'Manager',
      visibleFrom: 'md',
      render: (u) => (u.manager_id ? <Text size="sm">{managers.data?.get(u.manager_id)?.full_name ?? '…'}</Text> : null),
    },
    { key: 'status', header: 'Status', width: 110, render: (u) => <StatusBadge active={u.is_active} /> },
    {
      key: 'signed-in',
      header: 'Last sign-in',
      visibleFrom: 'sm',
      render: (u) =>
        u.last_sign_in_at ? (
          <Text size="sm" c="dimmed" title={formatDateTime(u.last_sign_in_at)}>
            {formatRelative(u.last_sign_in_at)}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Never
          </Text>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Users"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The people who sign in: their business unit, manager and roles decide what they see and do."
        actions={
          canCreate && (
            <Button component={Link} to="/admin/users/new" leftSection={<IconPlus size={16} />}>
              New user
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search name or email…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search users"
          />
          <UnitSelect
            label=""
            aria-label="Business unit"
            placeholder="All business units"
            value={unitId ?? null}
            onChange={(value) => list.setFilter('business_unit_id', value)}
            clearable
            w={220}
          />
          <SegmentedControl
            value={status ?? 'all'}
            onChange={(value) => list.setFilter('is_active', value === 'all' ? null : value)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'true', label: 'Active' },
              { value: 'false', label: 'Disabled' },
            ]}
            aria-label="Status"
          />
        </Group>
        {selected.size > 0 && (
          <Group justify="space-between" px="md" py={8} bg="var(--mantine-primary-color-light)" role="region" aria-label="Selected users">
            <Text size="sm" fw={600}>
              {selected.size} {selected.size === 1 ? 'user' : 'users'} selected
            </Text>
            <Group gap="xs">
              <Button size="xs" leftSection={<IconArrowsExchange size={14} />} onClick={() => setReassigning(true)}>
                Reassign…
              </Button>
              <Button size="xs" variant="subtle" color="gray" leftSection={<IconX size={14} />} onClick={() => setSelected(new Set())}>
                Clear
              </Button>
            </Group>
          </Group>
        )}
        {users.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={users.error} onRetry={() => void users.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Users"
            columns={columns}
            rows={rows}
            rowKey={(u) => u.id}
            loading={users.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as UserSort)}
            onRowClick={(u) => void navigate(`/admin/users/${u.id}`)}
            selection={canUpdate ? { selected, onChange: setSelected, rowLabel: (u) => `Select ${u.full_name}` } : undefined}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={users.data?.total ?? undefined}
            hasNext={Boolean(users.data?.next_cursor)}
            onNext={() => users.data?.next_cursor && list.next(users.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              list.q || status || unitId ? (
                <EmptyState title="No matching users" description="Try another search or clear the filters." />
              ) : (
                <EmptyState title="No users yet" />
              )
            }
          />
        )}
      </Paper>
      {reassigning && (
        <ReassignDialog
          userIds={[...selected]}
          onClose={() => setReassigning(false)}
          onDone={() => {
            setReassigning(false);
            setSelected(new Set());
          }}
        />
      )}
    </>
  );
}
