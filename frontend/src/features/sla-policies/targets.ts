// The targets editor of a service-level policy: a row per priority, on or off, with its minutes
// to the first response and to the resolution. Pure, so the dialog and the tests agree on what
// is sent and where the server's errors go.
import { PRIORITIES, type CasePriority } from '@/shared/service/words';

import type { SlaTarget } from './api';

export type TargetRow = { on: boolean; first_response_minutes: number | string; resolution_minutes: number | string };
export type TargetRows = Record<CasePriority, TargetRow>;

/** The rows of a policy's targets; a priority without one is off, with suggested minutes. */
export function targetRows(targets: readonly SlaTarget[] | undefined): TargetRows {
  const suggested: Record<CasePriority, [number, number]> = { low: [480, 4320], normal: [240, 1440], high: [60, 480], urgent: [15, 240] };
  const rows = {} as TargetRows;
  for (const priority of PRIORITIES) {
    const target = targets?.find((t) => t.priority === priority);
    const [first, resolution] = suggested[priority];
    rows[priority] = target
      ? { on: true, first_response_minutes: target.first_response_minutes, resolution_minutes: target.resolution_minutes }
      : { on: targets === undefined, first_response_minutes: first, resolution_minutes: resolution };
  }
  return rows;
}

const minutes = (value: number | string): number => (typeof value === 'number' ? value : Number(value) || 0);

/** The targets to send, in the order of the priorities, for the rows that are on. */
export function toTargets(rows: TargetRows): SlaTarget[] {
  return PRIORITIES.filter((p) => rows[p].on).map((priority) => ({
    priority,
    first_response_minutes: minutes(rows[priority].first_response_minutes),
    resolution_minutes: minutes(rows[priority].resolution_minutes),
  }));
}

/** Where a server error on `targets[i].field` goes: the row of the i-th target sent. */
export function targetField(apiField: string, sent: readonly SlaTarget[]): string {
  const match = /^targets\[(\d+)\](?:\.(\w+))?$/.exec(apiField);
  if (!match) return apiField;
  const target = sent[Number(match[1])];
  if (!target) return 'targets';
  return `targets.${target.priority}.${match[2] ?? 'first_response_minutes'}`;
}

/** What is wrong with a row that is on, if anything (a year is the longest target). */
export function rowError(row: TargetRow): { first?: string; resolution?: string } {
  if (!row.on) return {};
  const first = minutes(row.first_response_minutes);
  const resolution = minutes(row.resolution_minutes);
  const year = 525_600;
  const out: { first?: string; resolution?: string } = {};
  if (first < 1 || first > year) out.first = '1 minute to a year';
  if (resolution < 1 || resolution > year) out.resolution = '1 minute to a year';
  else if (resolution < first) out.resolution = 'Not before the first response';
  return out;
}
