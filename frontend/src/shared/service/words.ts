// The service desk's words as people read them: case statuses, priorities, origins,
// entitlements, contract statuses and allotments, and durations in minutes. The case, queue,
// contract and report screens share them.
import type { Schemas } from '@/shared/api/client';

export type CaseStatus = Schemas['CaseStatus'];
export type CasePriority = Schemas['CasePriority'];
export type Origin = Schemas['Origin'];
export type Entitlement = Schemas['Entitlement'];
export type ContractStatus = Schemas['ContractStatus'];
export type AllotmentType = Schemas['AllotmentType'];

type Look = { label: string; color: string };

export const CASE_STATUS: Record<CaseStatus, Look> = {
  new: { label: 'New', color: 'blue' },
  in_progress: { label: 'In progress', color: 'cyan' },
  on_hold: { label: 'On hold', color: 'yellow' },
  waiting_for_customer: { label: 'Waiting for customer', color: 'orange' },
  resolved: { label: 'Resolved', color: 'teal' },
  cancelled: { label: 'Cancelled', color: 'gray' },
};

/** The statuses of a case still to be solved. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'in_progress', 'on_hold', 'waiting_for_customer'];

/** The statuses in which the service-level clock runs (on hold and waiting, it stands still). */
export const CLOCK_RUNNING_STATUSES: readonly CaseStatus[] = ['new', 'in_progress'];

export function isOpen(status: CaseStatus): boolean {
  return OPEN_STATUSES.includes(status);
}

export const PRIORITY: Record<CasePriority, Look> = {
  low: { label: 'Low', color: 'gray' },
  normal: { label: 'Normal', color: 'blue' },
  high: { label: 'High', color: 'orange' },
  urgent: { label: 'Urgent', color: 'red' },
};

/** Priorities from the least to the most urgent. */
export const PRIORITIES: readonly CasePriority[] = ['low', 'normal', 'high', 'urgent'];

export const ORIGIN: Record<Origin, string> = { phone: 'Phone', email: 'Email', web: 'Web', portal: 'Portal' };

export const ORIGINS: readonly Origin[] = ['phone', 'email', 'web', 'portal'];

export const ENTITLEMENT: Record<Entitlement, Look & { help: string }> = {
  covered: { label: 'Covered', color: 'teal', help: 'A contract in force covers the case.' },
  exhausted: {
    label: 'Entitlement exhausted',
    color: 'red',
    help: 'The customer’s contract allotment was used up when the case was opened: work it only with a manager’s authorization, or offer a new contract.',
  },
  none: { label: 'No contract', color: 'gray', help: 'No contract covered the customer when the case was opened.' },
};

export const CONTRACT_STATUS: Record<ContractStatus, Look> = {
  draft: { label: 'Draft', color: 'gray' },
  active: { label: 'Active', color: 'teal' },
  expired: { label: 'Expired', color: 'orange' },
  cancelled: { label: 'Cancelled', color: 'red' },
};

/** `12 cases`, `1 case`, `90 minutes`. */
export function formatAllotment(amount: number, type: AllotmentType): string {
  const unit = type === 'cases' ? 'case' : 'minute';
  return `${new Intl.NumberFormat().format(amount)} ${unit}${Math.abs(amount) === 1 ? '' : 's'}`;
}

/** A duration in minutes as people say it: `45 min`, `2 h 30 min`, `3 d 4 h`. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || Number.isNaN(minutes)) return '';
  const total = Math.round(Math.abs(minutes));
  const days = Math.floor(total / (24 * 60));
  const hours = Math.floor((total % (24 * 60)) / 60);
  const mins = total % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}
