// The contract page: how much of its allotment is left, the days it covers, the service levels
// it promises, and the cases served under it; activate a draft, cancel, assign, edit, delete.
import { Alert, Anchor, Badge, Button, Card, Grid, Group, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleX, IconClockExclamation, IconPencilOff, IconPlayerPlay, IconPlus, IconX } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { useAccountOption, useContactOption, useOwnerNames } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { useContractTemplates, useSlaPolicies } from '@/shared/service/api';
import { CaseStatusBadge, ContractStatusBadge, PriorityBadge } from '@/shared/service/Badges';
import { useNow } from '@/shared/service/useNow';
import { formatAllotment, formatMinutes, PRIORITIES, PRIORITY } from '@/shared/service/words';
import type { AllowedActions } from '@/shared/session/privileges';
import { useCan, useMe } from '@/shared/session/useSession';
import { AssignAction } from '@/shared/ui/AssignAction';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDate, formatDateTime, formatRelative } from '@/shared/ui/format';
import { HistoryTimeline } from '@/shared/ui/HistoryTimeline';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordActions, RecordLoader } from '@/shared/ui/RecordPage';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { allotmentColor, AllotmentBar } from './AllotmentBar';
import {
  contractKeys,
  useActivateContract,
  useAssignContract,
  useCancelContract,
  useContract,
  useContractCases,
  useContractHistory,
  useDeleteContract,
  type Case,
  type Contract,
} from './api';

export function ContractShow() {
  const { id = '' } = useParams();
  const contract = useContract(id);
  return (
    <RecordLoader query={contract} what="contract" listPath="/contracts" listLabel="contracts">
      {(loaded) => <ContractView contract={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

const DAY = 24 * 3600 * 1000;

function ContractView({ contract: c, allowed }: { contract: Contract; allowed: AllowedActions }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  const account = useAccountOption(c.account_id);
  const contact = useContactOption(c.contact_id);
  const activate = useActivateContract(c.id);
  const cancel = useCancelContract(c.id);
  const assign = useAssignContract(c.id);
  const remove = useDeleteContract(c.id);
  const canUpdate = allowed.has('update');
  const endsIn = Math.round((new Date(`${c.ends_on}T23:59:59`).getTime() - now) / DAY);

  const doActivate = () =>
    activate.mutate(
      { body: null, version: c.version },
      {
        onSuccess: (saved) => notifications.show({ color: 'teal', title: `${saved.number} is active`, message: `It covers the customer’s cases until ${formatDate(saved.ends_on)}.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'Could not activate', message: problemDetail(error), autoClose: 8000 }),
      },
    );

  const confirmCancel = () =>
    modals.openConfirmModal({
      title: `Cancel ${c.number}?`,
      children: <Text size="sm">The contract ends now: it covers no new case. Cases already served under it keep it. This cannot be undone.</Text>,
      labels: { confirm: 'Cancel contract', cancel: 'Keep it' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        cancel.mutate(
          { body: null, version: c.version },
          {
            onSuccess: (saved) => notifications.show({ color: 'teal', title: `${saved.number} cancelled`, message: saved.name }),
            onError: (error) => notifications.show({ color: 'red', title: 'Could not cancel', message: problemDetail(error), autoClose: 8000 }),
          },
        ),
    });

  const onAssign = async (ownerId: string) => {
    const loaded = await assign.mutateAsync({ ownerId, version: c.version });
    notifications.show({ color: 'teal', title: 'Contract assigned', message: loaded ? `${c.number} has a new owner.` : `${c.number} now belongs to someone whose records you do not see.` });
    if (!loaded) {
      await navigate('/contracts');
      queryClient.removeQueries({ queryKey: contractKeys.one(c.id) });
    }
  };

  const onDelete = () =>
    remove.mutate(c.version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Contract deleted', message: `${c.number} ${c.name}` });
        void navigate('/contracts');
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not delete', message: problemDetail(error) }),
    });

  return (
    <>
      <PageHeader
        title={c.name}
        crumbs={[{ label: 'Contracts', to: '/contracts' }]}
        badges={
          <>
            <Text ff="monospace" c="dimmed" size="sm">
              {c.number}
            </Text>
            <ContractStatusBadge status={c.status} />
          </>
        }
        description={
          <>
            {account.data && (
              <Anchor component={Link} to={`/accounts/${account.data.value}`} size="sm">
                {account.data.label}
              </Anchor>
            )}
            {account.data && contact.data && ' · '}
            {contact.data && (
              <Anchor component={Link} to={`/contacts/${contact.data.value}`} size="sm">
                {contact.data.label}
              </Anchor>
            )}
          </>
        }
        actions={
          <>
            {allowed.has('assign') && <AssignAction what="contract" name={c.number} ownerId={c.owner_id} onAssign={onAssign} />}
            <RecordActions
              editTo={`/contracts/${c.id}/edit`}
              canUpdate={canUpdate}
              canDelete={allowed.has('delete')}
              what="contract"
              name={`${c.number} ${c.name}`}
              consequence="A contract that cases are served under cannot be deleted: cancel it instead."
              onDelete={onDelete}
            />
            {canUpdate && (c.status === 'draft' || c.status === 'active') && (
              <Button variant="default" color="red" leftSection={<IconX size={16} />} onClick={confirmCancel} loading={cancel.isPending}>
                Cancel contract
              </Button>
            )}
            {canUpdate && c.status === 'draft' && (
              <Button leftSection={<IconPlayerPlay size={16} />} onClick={doActivate} loading={activate.isPending}>
                Activate
              </Button>
            )}
          </>
        }
      />
      {c.status === 'draft' && (
        <Alert color="blue" variant="light" icon={<IconPencilOff />} mb="lg" title="Draft">
          It covers no case until it is activated. Its terms can still change; after activation only its name and description do.
        </Alert>
      )}
      {c.status === 'expired' && (
        <Alert color="orange" variant="light" icon={<IconClockExclamation />} mb="lg" title={`Expired on ${formatDate(c.ends_on)}`}>
          New cases of the customer are no longer covered by it. Offer a renewal.
        </Alert>
      )}
      {c.status === 'cancelled' && (
        <Alert color="gray" variant="light" icon={<IconCircleX />} mb="lg" title={`Cancelled ${formatDateTime(c.cancelled_at)}`}>
          It covers no new case.
        </Alert>
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <AllotmentCard contract={c} />
            <Related contract={c} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Coverage
              </Title>
              <DetailList
                cols={2}
                items={[
                  { label: 'First day', value: formatDate(c.starts_on) },
                  { label: 'Last day', value: formatDate(c.ends_on) },
                  {
                    label: 'Remaining',
                    span: true,
                    value:
                      c.status === 'active' ? (
                        <Text size="sm" c={endsIn <= 30 ? 'orange' : undefined} fw={endsIn <= 30 ? 600 : undefined}>
                          {endsIn <= 0 ? 'Ends today' : `${endsIn} day${endsIn === 1 ? '' : 's'} left`}
                        </Text>
                      ) : c.status === 'draft' ? (
                        'Not active yet'
                      ) : (
                        'Ended'
                      ),
                  },
                  { label: 'Activated', value: c.activated_at ? formatRelative(c.activated_at, now) : null, span: true },
                ]}
              />
            </Card>
            <ServiceLevels contract={c} />
            <About contract={c} />
            <RecordMetaCard record={c} />
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function AllotmentCard({ contract: c }: { contract: Contract }) {
  const exhausted = c.allotment_remaining <= 0;
  return (
    <Card withBorder radius="md" padding="lg" aria-label="Allotment" component="section">
      <Group justify="space-between" align="flex-start" mb="md" wrap="nowrap">
        <Stack gap={0}>
          <Title order={5}>Allotment</Title>
          <Text size="sm" c="dimmed">
            {c.allotment_type === 'cases' ? 'Each resolved case draws one case.' : 'Each resolved case draws the minutes spent on it.'} Reactivating a case gives back what it drew.
          </Text>
        </Stack>
        <Stack gap={0} align="flex-end">
          <Text fz={32} fw={700} lh={1.1} c={allotmentColor(c)}>
            {new Intl.NumberFormat().format(c.allotment_remaining)}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {c.allotment_type === 'cases' ? 'cases left' : 'minutes left'}
          </Text>
        </Stack>
      </Group>
      <AllotmentBar contract={c} size="lg" />
      <Group gap="xl" mt="md">
        <Figure label="Included" value={formatAllotment(c.allotment_total, c.allotment_type)} />
        <Figure label="Used" value={formatAllotment(c.allotment_used, c.allotment_type)} />
        {c.allotment_type === 'minutes' && <Figure label="Left as time" value={formatMinutes(Math.max(0, c.allotment_remaining))} />}
      </Group>
      {exhausted && c.status === 'active' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle />} mt="md">
          Used up: new cases of the customer are flagged “entitlement exhausted” until the contract is renewed.
        </Alert>
      )}
    </Card>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {label}
      </Text>
      <Text size="sm" fw={600}>
        {value}
      </Text>
    </Stack>
  );
}

function ServiceLevels({ contract: c }: { contract: Contract }) {
  const policies = useSlaPolicies();
  const policy = c.sla_policy_id ? policies.data?.find((p) => p.id === c.sla_policy_id) : policies.data?.find((p) => p.is_default);
  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Service levels</Title>
        {policy && (
          <Badge variant="light" color="gray" radius="sm" tt="none">
            {policy.name}
            {!c.sla_policy_id ? ' (default)' : ''}
          </Badge>
        )}
      </Group>
      {!policy ? (
        <Text size="sm" c="dimmed">
          No policy: its cases have no deadlines.
        </Text>
      ) : (
        <Table verticalSpacing={4} aria-label="Service-level targets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Priority</Table.Th>
              <Table.Th>Response</Table.Th>
              <Table.Th>Resolution</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...PRIORITIES].reverse().map((p) => {
              const target = policy.targets.find((t) => t.priority === p);
              return (
                <Table.Tr key={p}>
                  <Table.Td>
                    <Text size="sm">{PRIORITY[p].label}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={target ? undefined : 'dimmed'}>
                      {target ? formatMinutes(target.first_response_minutes) : '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={target ? undefined : 'dimmed'}>
                      {target ? formatMinutes(target.resolution_minutes) : '—'}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function About({ contract: c }: { contract: Contract }) {
  const owner = useOwnerNames([c.owner_id]).data?.get(c.owner_id);
  const templates = useContractTemplates();
  const template = c.template_id ? templates.data?.find((t) => t.id === c.template_id) : undefined;
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={5} mb="md">
        About
      </Title>
      <DetailList
        cols={1}
        items={[
          { label: 'Owner', value: owner ? `${owner.name}${owner.kind === 'team' ? ' (team)' : ''}` : null },
          { label: 'Template', value: template?.name ?? (c.template_id ? '…' : 'Terms set by hand') },
          { label: 'Description', value: c.description },
        ]}
      />
    </Card>
  );
}

const caseColumns: Column<Case>[] = [
  {
    key: 'case',
    header: 'Case',
    render: (k) => (
      <Stack gap={0}>
        <Text size="xs" c="dimmed" ff="monospace">
          {k.number}
        </Text>
        <Anchor component={Link} to={`/cases/${k.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {k.title}
        </Anchor>
      </Stack>
    ),
  },
  { key: 'priority', header: 'Priority', render: (k) => <PriorityBadge priority={k.priority} /> },
  { key: 'status', header: 'Status', render: (k) => <CaseStatusBadge status={k.status} /> },
  {
    key: 'drawn',
    header: 'Drew',
    visibleFrom: 'sm',
    render: (k) => (
      <Text size="sm" c={k.drawn_down ? undefined : 'dimmed'}>
        {k.drawn_down ? `${k.drawn_down}` : '—'}
      </Text>
    ),
  },
  {
    key: 'opened',
    header: 'Opened',
    visibleFrom: 'md',
    render: (k) => (
      <Text size="sm" c="dimmed">
        {formatDate(k.created_at)}
      </Text>
    ),
  },
];

function Related({ contract: c }: { contract: Contract }) {
  const navigate = useNavigate();
  const me = useMe();
  const canCreateCase = useCan('cases', 'create');
  const [cursors, setCursors] = useState<string[]>([]);
  const cases = useContractCases(c.id, { limit: 10, sort: '-created_at', count: true, cursor: cursors[cursors.length - 1] });
  const history = useContractHistory(c.id);
  const newCase = c.account_id ? `/cases/new?account_id=${c.account_id}` : c.contact_id ? `/cases/new?contact_id=${c.contact_id}` : '/cases/new';
  return (
    <Card withBorder radius="md" padding={0}>
      <Tabs defaultValue="cases" keepMounted={false}>
        <Tabs.List px="md" pt="xs">
          <Tabs.Tab value="cases">
            Cases{' '}
            <Badge size="sm" variant="light" ml={4}>
              {cases.data?.total ?? '…'}
            </Badge>
          </Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="cases">
          {canCreateCase && c.status === 'active' && (
            <Group justify="flex-end" px="md" pt="md">
              <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} component={Link} to={newCase}>
                New case for the customer
              </Button>
            </Group>
          )}
          {cases.error ? (
            <QueryError error={cases.error} />
          ) : (
            <DataTable
              label="Cases under the contract"
              columns={caseColumns}
              rows={cases.data?.data}
              rowKey={(k) => k.id}
              loading={cases.isFetching}
              onRowClick={(k) => void navigate(`/cases/${k.id}`)}
              page={cursors.length + 1}
              pageSize={10}
              total={cases.data?.total ?? undefined}
              hasNext={Boolean(cases.data?.next_cursor)}
              onNext={() => {
                const next = cases.data?.next_cursor;
                if (next) setCursors((stack) => [...stack, next]);
              }}
              onPrevious={() => setCursors((stack) => stack.slice(0, -1))}
              empty={<EmptyState title="No cases yet" description="The customer’s cases are served under the contract while it is active." />}
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
