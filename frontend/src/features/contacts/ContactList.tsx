import { Anchor, Avatar, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { useCan } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatRelative, initials } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useAccountNames, useContacts, type Contact, type ContactSort } from './api';
import { ConsentIcons } from './ConsentIcons';

const PAGE_SIZE = 25;

export function ContactList() {
  const navigate = useNavigate();
  const canCreate = useCan('contacts', 'create');
  const list = useListState<ContactSort>('last_name', ['do_not_email']);
  const consent = list.filters.do_not_email;
  const contacts = useContacts({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    do_not_email: consent === undefined ? undefined : consent === 'true',
    count: true,
  });
  const rows = contacts.data?.data;
  const accountNames = useAccountNames((rows ?? []).flatMap((c) => (c.account_id ? [c.account_id] : [])));

  const columns: Column<Contact>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'last_name',
      render: (c) => (
        <Group gap="sm" wrap="nowrap">
          <Avatar size={32} radius="xl" color="blue" variant="light">
            {initials(c.full_name)}
          </Avatar>
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Anchor component={Link} to={`/contacts/${c.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
              {c.full_name}
            </Anchor>
            {c.job_title && (
              <Text size="xs" c="dimmed" truncate>
                {c.job_title}
              </Text>
            )}
          </Stack>
        </Group>
      ),
    },
    {
      key: 'account',
      header: 'Account',
      render: (c) =>
        c.account_id ? (
          <Anchor component={Link} to={`/accounts/${c.account_id}`} size="sm" onClick={(e) => e.stopPropagation()}>
            {accountNames.data?.get(c.account_id) ?? '…'}
          </Anchor>
        ) : null,
    },
    { key: 'email', header: 'Email', visibleFrom: 'sm', render: (c) => <Text size="sm">{c.email}</Text> },
    { key: 'phone', header: 'Phone', visibleFrom: 'lg', render: (c) => <Text size="sm">{c.phone ?? c.mobile_phone}</Text> },
    { key: 'consent', header: '', width: 80, visibleFrom: 'md', render: (c) => <ConsentIcons contact={c} /> },
    {
      key: 'updated',
      header: 'Updated',
      sortField: 'updated_at',
      visibleFrom: 'md',
      render: (c) => (
        <Text size="sm" c="dimmed">
          {formatRelative(c.updated_at)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Contacts"
        description="The people at your accounts, and how they want to be reached."
        actions={
          canCreate && (
            <Button component={Link} to="/contacts/new" leftSection={<IconPlus size={16} />}>
              New contact
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search name, email, phone…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search contacts"
          />
          <SegmentedControl
            value={consent ?? 'all'}
            onChange={(value) => list.setFilter('do_not_email', value === 'all' ? null : value)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'false', label: 'Emailable' },
              { value: 'true', label: 'Do not email' },
            ]}
            aria-label="Email consent"
          />
        </Group>
        {contacts.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={contacts.error} onRetry={() => void contacts.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Contacts"
            columns={columns}
            rows={rows}
            rowKey={(c) => c.id}
            loading={contacts.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as ContactSort)}
            onRowClick={(c) => void navigate(`/contacts/${c.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={contacts.data?.total ?? undefined}
            hasNext={Boolean(contacts.data?.next_cursor)}
            onNext={() => contacts.data?.next_cursor && list.next(contacts.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              list.q || consent ? (
                <EmptyState title="No matching contacts" description="Try another search or clear the filter." />
              ) : (
                <EmptyState title="No contacts yet" description="Add the people you talk to at your accounts." />
              )
            }
          />
        )}
      </Paper>
    </>
  );
}
