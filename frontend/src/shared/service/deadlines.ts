// A case's service-level deadlines as of a moment: met (in time or late), counting down, overdue,
// or standing still while the clock is paused (on hold, waiting for the customer). Pure, so the
// list, the case page and the tests read the same answer from the same facts.
import { formatMinutes } from './words';

/** Within this much of its deadline a case is "breaching soon". */
export const SOON_MS = 60 * 60 * 1000;

export type DeadlineFacts = {
  /** The deadline; none without a service-level target. */
  dueAt: string | null | undefined;
  /** When it was met (the first response, the resolution). */
  metAt: string | null | undefined;
  /** Whether the server counts it as missed (as of when it was read). */
  breached: boolean;
  /** Since when the clock has been stopped, if it is. */
  pausedAt: string | null | undefined;
  /** Whether the case was closed without meeting it (cancelled). */
  closed: boolean;
};

export type Deadline =
  | { state: 'none' }
  | { state: 'met'; late: boolean; at: string }
  | { state: 'stopped' }
  /** `leftMs` is frozen at the pause; negative when it was already overdue. */
  | { state: 'paused'; leftMs: number }
  /** `leftMs` is negative once overdue. */
  | { state: 'running'; leftMs: number; overdue: boolean; soon: boolean };

function time(value: string): number {
  return new Date(value).getTime();
}

export function deadlineAt(facts: DeadlineFacts, now: number): Deadline {
  if (facts.metAt) return { state: 'met', late: facts.breached, at: facts.metAt };
  if (facts.closed) return { state: 'stopped' };
  if (!facts.dueAt) return { state: 'none' };
  const due = time(facts.dueAt);
  if (facts.pausedAt) return { state: 'paused', leftMs: due - time(facts.pausedAt) };
  const leftMs = due - now;
  const overdue = facts.breached || leftMs < 0;
  return { state: 'running', leftMs, overdue, soon: !overdue && leftMs <= SOON_MS };
}

/** `12 min`, `3 h 20 min`, `less than a minute`, from milliseconds (the sign is ignored). */
export function formatLeft(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  return minutes < 1 ? 'less than a minute' : formatMinutes(minutes);
}

export type DeadlineLook = { label: string; color: string; /** Red: missed or overdue. */ alarm: boolean };

/** What a badge says about a deadline, and its color. */
export function deadlineLook(deadline: Deadline): DeadlineLook {
  switch (deadline.state) {
    case 'none':
      return { label: 'No target', color: 'gray', alarm: false };
    case 'stopped':
      return { label: 'Closed', color: 'gray', alarm: false };
    case 'met':
      return deadline.late ? { label: 'Missed', color: 'red', alarm: true } : { label: 'Met', color: 'teal', alarm: false };
    case 'paused':
      return deadline.leftMs < 0
        ? { label: `Paused · ${formatLeft(deadline.leftMs)} overdue`, color: 'red', alarm: true }
        : { label: `Paused · ${formatLeft(deadline.leftMs)} left`, color: 'yellow', alarm: false };
    case 'running':
      if (deadline.overdue) {
        return { label: deadline.leftMs < 0 ? `${formatLeft(deadline.leftMs)} overdue` : 'Overdue', color: 'red', alarm: true };
      }
      return { label: `${formatLeft(deadline.leftMs)} left`, color: deadline.soon ? 'orange' : 'teal', alarm: false };
  }
}
