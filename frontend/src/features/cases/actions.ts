// What can be done to a case now: the status moves and actions its status allows, among those
// the caller's privileges on it allow (its `Allowed-Actions`). Pure, so the page and the tests
// agree on which buttons show.
import type { AllowedActions } from '@/shared/session/privileges';
import { isOpen, type CaseStatus } from '@/shared/service/words';

export type CaseAction =
  | 'edit'
  | 'start'
  | 'hold'
  | 'wait'
  | 'resume'
  | 'resolve'
  | 'cancel'
  | 'reactivate'
  | 'escalate'
  | 'assign'
  | 'take'
  | 'route'
  | 'delete';

type CaseState = { status: CaseStatus; queue_id?: string | null; worked_by_id?: string | null };

/**
 * What the caller may do to a case in its status. A queue's member takes one of its cases with
 * the privilege to change it; others need the privilege to assign it.
 */
export function caseActions(
  c: CaseState,
  allowed: AllowedActions,
  meId: string | undefined,
  memberOfQueue = false,
): Set<CaseAction> {
  const out = new Set<CaseAction>();
  const update = allowed.has('update');
  const assign = allowed.has('assign');
  if (allowed.has('delete')) out.add('delete');
  if (!isOpen(c.status)) {
    if (update) out.add('reactivate');
    return out;
  }
  if (update) {
    out.add('edit');
    out.add('resolve');
    out.add('cancel');
    out.add('escalate');
    if (c.status === 'new') out.add('start');
    if (c.status === 'on_hold' || c.status === 'waiting_for_customer') out.add('resume');
    if (c.status !== 'on_hold') out.add('hold');
    if (c.status !== 'waiting_for_customer') out.add('wait');
  }
  if (assign) {
    out.add('assign');
    out.add('route');
  }
  if ((assign || (update && memberOfQueue)) && c.queue_id && meId && c.worked_by_id !== meId) {
    out.add('take');
  }
  return out;
}

/** The status a move gives (`start` and `resume` both go back to work). */
export const MOVES = {
  start: { status: 'in_progress', label: 'Start work', done: 'Work started' },
  resume: { status: 'in_progress', label: 'Resume', done: 'Back to work: the clock runs again' },
  hold: { status: 'on_hold', label: 'Put on hold', done: 'On hold: the clock is stopped' },
  wait: { status: 'waiting_for_customer', label: 'Waiting for customer', done: 'Waiting for the customer: the clock is stopped' },
} as const satisfies Record<string, { status: CaseStatus; label: string; done: string }>;

export type Move = keyof typeof MOVES;
