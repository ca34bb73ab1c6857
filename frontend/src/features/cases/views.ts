// The work lists of the case list: each is a saved filter of the API's list, kept in the URL as
// `?view=`. Pure, so the tabs and the tests build the same queries.
import { SOON_MS } from '@/shared/service/deadlines';
import { CLOCK_RUNNING_STATUSES, OPEN_STATUSES, type CaseStatus } from '@/shared/service/words';

import type { CaseQuery } from './api';

export type CaseView = 'open' | 'mine' | 'my_queues' | 'breaching' | 'escalated' | 'exhausted';

export const VIEWS: { value: CaseView; label: string; description: string }[] = [
  { value: 'open', label: 'All open', description: 'Every case still to be solved.' },
  { value: 'mine', label: 'My cases', description: 'Open cases you own.' },
  { value: 'my_queues', label: 'My queues', description: 'Open cases in the queues you work.' },
  { value: 'breaching', label: 'Breaching soon', description: 'Cases to be resolved within the hour, or already overdue, with the clock running.' },
  { value: 'escalated', label: 'Escalated', description: 'Open cases escalated to a manager or an escalation queue.' },
  { value: 'exhausted', label: 'Exhausted entitlement', description: 'Open cases whose customer had used up their contract: they need a decision.' },
];

/** Which statuses a list shows besides its view: the open ones by default. */
export type StatusFilter = 'open' | 'closed' | 'any' | CaseStatus;

export function isCaseView(value: string | undefined): value is CaseView {
  return VIEWS.some((v) => v.value === value);
}

export type Viewer = {
  meId: string | undefined;
  /** The queues the caller is a member of; undefined while they load. */
  myQueueIds: readonly string[] | undefined;
  /** The time the "soon" of "breaching soon" counts from. */
  now: number;
};

function statuses(filter: StatusFilter): CaseStatus[] | undefined {
  switch (filter) {
    case 'open':
      return [...OPEN_STATUSES];
    case 'closed':
      return ['resolved', 'cancelled'];
    case 'any':
      return undefined;
    default:
      return [filter];
  }
}

/**
 * The filters of a view. `null` when it cannot match anything (the caller works no queue) or
 * cannot be asked yet (who the caller is, or their queues, still loading).
 */
export function viewQuery(view: CaseView, viewer: Viewer, status: StatusFilter = 'open'): CaseQuery | null {
  const base: CaseQuery = { 'status[in]': statuses(status) };
  switch (view) {
    case 'open':
      return base;
    case 'mine':
      return viewer.meId ? { ...base, owner_id: viewer.meId } : null;
    case 'my_queues':
      if (!viewer.myQueueIds || viewer.myQueueIds.length === 0) return null;
      return { ...base, 'queue_id[in]': [...viewer.myQueueIds] };
    case 'breaching': {
      // Whole minutes, so the query (and its cache entry) changes once a minute, not each render.
      const soon = Math.floor(viewer.now / 60_000) * 60_000 + SOON_MS;
      return { 'status[in]': [...CLOCK_RUNNING_STATUSES], 'resolve_by_at[lte]': new Date(soon).toISOString() };
    }
    case 'escalated':
      return { ...base, is_escalated: true };
    case 'exhausted':
      return { ...base, entitlement: 'exhausted' };
  }
}
