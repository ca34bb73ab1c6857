// A case's service level: its first-response and resolution deadlines counting down live (red once
// missed, standing still while the case is on hold or waiting for the customer), the policy they
// come from, and the time spent on it.
import { Badge, Card, Divider, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconClockPause, IconMessageReply, IconFlag } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import { useSlaPolicies } from '@/shared/service/api';
import { DeadlineBadge } from '@/shared/service/Badges';
import { deadlineAt, type Deadline } from '@/shared/service/deadlines';
import { useNow } from '@/shared/service/useNow';
import { CASE_STATUS, formatMinutes } from '@/shared/service/words';
import { formatDateTime, formatRelative } from '@/shared/ui/format';

import type { Case } from './api';

export function ServiceLevelCard({ kase: c }: { kase: Case }) {
  const now = useNow();
  const policies = useSlaPolicies();
  const policy = c.sla_policy_id ? policies.data?.find((p) => p.id === c.sla_policy_id) : undefined;
  const cancelled = c.status === 'cancelled';
  const firstResponse = deadlineAt(
    { dueAt: c.first_response_due_at, metAt: c.first_responded_at, breached: c.first_response_breached, pausedAt: c.paused_at, closed: cancelled },
    now,
  );
  const resolution = deadlineAt(
    { dueAt: c.resolve_by_at, metAt: c.resolved_at, breached: c.resolution_breached, pausedAt: c.paused_at, closed: cancelled },
    now,
  );

  return (
    <Card withBorder radius="md" padding="lg" aria-label="Service level" component="section">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Title order={5}>Service level</Title>
        {policy ? (
          <Badge variant="light" color="gray" radius="sm" tt="none">
            {policy.name}
          </Badge>
        ) : (
          !c.sla_policy_id && (
            <Text size="xs" c="dimmed">
              No policy
            </Text>
          )
        )}
      </Group>
      {c.paused_at && (
        <Group gap="xs" mb="md" wrap="nowrap" p="xs" style={{ borderRadius: 'var(--mantine-radius-sm)', background: 'var(--mantine-color-yellow-light)' }}>
          <IconClockPause size={18} color="var(--mantine-color-yellow-8)" />
          <Text size="sm">
            Clock stopped {formatRelative(c.paused_at, now)}: {CASE_STATUS[c.status].label.toLowerCase()}.
          </Text>
        </Group>
      )}
      <Stack gap="md">
        <DeadlineRow
          icon={<IconMessageReply size={16} />}
          label="First response"
          deadline={firstResponse}
          dueAt={c.first_response_due_at}
          metAt={c.first_responded_at}
          minutes={c.first_response_minutes}
          metWord="Responded"
        />
        <DeadlineRow
          icon={<IconFlag size={16} />}
          label="Resolution"
          deadline={resolution}
          dueAt={c.resolve_by_at}
          metAt={c.resolved_at}
          minutes={c.resolution_minutes}
          metWord="Resolved"
        />
      </Stack>
      {!c.first_response_due_at && !c.resolve_by_at && !c.first_responded_at && !c.resolved_at && (
        <Text size="xs" c="dimmed" mt="sm">
          {c.sla_policy_id ? 'The policy sets no target for this priority.' : 'No service-level policy applies: the case has no deadlines.'}
        </Text>
      )}
      <Divider my="md" />
      <Group grow>
        <Figure label="Time spent" value={formatMinutes(c.time_spent_minutes)} hint="Completed activities" />
        <Figure label="Paused" value={formatMinutes(c.paused_minutes)} hint="Not counted" />
      </Group>
    </Card>
  );
}

function DeadlineRow(props: {
  icon: ReactNode;
  label: string;
  deadline: Deadline;
  dueAt: string | null | undefined;
  metAt: string | null | undefined;
  minutes: number | null | undefined;
  metWord: string;
}) {
  const { deadline } = props;
  const detail =
    deadline.state === 'met'
      ? `${props.metWord} ${formatDateTime(props.metAt)}${props.minutes !== null && props.minutes !== undefined ? ` · ${formatMinutes(props.minutes)} on the clock` : ''}`
      : props.dueAt
        ? `Due ${formatDateTime(props.dueAt)}`
        : deadline.state === 'stopped'
          ? 'The case was cancelled'
          : 'No target';
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm" role="group" aria-label={props.label}>
      <Group gap="sm" wrap="nowrap" align="flex-start" style={{ minWidth: 0, flex: 1 }}>
        <ThemeIcon variant="light" color="gray" size={30} radius="md">
          {props.icon}
        </ThemeIcon>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={600}>
            {props.label}
          </Text>
          <Text size="xs" c="dimmed">
            {detail}
          </Text>
        </Stack>
      </Group>
      {deadline.state !== 'none' && deadline.state !== 'stopped' && (
        <div style={{ flexShrink: 0 }}>
          <DeadlineBadge deadline={deadline} dueAt={props.dueAt} />
        </div>
      )}
    </Group>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {label}
      </Text>
      <Text fw={650} size="lg">
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Stack>
  );
}
