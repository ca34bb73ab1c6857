// The account page: the company at a glance, its people, its child accounts, its cases, its history.
import { Anchor, Badge, Button, Card, Grid, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { useAccountOption, useOwnerNames } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { contactQuery } from '@/shared/api/records';
import { CaseStatusBadge, PriorityBadge } from '@/shared/service/Badges';
import type { AllowedActions } from '@/shared/session/privileges';
import { useCan, useMe } from '@/shared/session/useSession';
import { AssignAction } from '@/shared/ui/AssignAction';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDate, formatMoney, formatNumber } from '@/shared/ui/format';
import { HistoryTimeline } from '@/shared/ui/HistoryTimeline';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordActions, RecordLoader } from '@/shared/ui/RecordPage';
import { formatAddress } from '@/shared/ui/AddressInputs';
import { RecordTimeline } from '@/shared/timeline/RecordTimeline';

import {
  accountKeys,
  useAccount,
  useAccountCases,
  useAccountContacts,
  useAccountHistory,
  useAccounts,
  useAssignAccount,
  useDeleteAccount,
  type Account,
  type Case,
  type Contact,
} from './api';
import { RelationshipBadge } from './RelationshipBadge';

export function AccountShow() {
  const { id = '' } = useParams();
  const account = useAccount(id);
  return (
    <RecordLoader query={account} what="account" listPath="/accounts" listLabel="accounts">
      {(loaded) => <AccountView account={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

function AccountView({ account, allowed }: { account: Account; allowed: AllowedActions }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useDeleteAccount(account.id);
  const assign = useAssignAccount(account.id);
  const parent = useAccountOption(account.parent_account_id);
  const owner = useOwnerNames([account.owner_id]).data?.get(account.owner_id);
  const primary = useQuery({
    ...contactQuery(account.primary_contact_id ?? ''),
    enabled: Boolean(account.primary_contact_id),
    select: (loaded) => loaded.record,
  });

  const onAssign = async (ownerId: string) => {
    const loaded = await assign.mutateAsync({ ownerId, version: account.version });
    if (loaded) {
      notifications.show({ color: 'teal', title: 'Account assigned', message: `${account.name} has a new owner.` });
      return;
    }
    notifications.show({ color: 'teal', title: 'Account assigned', message: `${account.name} now belongs to someone whose records you do not see.` });
    await navigate('/accounts');
    queryClient.removeQueries({ queryKey: accountKeys.one(account.id) });
  };

  const onDelete = () =>
    remove.mutate(account.version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Account deleted', message: account.name });
        void navigate('/accounts');
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not delete', message: problemDetail(error) }),
    });

  const address = formatAddress(account);

  return (
    <>
      <PageHeader
        title={account.name}
        crumbs={[{ label: 'Accounts', to: '/accounts' }]}
        badges={
          <>
            <RelationshipBadge value={account.relationship_type} />
            {account.industry && (
              <Badge variant="outline" color="gray" radius="sm">
                {account.industry}
              </Badge>
            )}
          </>
        }
        description={
          parent.data ? (
            <>
              Part of{' '}
              <Anchor component={Link} to={`/accounts/${parent.data.value}`} size="sm">
                {parent.data.label}
              </Anchor>
            </>
          ) : account.website ? (
            <Anchor href={account.website} target="_blank" rel="noreferrer noopener" size="sm">
              {account.website.replace(/^https?:\/\//, '')}
            </Anchor>
          ) : undefined
        }
        actions={
          <>
            {allowed.has('assign') && <AssignAction what="account" name={account.name} ownerId={account.owner_id} onAssign={onAssign} />}
            <RecordActions
              editTo={`/accounts/${account.id}/edit`}
              canUpdate={allowed.has('update')}
              canDelete={allowed.has('delete')}
              what="account"
              name={account.name}
              consequence="Its contacts and child accounts are kept and no longer linked to it."
              onDelete={onDelete}
            />
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Related account={account} />
            <RecordTimeline kind="accounts" id={account.id} name={account.name} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                About
              </Title>
              <DetailList
                cols={1}
                items={[
                  { label: 'Owner', value: owner ? `${owner.name}${owner.kind === 'team' ? ' (team)' : ''}` : null },
                  {
                    label: 'Primary contact',
                    value: primary.data ? (
                      <Anchor component={Link} to={`/contacts/${primary.data.id}`} size="sm">
                        {primary.data.full_name}
                      </Anchor>
                    ) : null,
                  },
                  { label: 'Phone', value: account.phone ? <Anchor href={`tel:${account.phone}`} size="sm">{account.phone}</Anchor> : null },
                  { label: 'Email', value: account.email ? <Anchor href={`mailto:${account.email}`} size="sm">{account.email}</Anchor> : null },
                  { label: 'Address', value: address },
                  { label: 'Employees', value: formatNumber(account.employees) },
                  { label: 'Annual revenue', value: formatMoney(account.annual_revenue, account.currency) },
                  { label: 'Account number', value: account.account_number },
                  { label: 'Description', value: account.description },
                ]}
              />
            </Card>
            <RecordMetaCard record={account} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

const contactColumns: Column<Contact>[] = [
  {
    key: 'name',
    header: 'Name',
    sortField: 'full_name',
    render: (c) => (
      <Stack gap={0}>
        <Anchor component={Link} to={`/contacts/${c.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {c.full_name}
        </Anchor>
        {c.job_title && (
          <Text size="xs" c="dimmed">
            {c.job_title}
          </Text>
        )}
      </Stack>
    ),
  },
  { key: 'email', header: 'Email', render: (c) => <Text size="sm">{c.email}</Text> },
  { key: 'phone', header: 'Phone', visibleFrom: 'sm', render: (c) => <Text size="sm">{c.phone ?? c.mobile_phone}</Text> },
];

const childColumns: Column<Account>[] = [
  {
    key: 'name',
    header: 'Name',
    render: (a) => (
      <Anchor component={Link} to={`/accounts/${a.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
        {a.name}
      </Anchor>
    ),
  },
  { key: 'relationship', header: 'Relationship', render: (a) => <RelationshipBadge value={a.relationship_type} /> },
  { key: 'city', header: 'Location', visibleFrom: 'sm', render: (a) => <Text size="sm">{[a.city, a.country].filter(Boolean).join(', ')}</Text> },
];

const caseColumns: Column<Case>[] = [
  {
    key: 'case',
    header: 'Case',
    render: (c) => (
      <Stack gap={0}>
        <Text size="xs" c="dimmed" ff="monospace">
          {c.number}
        </Text>
        <Anchor component={Link} to={`/cases/${c.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {c.title}
        </Anchor>
      </Stack>
    ),
  },
  { key: 'priority', header: 'Priority', render: (c) => <PriorityBadge priority={c.priority} /> },
  { key: 'status', header: 'Status', render: (c) => <CaseStatusBadge status={c.status} /> },
  { key: 'opened', header: 'Opened', visibleFrom: 'sm', render: (c) => <Text size="sm" c="dimmed">{formatDate(c.created_at)}</Text> },
];

function Related({ account }: { account: Account }) {
  const navigate = useNavigate();
  const me = useMe();
  const canCreateContact = useCan('contacts', 'create');
  const canCreateAccount = useCan('accounts', 'create');
  const canReadCases = useCan('cases', 'read');
  const canCreateCase = useCan('cases', 'create');
  const cases = useAccountCases(account.id, canReadCases);
  const [contactSort, setContactSort] = useState<'full_name' | '-full_name'>('full_name');
  const contacts = useAccountContacts(account.id, { limit: 100, sort: contactSort, count: true });
  const children = useAccounts({ parent_account_id: account.id, limit: 100, sort: 'name', count: true });
  const history = useAccountHistory(account.id);

  return (
    <Card withBorder radius="md" padding={0}>
      <Tabs defaultValue="contacts" keepMounted={false}>
        <Tabs.List px="md" pt="xs">
          <Tabs.Tab value="contacts">
            Contacts{' '}
            <Badge size="sm" variant="light" ml={4} circle={false}>
              {contacts.data?.total ?? '…'}
            </Badge>
          </Tabs.Tab>
          <Tabs.Tab value="children">
            Child accounts{' '}
            <Badge size="sm" variant="light" ml={4}>
              {children.data?.total ?? '…'}
            </Badge>
          </Tabs.Tab>
          {canReadCases && (
            <Tabs.Tab value="cases">
              Cases{' '}
              <Badge size="sm" variant="light" ml={4}>
                {cases.data?.total ?? '…'}
              </Badge>
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>

        <Tabs.Panel value="contacts">
          <Group justify="flex-end" px="md" pt="md">
            {canCreateContact && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} component={Link} to={`/contacts/new?account_id=${account.id}`}>
                Add contact
              </Button>
            )}
          </Group>
          {contacts.error ? (
            <QueryError error={contacts.error} />
          ) : (
            <DataTable
              label="Contacts of the account"
              columns={contactColumns}
              rows={contacts.data?.data}
              rowKey={(c) => c.id}
              loading={contacts.isFetching}
              sort={contactSort}
              onSort={(sort) => setContactSort(sort as 'full_name' | '-full_name')}
              onRowClick={(c) => void navigate(`/contacts/${c.id}`)}
              empty={<EmptyState title="No contacts at this account" description="Add the people you talk to here." />}
            />
          )}
        </Tabs.Panel>

        <Tabs.Panel value="children">
          <Group justify="flex-end" px="md" pt="md">
            {canCreateAccount && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} component={Link} to={`/accounts/new?parent_account_id=${account.id}`}>
                Add child account
              </Button>
            )}
          </Group>
          {children.error ? (
            <QueryError error={children.error} />
          ) : (
            <DataTable
              label="Child accounts"
              columns={childColumns}
              rows={children.data?.data}
              rowKey={(a) => a.id}
              loading={children.isFetching}
              onRowClick={(a) => void navigate(`/accounts/${a.id}`)}
              empty={<EmptyState title="No child accounts" description="Departments or subsidiaries invoiced through this account appear here." />}
            />
          )}
        </Tabs.Panel>

        <Tabs.Panel value="cases">
          <Group justify="flex-end" px="md" pt="md">
            {canCreateCase && (
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} component={Link} to={`/cases/new?account_id=${account.id}`}>
                New case
              </Button>
            )}
          </Group>
          {cases.error ? (
            <QueryError error={cases.error} />
          ) : (
            <DataTable
              label="Cases of the account"
              columns={caseColumns}
              rows={cases.data?.data}
              rowKey={(c) => c.id}
              loading={cases.isFetching}
              onRowClick={(c) => void navigate(`/cases/${c.id}`)}
              empty={<EmptyState title="No cases" description="The customer’s requests for service appear here." />}
            />
          )}
        </Tabs.Panel>

        <Tabs.Panel value="history" p="lg">
          {history.error ? <QueryError error={history.error} /> : history.data ? <HistoryTimeline changes={history.data.data} meId={me.data?.id} /> : null}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
