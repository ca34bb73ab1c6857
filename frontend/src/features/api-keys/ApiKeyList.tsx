// API keys: what integrations sign in with. A new key is shown once; a revoked key stops at once.
import { Badge, Button, Code, Group, Paper, SegmentedControl, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconBan, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

import { useUsersById } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useApiKeys, useRevokeApiKey, type ApiKey, type ApiKeySort } from './api';
import { CreateKeyDialog } from './CreateKeyDialog';

const PAGE_SIZE = 25;

export function ApiKeyList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('api-keys', 'create');
  const canRevoke = privileges.can('api-keys', 'delete');
  const list = useListState<ApiKeySort>('-created_at', ['status']);
  const status = list.filters.status ?? 'active';
  const keys = useApiKeys({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    'revoked_at[null]': status === 'all' ? undefined : status === 'active',
    count: true,
  });
  const rows = keys.data?.data;
  const users = useUsersById((rows ?? []).map((k) => k.user_id));
  const revoke = useRevokeApiKey();
  const [creating, setCreating] = useState(false);

  const confirmRevoke = (key: ApiKey) =>
    modals.openConfirmModal({
      title: `Revoke “${key.name}”?`,
      children: (
        <Text size="sm">
          The next request made with the key <Code>crm_{key.prefix}…</Code> is refused. Whatever uses it stops working until it gets a new key. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Revoke key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        revoke.mutate(key.id, {
          onSuccess: () => notifications.show({ color: 'teal', title: 'Key revoked', message: key.name }),
          onError: (error) => notifications.show({ color: 'red', title: 'Could not revoke the key', message: problemDetail(error) }),
        }),
    });

  const columns: Column<ApiKey>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (k) => (
        <Text size="sm" fw={600}>
          {k.name}
        </Text>
      ),
    },
    { key: 'prefix', header: 'Key', width: 170, render: (k) => <Code>crm_{k.prefix}…</Code> },
    { key: 'user', header: 'Acts as', render: (k) => <Text size="sm">{users.data?.get(k.user_id)?.full_name ?? '…'}</Text> },
    {
      key: 'created',
      header: 'Created',
      sortField: 'created_at',
      visibleFrom: 'md',
      render: (k) => (
        <Text size="sm" c="dimmed" title={formatDateTime(k.created_at)}>
          {formatRelative(k.created_at)}
        </Text>
      ),
    },
    {
      key: 'used',
      header: 'Last used',
      visibleFrom: 'sm',
      render: (k) => (
        <Text size="sm" c="dimmed" title={formatDateTime(k.last_used_at)}>
          {k.last_used_at ? formatRelative(k.last_used_at) : 'Never'}
        </Text>
      ),
    },
    {
      key: 'status',
      header: 'Status',
      width: 120,
      render: (k) =>
        k.revoked_at ? (
          <Badge variant="light" color="gray" radius="sm" title={`Revoked ${formatDateTime(k.revoked_at)}`}>
            Revoked
          </Badge>
        ) : (
          <Badge variant="light" color="teal" radius="sm">
            Active
          </Badge>
        ),
    },
    ...(canRevoke
      ? [
          {
            key: 'actions',
            header: '',
            width: 110,
            align: 'right' as const,
            render: (k: ApiKey) =>
              k.revoked_at ? null : (
                <Button size="xs" variant="subtle" color="red" leftSection={<IconBan size={14} />} onClick={() => confirmRevoke(k)} aria-label={`Revoke ${k.name}`}>
                  Revoke
                </Button>
              ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title="API keys"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="Integrations and sync scripts send a key instead of signing in; the key acts as its user, with that user’s roles."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
              New API key
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search name or key prefix…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search API keys"
          />
          <SegmentedControl
            value={status}
            onChange={(value) => list.setFilter('status', value === 'active' ? null : value)}
            data={[
              { value: 'active', label: 'Active' },
              { value: 'revoked', label: 'Revoked' },
              { value: 'all', label: 'All' },
            ]}
            aria-label="Status"
          />
        </Group>
        {keys.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={keys.error} onRetry={() => void keys.refetch()} />
          </div>
        ) : (
          <DataTable
            label="API keys"
            columns={columns}
            rows={rows}
            rowKey={(k) => k.id}
            loading={keys.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as ApiKeySort)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={keys.data?.total ?? undefined}
            hasNext={Boolean(keys.data?.next_cursor)}
            onNext={() => keys.data?.next_cursor && list.next(keys.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              <EmptyState
                title={list.q ? 'No matching keys' : status === 'revoked' ? 'No revoked keys' : 'No API keys yet'}
                description={list.q || status === 'revoked' ? undefined : 'Create a key for each integration, so each can be revoked on its own.'}
              />
            }
          />
        )}
      </Paper>
      {creating && <CreateKeyDialog onClose={() => setCreating(false)} />}
    </>
  );
}
