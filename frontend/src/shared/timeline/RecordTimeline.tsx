// The timeline of a record: everything done with the customer (calls, meetings, emails, tasks),
// notes with their files, and the record's changes, newest first, with its children's (an
// account shows its contacts' calls and its opportunities' stage changes). Quick actions log
// what happens without leaving the page.
import { Anchor, Badge, Button, Card, Group, Loader, SegmentedControl, Stack, Text, ThemeIcon, Timeline, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCalendarEvent,
  IconCheck,
  IconChecklist,
  IconFile,
  IconMail,
  IconNote,
  IconPencil,
  IconPhoneCall,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link } from 'react-router';

import { useOwnerNames, type OwnerName } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { useCan, useMe } from '@/shared/session/useSession';
import { formatDateTime, formatRelative, humanize } from '@/shared/ui/format';
import { EmptyState, QueryError } from '@/shared/ui/States';

import {
  downloadAttachment,
  useChildNames,
  useCompleteActivity,
  useTimeline,
  type Activity,
  type Attachment,
  type RegardingType,
  type TimelineEntry,
  type TimelineFilter,
} from './api';
import { EmailDialog, LogCallDialog, MeetingDialog, NoteDialog, TaskDialog } from './QuickActions';

const SINGULAR: Record<RegardingType, string> = {
  accounts: 'account',
  contacts: 'contact',
  leads: 'lead',
  opportunities: 'opportunity',
  cases: 'case',
};

const ACTIVITY_LOOK: Record<Activity['activity_type'], { icon: ReactNode; color: string; label: string }> = {
  phone_call: { icon: <IconPhoneCall size={14} />, color: 'teal', label: 'Call' },
  appointment: { icon: <IconCalendarEvent size={14} />, color: 'grape', label: 'Appointment' },
  email: { icon: <IconMail size={14} />, color: 'blue', label: 'Email' },
  task: { icon: <IconChecklist size={14} />, color: 'orange', label: 'Task' },
};

const HIDDEN_FIELDS = new Set([
  'owner_id', 'business_unit_id', 'version', 'updated_at', 'updated_by', 'created_at', 'created_by',
  // A case's bookkeeping, which its other changes already tell.
  'queued_at', 'routing_rule_id', 'paused_minutes', 'drawn_down', 'first_response_minutes', 'resolution_minutes',
]);

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'empty';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (INSTANT.test(value)) return formatDateTime(value);
    // Another record's id says nothing to a reader: that it is set does.
    if (UUID.test(value)) return 'set';
    return humanize(value);
  }
  // A list of words (a case's linked articles, an article's keywords): the words themselves.
  if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) return value.length === 0 ? 'none' : value.join(', ');
  return 'changed';
}

type Dialog = 'call' | 'task' | 'meeting' | 'note' | 'email' | null;

export function RecordTimeline({ kind, id, name }: { kind: RegardingType; id: string; name: string }) {
  const [filter, setFilter] = useState<TimelineFilter>('all');
  const [dialog, setDialog] = useState<Dialog>(null);
  const timeline = useTimeline(kind, id, filter);
  const canLog = useCan('activities', 'create');
  const canNote = useCan('notes', 'create');
  const entries = timeline.data?.pages.flatMap((p) => p.data) ?? [];
  const target = { kind, id, name };
  const childNames = useChildNames(kind, entries).data;
  const actorNames = useOwnerNames(entries.map((e) => e.change?.actor_id)).data;
  const names: Names = { children: childNames, actors: actorNames };

  return (
    <Card withBorder radius="md" padding="lg">
      <Group justify="space-between" mb="md" wrap="wrap" gap="sm">
        <Title order={5}>Timeline</Title>
        <Group gap="xs">
          {canLog && (
            <>
              <Button size="xs" variant="light" color="teal" leftSection={<IconPhoneCall size={14} />} onClick={() => setDialog('call')}>
                Log a call
              </Button>
              <Button size="xs" variant="light" color="orange" leftSection={<IconChecklist size={14} />} onClick={() => setDialog('task')}>
                New task
              </Button>
              <Button size="xs" variant="light" color="grape" leftSection={<IconCalendarEvent size={14} />} onClick={() => setDialog('meeting')}>
                Meeting
              </Button>
              <Button size="xs" variant="light" color="blue" leftSection={<IconMail size={14} />} onClick={() => setDialog('email')}>
                Email
              </Button>
            </>
          )}
          {canNote && (
            <Button size="xs" variant="light" color="gray" leftSection={<IconNote size={14} />} onClick={() => setDialog('note')}>
              Add a note
            </Button>
          )}
        </Group>
      </Group>
      <SegmentedControl
        size="xs"
        mb="md"
        aria-label="Show"
        value={filter}
        onChange={setFilter}
        data={[
          { value: 'all', label: 'Everything' },
          { value: 'activity', label: 'Activities' },
          { value: 'note', label: 'Notes' },
          { value: 'change', label: 'Changes' },
        ]}
      />
      {timeline.error ? (
        <QueryError error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : timeline.isPending ? (
        <Group justify="center" p="lg">
          <Loader size="sm" />
        </Group>
      ) : entries.length === 0 ? (
        <EmptyState
          title={filter === 'all' ? 'Nothing on the timeline yet' : `No ${filter === 'activity' ? 'activities' : `${filter}s`} yet`}
          description="Log calls, meetings, emails and notes here, so nobody has to ask the customer twice."
        />
      ) : (
        <>
          <Timeline bulletSize={28} lineWidth={2} role="list" aria-label={`Timeline of ${name}`}>
            {entries.map((entry) => (
              <Timeline.Item key={entryKey(entry)} role="listitem" bullet={<Bullet entry={entry} />} title={<EntryTitle entry={entry} kind={kind} names={names} />}>
                <EntryBody entry={entry} kind={kind} recordId={id} />
              </Timeline.Item>
            ))}
          </Timeline>
          {timeline.hasNextPage && (
            <Group justify="center" mt="md">
              <Button variant="subtle" size="xs" onClick={() => void timeline.fetchNextPage()} loading={timeline.isFetchingNextPage}>
                Show older
              </Button>
            </Group>
          )}
        </>
      )}
      {dialog === 'call' && <LogCallDialog target={target} onClose={() => setDialog(null)} />}
      {dialog === 'task' && <TaskDialog target={target} onClose={() => setDialog(null)} />}
      {dialog === 'meeting' && <MeetingDialog target={target} onClose={() => setDialog(null)} />}
      {dialog === 'note' && <NoteDialog target={target} onClose={() => setDialog(null)} />}
      {dialog === 'email' && <EmailDialog target={target} onClose={() => setDialog(null)} />}
    </Card>
  );
}

function entryKey(entry: TimelineEntry): string {
  return entry.activity?.id ?? entry.note?.id ?? `change-${entry.change?.seq ?? entry.at}`;
}

function Bullet({ entry }: { entry: TimelineEntry }) {
  if (entry.activity) {
    const look = ACTIVITY_LOOK[entry.activity.activity_type];
    return (
      <ThemeIcon size={28} radius="xl" variant="light" color={look.color}>
        {look.icon}
      </ThemeIcon>
    );
  }
  if (entry.note) {
    return (
      <ThemeIcon size={28} radius="xl" variant="light" color="yellow">
        <IconNote size={14} />
      </ThemeIcon>
    );
  }
  const operation = entry.change?.operation;
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color="gray">
      {operation === 'create' ? <IconPlus size={14} /> : operation === 'delete' ? <IconTrash size={14} /> : <IconPencil size={14} />}
    </ThemeIcon>
  );
}

type Names = { children: Map<string, string> | undefined; actors: Map<string, OwnerName> | undefined };

/** "on Ada Lovelace" when the entry belongs to a child record, with a link to it. */
function OnChild({ entry, kind, names }: { entry: TimelineEntry; kind: RegardingType; names: Names }) {
  if (entry.record_type === kind) return null;
  const name = names.children?.get(entry.record_id);
  return (
    <Anchor component={Link} to={`/${entry.record_type}/${entry.record_id}`} size="xs">
      on {name ?? `a ${SINGULAR[entry.record_type]}`}
    </Anchor>
  );
}

function EntryTitle({ entry, kind, names }: { entry: TimelineEntry; kind: RegardingType; names: Names }) {
  const me = useMe().data;
  const when = (
    <Text size="xs" c="dimmed" title={formatDateTime(entry.at)}>
      {formatRelative(entry.at)}
    </Text>
  );
  if (entry.activity) {
    const a = entry.activity;
    const look = ACTIVITY_LOOK[a.activity_type];
    return (
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {a.subject}
        </Text>
        <Badge size="xs" variant="light" color={look.color} radius="sm">
          {look.label}
          {a.direction ? (a.direction === 'incoming' ? ' · in' : ' · out') : ''}
        </Badge>
        {a.status !== 'completed' && (
          <Badge size="xs" variant="outline" color={a.status === 'open' ? 'orange' : 'gray'} radius="sm">
            {a.status}
          </Badge>
        )}
        <OnChild entry={entry} kind={kind} names={names} />
        {when}
      </Group>
    );
  }
  if (entry.note) {
    return (
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {entry.note.subject ?? 'Note'}
        </Text>
        <OnChild entry={entry} kind={kind} names={names} />
        {when}
      </Group>
    );
  }
  const change = entry.change;
  const who = !change?.actor_id ? 'The system' : change.actor_id === me?.id ? 'You' : (names.actors?.get(change.actor_id)?.name ?? 'Someone');
  const what = SINGULAR[entry.record_type];
  const verb =
    change?.operation === 'create' ? `created the ${what}` : change?.operation === 'delete' ? `deleted the ${what}` : `changed the ${what}`;
  return (
    <Group gap="xs" wrap="wrap">
      <Text size="sm" fw={600}>
        {who} {verb}
      </Text>
      <OnChild entry={entry} kind={kind} names={names} />
      {when}
    </Group>
  );
}

function EntryBody({ entry, kind, recordId }: { entry: TimelineEntry; kind: RegardingType; recordId: string }) {
  if (entry.activity) return <ActivityBody activity={entry.activity} kind={kind} recordId={recordId} />;
  if (entry.note) {
    return (
      <Stack gap={6} mt={4}>
        {entry.note.body && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {entry.note.body}
          </Text>
        )}
        {entry.note.attachments.length > 0 && (
          <Group gap="xs">
            {entry.note.attachments.map((file) => (
              <AttachmentChip key={file.id} file={file} />
            ))}
          </Group>
        )}
      </Stack>
    );
  }
  const fields = (entry.change?.changes ?? []).filter((f) => !HIDDEN_FIELDS.has(f.field));
  if (entry.change?.operation !== 'update' || fields.length === 0) return null;
  return (
    <Group gap={6} mt={4} wrap="wrap">
      {fields.slice(0, 4).map((f) => (
        <Text key={f.field} size="xs" c="dimmed">
          <Text span fw={600} size="xs" c="dark">
            {humanize(f.field)}
          </Text>{' '}
          {shown(f.old)} → {shown(f.new)}
        </Text>
      ))}
      {fields.length > 4 && (
        <Text size="xs" c="dimmed">
          and {fields.length - 4} more
        </Text>
      )}
    </Group>
  );
}

function ActivityBody({ activity, kind, recordId }: { activity: Activity; kind: RegardingType; recordId: string }) {
  const complete = useCompleteActivity(kind, recordId);
  const canUpdate = useCan('activities', 'update');
  const facts = [
    activity.activity_type === 'appointment' && activity.starts_at ? `${formatDateTime(activity.starts_at)}${activity.location ? ` · ${activity.location}` : ''}` : null,
    activity.status === 'open' && activity.due_at ? `Due ${formatDateTime(activity.due_at)}` : null,
    activity.duration_minutes ? `${activity.duration_minutes} min` : null,
    activity.to_address ? `To ${activity.to_address}` : null,
    activity.phone_number,
  ].filter(Boolean);
  return (
    <Stack gap={4} mt={4}>
      {facts.length > 0 && (
        <Text size="xs" c="dimmed">
          {facts.join(' · ')}
        </Text>
      )}
      {activity.description && (
        <Text size="sm" lineClamp={6} style={{ whiteSpace: 'pre-wrap' }}>
          {activity.description}
        </Text>
      )}
      {activity.status === 'open' && canUpdate && (
        <Group>
          <Tooltip label="Mark as done" withArrow>
            <Button
              size="compact-xs"
              variant="light"
              color="teal"
              leftSection={<IconCheck size={12} />}
              loading={complete.isPending}
              onClick={() =>
                complete.mutate(activity, {
                  onSuccess: () => notifications.show({ color: 'teal', title: 'Done', message: activity.subject }),
                  onError: (error) => notifications.show({ color: 'red', title: 'Could not complete', message: problemDetail(error) }),
                })
              }
            >
              Complete
            </Button>
          </Tooltip>
        </Group>
      )}
    </Stack>
  );
}

function AttachmentChip({ file }: { file: Attachment }) {
  const [busy, setBusy] = useState(false);
  const size = file.size_bytes < 1024 ? `${file.size_bytes} B` : file.size_bytes < 1024 * 1024 ? `${Math.round(file.size_bytes / 1024)} KB` : `${(file.size_bytes / 1024 / 1024).toFixed(1)} MB`;
  return (
    <Group gap={6} px="xs" py={4} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6 }}>
      <IconFile size={14} />
      <Anchor
        component="button"
        type="button"
        size="xs"
        onClick={() => {
          setBusy(true);
          downloadAttachment(file)
            .catch((error: unknown) => notifications.show({ color: 'red', title: 'Could not download', message: problemDetail(error) }))
            .finally(() => setBusy(false));
        }}
        aria-label={`Download ${file.file_name}`}
      >
        {file.file_name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {size}
      </Text>
      {busy && <Loader size={10} />}
    </Group>
  );
}
