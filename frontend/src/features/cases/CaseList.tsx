// The cases to work: saved work lists (all open, mine, my queues, breaching soon, escalated,
// exhausted entitlement) as tabs, searched by number or title, narrowed by queue, priority and
// status; each row with its deadline counting down.
import { Anchor, Badge, Button, Group, Paper, Select, Stack, Tabs, Text, TextInput, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowUpRight, IconPlus, IconSearch } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';

import { useOwnerNames } from '@/shared/api/lookups';
import { useQueues } from '@/shared/service/api';
import { CaseStatusBadge, DeadlineBadge, PriorityBadge } from '@/shared/service/Badges';
import { deadlineAt } from '@/shared/service/deadlines';
import { useNow } from '@/shared/service/useNow';
import { CASE_STATUS, ENTITLEMENT, formatMinutes, isOpen, ORIGIN, PRIORITIES, PRIORITY, type CasePriority } from '@/shared/service/words';
import { useCan, useMe } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useCaseCount, useCases, useCustomerNames, type Case, type CaseQuery, type CaseSort } from './api';
import { isCaseView, viewQuery, VIEWS, type CaseView, type StatusFilter, type Viewer } from './views';

const PAGE_SIZE = 25;

const STATUS_FILTERS: { value: StatusFilter; label: string }[] = [
  { value: 'open', label: 'Any open status' },
  ...(['new', 'in_progress', 'on_hold', 'waiting_for_customer'] as const).map((s) => ({ value: s, label: CASE_STATUS[s].label })),
  { value: 'closed', label: 'Resolved or cancelled' },
  ...(['resolved', 'cancelled'] as const).map((s) => ({ value: s, label: CASE_STATUS[s].label })),
  { value: 'any', label: 'Any status' },
];

function isStatusFilter(value: string | undefined): value is StatusFilter {
  return STATUS_FILTERS.some((s) => s.value === value);
}

function isPriority(value: string | undefined): value is CasePriority {
  return PRIORITIES.some((p) => p === value);
}

export function CaseList() {
  const navigate = useNavigate();
  const canCreate = useCan('cases', 'create');
  const me = useMe().data;
  const queues = useQueues();
  const now = useNow();
  const list = useListState<CaseSort>('-created_at', ['view', 'queue', 'priority', 'status']);
  const view: CaseView = isCaseView(list.filters.view) ? list.filters.view : 'open';
  const status: StatusFilter = isStatusFilter(list.filters.status) ? list.filters.status : 'open';
  const priority = isPriority(list.filters.priority) ? list.filters.priority : undefined;
  const viewer: Viewer = {
    meId: me?.id,
    myQueueIds: queues.data && me ? queues.data.filter((q) => q.member_ids.includes(me.id)).map((q) => q.id) : undefined,
    now,
  };
  const narrow = (query: CaseQuery | null): CaseQuery | null =>
    query && { ...query, queue_id: list.filters.queue, priority, q: list.q };
  const query = narrow(viewQuery(view, viewer, status));
  const cases = useCases({ ...query, limit: PAGE_SIZE, sort: list.sort, cursor: list.cursor, count: true }, query !== null);
  const rows = query ? cases.data?.data : [];
  const customers = useCustomerNames(rows).data;
  const owners = useOwnerNames((rows ?? []).map((c) => c.owner_id)).data;
  const queueName = (id: string | null | undefined) => (id ? (queues.data?.find((q) => q.id === id)?.name ?? 'Queue') : null);
  const waiting = query === null && ((view === 'mine' && !me) || (view === 'my_queues' && !viewer.myQueueIds));

  const columns: Column<Case>[] = [
    {
      key: 'case',
      header: 'Case',
      sortField: 'number',
      render: (c) => (
        <Stack gap={2} maw={340} miw={200}>
          <Group gap={6} wrap="nowrap">
            <Text size="xs" c="dimmed" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
              {c.number}
            </Text>
            {c.is_escalated && (
              <Tooltip label={c.escalation_reason ? `Escalated: ${c.escalation_reason}` : 'Escalated'} withArrow multiline maw={320}>
                <Badge size="xs" color="grape" variant="light" radius="sm" leftSection={<IconArrowUpRight size={10} />} style={{ minWidth: 'max-content' }}>
                  Escalated
                </Badge>
              </Tooltip>
            )}
            {c.entitlement === 'exhausted' && (
              <Tooltip label={ENTITLEMENT.exhausted.help} withArrow multiline maw={320}>
                <Badge size="xs" color="red" variant="filled" radius="sm" leftSection={<IconAlertTriangle size={10} />} style={{ minWidth: 'max-content' }}>
                  Entitlement exhausted
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Anchor component={Link} to={`/cases/${c.id}`} fw={600} size="sm" lineClamp={2} onClick={(e) => e.stopPropagation()}>
            {c.title}
          </Anchor>
          <Text size="xs" c="dimmed" title={formatDateTime(c.created_at)}>
            {ORIGIN[c.origin]} · opened {formatRelative(c.created_at, now)}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'customer',
      header: 'Customer',
      render: (c) => {
        const id = c.account_id ?? c.contact_id;
        return (
          <Text size="sm" lineClamp={2} maw={200}>
            {id ? (customers?.get(id) ?? '…') : ''}
          </Text>
        );
      },
    },
    { key: 'priority', header: 'Priority', render: (c) => <PriorityBadge priority={c.priority} /> },
    { key: 'status', header: 'Status', render: (c) => <CaseStatusBadge status={c.status} /> },
    {
      key: 'queue',
      header: 'Queue',
      visibleFrom: 'md',
      render: (c) =>
        c.queue_id ? (
          <Stack gap={0}>
            <Text size="sm">{queueName(c.queue_id)}</Text>
            {!c.worked_by_id && isOpen(c.status) && (
              <Text size="xs" c="orange" style={{ whiteSpace: 'nowrap' }}>
                {waited(c.queued_at, now)}
              </Text>
            )}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    {
      key: 'owner',
      header: 'Owner',
      visibleFrom: 'lg',
      render: (c) => (
        <Text size="sm" lineClamp={2}>
          {owners?.get(c.owner_id)?.name ?? ''}
        </Text>
      ),
    },
    { key: 'resolve_by', header: 'Resolve by', render: (c) => <ResolveBy kase={c} now={now} /> },
  ];

  const current = VIEWS.find((v) => v.value === view);
  let empty: ReactNode;
  if (view === 'my_queues' && query === null && !waiting) {
    empty = (
      <EmptyState
        title="You work no queue"
        description="Cases of the queues you are a member of show here. An administrator adds you to a queue."
        action={
          <Button size="xs" variant="default" mt="xs" component={Link} to="/queues">
            See the queues
          </Button>
        }
      />
    );
  } else if (list.q || list.filters.queue || priority) {
    empty = <EmptyState title="No matching cases" description="Try another search, or clear the queue and priority filters." />;
  } else if (view === 'breaching') {
    empty = <EmptyState title="Nothing is about to breach" description="No open case is due within the hour. Well done." />;
  } else {
    empty = (
      <EmptyState
        title="No cases here"
        description={current ? `${current.description} None right now.` : undefined}
        action={
          canCreate && view === 'open' && status === 'open' ? (
            <Button size="xs" mt="xs" component={Link} to="/cases/new" leftSection={<IconPlus size={14} />}>
              New case
            </Button>
          ) : undefined
        }
      />
    );
  }

  return (
    <>
      <PageHeader
        title="Cases"
        description="Customers’ requests for service, from the first call to their resolution, against the service levels promised."
        actions={
          canCreate && (
            <Button component={Link} to="/cases/new" leftSection={<IconPlus size={16} />}>
              New case
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Tabs value={view} onChange={(value) => list.setFilter('view', value && value !== 'open' ? value : null)} keepMounted={false}>
          <Tabs.List px="sm" pt={4} aria-label="Work lists">
            {VIEWS.map((v) => (
              <Tabs.Tab
                key={v.value}
                value={v.value}
                rightSection={<ViewCount view={v.value} query={narrow(viewQuery(v.value, viewer, v.value === 'breaching' ? 'open' : status))} />}
              >
                {v.label}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search number or title…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search cases"
          />
          <Select
            placeholder="Any queue"
            data={(queues.data ?? []).map((q) => ({ value: q.id, label: q.is_active ? q.name : `${q.name} (retired)` }))}
            value={list.filters.queue ?? null}
            onChange={(value) => list.setFilter('queue', value)}
            clearable
            searchable
            w={190}
            aria-label="Queue"
          />
          <Select
            placeholder="Any priority"
            data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
            value={priority ?? null}
            onChange={(value) => list.setFilter('priority', value)}
            clearable
            w={150}
            aria-label="Priority"
          />
          <Select
            data={STATUS_FILTERS}
            value={view === 'breaching' ? 'open' : status}
            onChange={(value) => list.setFilter('status', value && value !== 'open' ? value : null)}
            allowDeselect={false}
            disabled={view === 'breaching'}
            w={200}
            aria-label="Status"
          />
        </Group>
        {cases.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={cases.error} onRetry={() => void cases.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Cases"
            columns={columns}
            rows={waiting ? undefined : rows}
            rowKey={(c) => c.id}
            loading={waiting || (query !== null && cases.isFetching)}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as CaseSort)}
            onRowClick={(c) => void navigate(`/cases/${c.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={query ? (cases.data?.total ?? undefined) : undefined}
            hasNext={Boolean(query && cases.data?.next_cursor)}
            onNext={() => cases.data?.next_cursor && list.next(cases.data.next_cursor)}
            onPrevious={list.previous}
            empty={empty}
          />
        )}
      </Paper>
    </>
  );
}

/** "Waiting 25 min", "Waiting 2 d 3 h": how long a case has waited in its queue untaken. */
function waited(queuedAt: string | null | undefined, now: number): string {
  if (!queuedAt) return 'Waiting';
  const minutes = Math.floor((now - new Date(queuedAt).getTime()) / 60_000);
  return minutes < 1 ? 'Waiting' : `Waiting ${formatMinutes(minutes)}`;
}

/** The number of cases in a work list, on its tab; breaching ones in red. */
function ViewCount({ view, query }: { view: CaseView; query: CaseQuery | null }) {
  const count = useCaseCount(query ?? {}, query !== null);
  if (query === null) return null;
  if (count.data === undefined) return null;
  const alarm = (view === 'breaching' || view === 'exhausted') && count.data > 0;
  return (
    <Badge size="sm" variant={alarm ? 'filled' : 'light'} color={alarm ? 'red' : 'gray'} circle={count.data < 10} aria-label={`${count.data} cases`}>
      {count.data}
    </Badge>
  );
}

function ResolveBy({ kase: c, now }: { kase: Case; now: number }) {
  if (c.status === 'resolved') {
    return (
      <Group gap={6} wrap="nowrap">
        {c.resolution_breached && <IconAlertTriangle size={14} color="var(--mantine-color-red-6)" aria-label="Resolved late" />}
        <Text size="sm" c={c.resolution_breached ? 'red' : 'dimmed'}>
          {c.resolution_breached ? 'Late' : 'Resolved'} {formatRelative(c.resolved_at, now)}
        </Text>
      </Group>
    );
  }
  if (c.status === 'cancelled') {
    return (
      <Text size="sm" c="dimmed">
        Cancelled
      </Text>
    );
  }
  const deadline = deadlineAt(
    { dueAt: c.resolve_by_at, metAt: null, breached: c.resolution_breached, pausedAt: c.paused_at, closed: false },
    now,
  );
  if (deadline.state === 'none') {
    return (
      <Text size="sm" c="dimmed">
        No target
      </Text>
    );
  }
  return <DeadlineBadge deadline={deadline} dueAt={c.resolve_by_at} />;
}

