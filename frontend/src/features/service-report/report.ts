// The service report's arithmetic: the periods of a range (weeks start on Monday, as the server
// counts them), rows for the periods without cases, labels people read, the preset ranges, and
// the rates of the summary. Pure, with tests.
import type { GroupBy, ServiceFigures, ServiceReport, ServiceReportRow } from './api';

export const GROUPINGS: { value: GroupBy; label: string }[] = [
  { value: 'owner', label: 'Owner' },
  { value: 'queue', label: 'Queue' },
  { value: 'product', label: 'Product' },
  { value: 'case_type', label: 'Case type' },
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
];

export function isPeriod(groupBy: GroupBy): boolean {
  return groupBy === 'day' || groupBy === 'week' || groupBy === 'month';
}

const DAY = 24 * 3600 * 1000;

/** A `YYYY-MM-DD` day as a UTC instant at noon (no time zone can move it to another day). */
function day(value: string): Date {
  return new Date(`${value}T12:00:00Z`);
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function periodStart(groupBy: GroupBy, date: Date): Date {
  if (groupBy === 'week') return new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY);
  if (groupBy === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1, 12));
  return date;
}

function nextPeriod(groupBy: GroupBy, date: Date): Date {
  if (groupBy === 'week') return new Date(date.getTime() + 7 * DAY);
  if (groupBy === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1, 12));
  return new Date(date.getTime() + DAY);
}

/** The first days of the periods that meet the range, in order. */
export function periodKeys(groupBy: GroupBy, from: string, to: string): string[] {
  if (!isPeriod(groupBy)) return [];
  const keys: string[] = [];
  const last = day(to).getTime();
  for (let at = periodStart(groupBy, day(from)); at.getTime() <= last && keys.length < 400; at = nextPeriod(groupBy, at)) keys.push(iso(at));
  return keys;
}

const ZERO: ServiceFigures = {
  cases_opened: 0,
  cases_resolved: 0,
  cases_open: 0,
  avg_first_response_minutes: null,
  avg_resolution_minutes: null,
  first_response_breaches: 0,
  resolution_breaches: 0,
  reactivations: 0,
  time_spent_minutes: 0,
};

const monthShort = new Intl.DateTimeFormat(undefined, { month: 'short', timeZone: 'UTC' });
const dayShort = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const monthLong = new Intl.DateTimeFormat(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** What a period's row is called: short under a column, long in the table. */
export function periodLabel(groupBy: GroupBy, key: string, form: 'short' | 'long'): string {
  const date = day(key);
  if (Number.isNaN(date.getTime())) return key;
  if (groupBy === 'month') return form === 'short' ? `${monthShort.format(date)} ${String(date.getUTCFullYear()).slice(2)}` : monthLong.format(date);
  if (groupBy === 'week') return form === 'short' ? dayShort.format(date) : `Week of ${dayLong.format(date)}`;
  return form === 'short' ? dayShort.format(date) : dayLong.format(date);
}

export type ReportRow = ServiceReportRow & { short: string };

/** The rows to show: every period of the range (empty ones with zeros), or the groups as they come. */
export function reportRows(report: ServiceReport): ReportRow[] {
  const { group_by: groupBy } = report;
  if (!isPeriod(groupBy)) {
    return report.rows.map((row) => {
      const label = row.key === null || row.key === undefined ? noneLabel(groupBy) : row.label;
      return { ...row, label, short: label };
    });
  }
  const byKey = new Map(report.rows.map((row) => [row.key ?? '', row]));
  return periodKeys(groupBy, report.from, report.to).map((key) => {
    const row = byKey.get(key);
    return { ...ZERO, ...row, key, label: periodLabel(groupBy, key, 'long'), short: periodLabel(groupBy, key, 'short') };
  });
}

function noneLabel(groupBy: GroupBy): string {
  switch (groupBy) {
    case 'queue':
      return 'No queue';
    case 'product':
      return 'No product';
    case 'case_type':
      return 'No case type';
    default:
      return 'None';
  }
}

/** A whole percent of a part (`null` when there is no whole). */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 100) : null;
}

export type Preset = { value: string; label: string; from: string; to: string };

/** The usual ranges, ending today (the caller's day). */
export function presets(today: Date): Preset[] {
  const t = new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate(), 12));
  const back = (days: number) => iso(new Date(t.getTime() - days * DAY));
  const monthStart = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1, 12));
  const lastMonthStart = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() - 1, 1, 12));
  const lastMonthEnd = new Date(monthStart.getTime() - DAY);
  const quarterStart = new Date(Date.UTC(t.getUTCFullYear(), Math.floor(t.getUTCMonth() / 3) * 3, 1, 12));
  return [
    { value: '7d', label: 'Last 7 days', from: back(6), to: iso(t) },
    { value: '30d', label: 'Last 30 days', from: back(29), to: iso(t) },
    { value: '90d', label: 'Last 90 days', from: back(89), to: iso(t) },
    { value: 'month', label: 'This month', from: iso(monthStart), to: iso(t) },
    { value: 'last-month', label: 'Last month', from: iso(lastMonthStart), to: iso(lastMonthEnd) },
    { value: 'quarter', label: 'This quarter', from: iso(quarterStart), to: iso(t) },
    { value: 'year', label: 'Last 12 months', from: back(364), to: iso(t) },
  ];
}
