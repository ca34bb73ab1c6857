// The small labels of the service desk: a case's status, priority, entitlement and deadline, a
// contract's status.
import { Badge, Tooltip } from '@mantine/core';
import type { CSSProperties } from 'react';
import { IconAlertTriangle, IconClockPause, IconFlame } from '@tabler/icons-react';

import { formatDateTime } from '@/shared/ui/format';

import { deadlineLook, type Deadline } from './deadlines';
import { CASE_STATUS, CONTRACT_STATUS, ENTITLEMENT, PRIORITY, type CasePriority, type CaseStatus, type ContractStatus, type Entitlement } from './words';

/** A badge keeps its whole label: the table cell around it grows instead of cutting it. */
const WHOLE: CSSProperties = { minWidth: 'max-content' };

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const look = CASE_STATUS[status];
  return (
    <Badge color={look.color} variant="light" radius="sm" style={WHOLE}>
      {look.label}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: CasePriority }) {
  const look = PRIORITY[priority];
  return (
    <Badge
      color={look.color}
      variant={priority === 'urgent' ? 'filled' : 'outline'}
      radius="sm"
      style={WHOLE}
      leftSection={priority === 'urgent' ? <IconFlame size={12} /> : undefined}
    >
      {look.label}
    </Badge>
  );
}

/** Only an exhausted entitlement is loud; `compact` says "Exhausted" for tables. */
export function EntitlementBadge({ entitlement, compact = false }: { entitlement: Entitlement; compact?: boolean }) {
  const look = ENTITLEMENT[entitlement];
  const exhausted = entitlement === 'exhausted';
  return (
    <Tooltip label={look.help} multiline w={280} withArrow>
      <Badge
        color={look.color}
        variant={exhausted ? 'filled' : 'light'}
        radius="sm"
        style={WHOLE}
        leftSection={exhausted ? <IconAlertTriangle size={12} /> : undefined}
      >
        {exhausted && compact ? 'Exhausted' : look.label}
      </Badge>
    </Tooltip>
  );
}

export function ContractStatusBadge({ status }: { status: ContractStatus }) {
  const look = CONTRACT_STATUS[status];
  return (
    <Badge color={look.color} variant="light" radius="sm" style={WHOLE}>
      {look.label}
    </Badge>
  );
}

/** A deadline's countdown (or how it ended), with the deadline itself in a tooltip. */
export function DeadlineBadge({ deadline, dueAt }: { deadline: Deadline; dueAt: string | null | undefined }) {
  const look = deadlineLook(deadline);
  const badge = (
    <Badge
      color={look.color}
      variant={look.alarm ? 'filled' : 'light'}
      radius="sm"
      tt="none"
      style={WHOLE}
      leftSection={deadline.state === 'paused' ? <IconClockPause size={12} /> : look.alarm ? <IconAlertTriangle size={12} /> : undefined}
    >
      {look.label}
    </Badge>
  );
  if (!dueAt) return badge;
  return (
    <Tooltip label={`Due ${formatDateTime(dueAt)}`} withArrow>
      {badge}
    </Tooltip>
  );
}
