// The security log: sign-ins, failures, keys, roles and users changed; newest first.
import { Badge, Group, Paper, Select, Stack, Text } from '@mantine/core';

import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap } from '@/shared/api/client';
import { searchUsers, useAllRoles, useOwnerNames, useUsersById } from '@/shared/api/lookups';
import type { operations } from '@/shared/api/schema';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordPicker } from '@/shared/ui/RecordPicker';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { describeDetails, EVENT_KINDS, kindOf, teamOf, type EventKind, type SecurityEvent } from './events';

type EventQuery = NonNullable<operations['list_security_events']['parameters']['query']>;
type EventSort = NonNullable<EventQuery['sort']>;

const PAGE_SIZE = 50;

function useEvents(query: EventQuery) {
  return useQuery({
    queryKey: ['security-events', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/security-events', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function SecurityLog() {
  const privileges = usePrivileges();
  const list = useListState<EventSort>('-seq', ['kind', 'user_id']);
  const kind = list.filters.kind as EventKind | undefined;
  const userId = list.filters.user_id;
  const events = useEvents({ limit: PAGE_SIZE, sort: list.sort, cursor: list.cursor, kind, user_id: userId, count: true });
  const rows = events.data?.data;
  const users = useUsersById([...(rows ?? []).flatMap((e) => [e.user_id, e.actor_id]), userId]);
  const roles = useAllRoles(privileges.can('roles', 'read'));
  const teams = useOwnerNames((rows ?? []).map((e) => teamOf(e.details)));
  const names = new Map<string, string>((roles.data ?? []).map((r) => [r.id, r.name]));
  for (const [id, owner] of teams.data ?? []) names.set(id, owner.name);
  const name = (id: string | null | undefined) => (id ? (users.data?.get(id)?.full_name ?? '…') : null);

  /** Whom the event is about: a user, a team, or nobody known (a sign-in with an unknown email). */
  const subject = (e: SecurityEvent) => {
    if (e.user_id) return name(e.user_id);
    const team = teamOf(e.details);
    if (team) return `${names.get(team) ?? '…'} (team)`;
    return (
      <Text span size="sm" c="dimmed">
        {e.kind === 'sign_in_failed' ? 'Unknown user' : '—'}
      </Text>
    );
  };

  const columns: Column<SecurityEvent>[] = [
    {
      key: 'time',
      header: 'Time',
      sortField: 'seq',
      width: 190,
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm">{formatDateTime(e.occurred_at)}</Text>
          <Text size="xs" c="dimmed">
            {formatRelative(e.occurred_at)}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'kind',
      header: 'Event',
      width: 200,
      render: (e) => {
        const k = kindOf(e.kind);
        return (
          <Badge variant="light" color={k.color} radius="sm" tt="none">
            {k.label}
          </Badge>
        );
      },
    },
    {
      key: 'user',
      header: 'User',
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm">{subject(e)}</Text>
          {e.actor_id && e.actor_id !== e.user_id && (
            <Text size="xs" c="dimmed">
              by {name(e.actor_id)}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'ip', header: 'Address', width: 140, visibleFrom: 'md', render: (e) => <Text size="sm" ff="monospace">{e.ip}</Text> },
    {
      key: 'details',
      header: 'Details',
      render: (e) => {
        const details = describeDetails(e.details, names);
        if (details.length === 0) return null;
        return (
          <Stack gap={2}>
            {details.map((d) => (
              <Text key={d.label} size="xs" lineClamp={2} style={{ wordBreak: 'break-word' }}>
                <Text span size="xs" c="dimmed">
                  {d.label}:
                </Text>{' '}
                {d.value}
              </Text>
            ))}
          </Stack>
        );
      },
    },
  ];

  return (
    <>
      <PageHeader
        title="Security log"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="Sign-ins and failed sign-ins, reused refresh tokens, API keys created and revoked, roles changed or given, users disabled. It never holds a secret."
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap" align="flex-end">
          <Select
            aria-label="Event"
            placeholder="Every event"
            data={EVENT_KINDS.map((k) => ({ value: k.value, label: k.label }))}
            value={kind ?? null}
            onChange={(value) => list.setFilter('kind', value)}
            clearable
            w={240}
          />
          <div style={{ width: 260 }}>
            <RecordPicker
              label=""
              ariaLabel="User"
              placeholder="Every user"
              queryKey="users"
              search={searchUsers}
              value={userId ?? null}
              selected={userId ? { value: userId, label: name(userId) ?? '…' } : null}
              onChange={(value) => list.setFilter('user_id', value)}
            />
          </div>
        </Group>
        {events.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={events.error} onRetry={() => void events.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Security events"
            columns={columns}
            rows={rows}
            rowKey={(e) => String(e.seq)}
            loading={events.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as EventSort)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={events.data?.total ?? undefined}
            hasNext={Boolean(events.data?.next_cursor)}
            onNext={() => events.data?.next_cursor && list.next(events.data.next_cursor)}
            onPrevious={list.previous}
            empty={<EmptyState title={kind || userId ? 'No matching events' : 'Nothing logged yet'} />}
          />
        )}
      </Paper>
    </>
  );
}
