import { Anchor, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { useCan } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatMoney, formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { RELATIONSHIP_TYPES, useAccounts, type Account, type AccountSort } from './api';
import { RelationshipBadge } from './RelationshipBadge';

const PAGE_SIZE = 25;

const columns: Column<Account>[] = [
  {
    key: 'name',
    header: 'Name',
    sortField: 'name',
    render: (a) => (
      <Stack gap={0}>
        <Anchor component={Link} to={`/accounts/${a.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {a.name}
        </Anchor>
        {(a.website ?? a.email) && (
          <Text size="xs" c="dimmed" truncate maw={280}>
            {(a.website ?? a.email ?? '').replace(/^https?:\/\//, '')}
          </Text>
        )}
      </Stack>
    ),
  },
  { key: 'relationship', header: 'Relationship', render: (a) => <RelationshipBadge value={a.relationship_type} /> },
  { key: 'industry', header: 'Industry', visibleFrom: 'md', render: (a) => <Text size="sm">{a.industry}</Text> },
  {
    key: 'location',
    header: 'Location',
    visibleFrom: 'sm',
    render: (a) => <Text size="sm">{[a.city, a.country].filter(Boolean).join(', ')}</Text>,
  },
  { key: 'phone', header: 'Phone', visibleFrom: 'lg', render: (a) => <Text size="sm">{a.phone}</Text> },
  {
    key: 'revenue',
    header: 'Annual revenue',
    visibleFrom: 'lg',
    render: (a) => <Text size="sm">{formatMoney(a.annual_revenue, a.currency)}</Text>,
  },
  {
    key: 'updated',
    header: 'Updated',
    sortField: 'updated_at',
    visibleFrom: 'sm',
    render: (a) => (
      <Text size="sm" c="dimmed">
        {formatRelative(a.updated_at)}
      </Text>
    ),
  },
];

export function AccountList() {
  const navigate = useNavigate();
  const canCreate = useCan('accounts', 'create');
  const list = useListState<AccountSort>('name', ['relationship_type']);
  const relationship = list.filters.relationship_type as Account['relationship_type'] | undefined;
  const accounts = useAccounts({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    relationship_type: relationship ?? undefined,
    count: true,
  });
  const filtered = Boolean(list.q ?? relationship);

  return (
    <>
      <PageHeader
        title="Accounts"
        description="The companies you do business with."
        actions={
          canCreate && (
            <Button component={Link} to="/accounts/new" leftSection={<IconPlus size={16} />}>
              New account
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search name, number, email, city…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search accounts"
          />
          <Select
            placeholder="All relationships"
            data={RELATIONSHIP_TYPES.map((t) => ({ value: t.value, label: t.label }))}
            value={relationship ?? null}
            onChange={(value) => list.setFilter('relationship_type', value)}
            clearable
            w={200}
            aria-label="Relationship"
          />
        </Group>
        {accounts.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={accounts.error} onRetry={() => void accounts.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Accounts"
            columns={columns}
            rows={accounts.data?.data}
            rowKey={(a) => a.id}
            loading={accounts.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as AccountSort)}
            onRowClick={(a) => void navigate(`/accounts/${a.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={accounts.data?.total ?? undefined}
            hasNext={Boolean(accounts.data?.next_cursor)}
            onNext={() => accounts.data?.next_cursor && list.next(accounts.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              filtered ? (
                <EmptyState title="No matching accounts" description="Try another search or clear the filter." />
              ) : (
                <EmptyState
                  title="No accounts yet"
                  description="Add the companies you sell to, buy from or work with."
                  action={
                    canCreate && (
                      <Button component={Link} to="/accounts/new" size="xs" mt="xs" leftSection={<IconPlus size={14} />}>
                        New account
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
