import { describe, expect, it } from 'vitest';

import type { ServiceReport } from './api';
import { percent, periodKeys, presets, reportRows } from './report';

const figures = {
  cases_opened: 3,
  cases_resolved: 2,
  cases_open: 1,
  avg_first_response_minutes: 20,
  avg_resolution_minutes: 300,
  first_response_breaches: 0,
  resolution_breaches: 1,
  reactivations: 0,
  time_spent_minutes: 45,
};

describe('the periods of the service report', () => {
  it('are every day, every week from its Monday, or every month that meets the range', () => {
    expect(periodKeys('day', '2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    // 2026-11-25 is a Wednesday: its week starts on Monday the 23rd.
    expect(periodKeys('week', '2026-11-25', '2026-12-08')).toEqual(['2026-11-23', '2026-11-30', '2026-12-07']);
    expect(periodKeys('month', '2026-10-15', '2027-01-02')).toEqual(['2026-10-01', '2026-11-01', '2026-12-01', '2027-01-01']);
    expect(periodKeys('owner', '2026-10-15', '2027-01-02')).toEqual([]);
  });

  it('give a row of zeros to the periods without cases', () => {
    const report: ServiceReport = {
      group_by: 'day',
      from: '2026-12-01',
      to: '2026-12-03',
      rows: [{ ...figures, key: '2026-12-02', label: '2026-12-02' }],
      totals: figures,
    };
    const rows = reportRows(report);
    expect(rows.map((r) => [r.key, r.cases_opened])).toEqual([
      ['2026-12-01', 0],
      ['2026-12-02', 3],
      ['2026-12-03', 0],
    ]);
    expect(rows[0]?.avg_resolution_minutes).toBeNull();
  });

  it('name the groups without a value', () => {
    const report: ServiceReport = { group_by: 'case_type', from: '2026-12-01', to: '2026-12-03', rows: [{ ...figures, key: null, label: 'None' }], totals: figures };
    expect(reportRows(report)[0]?.label).toBe('No case type');
  });
});

describe('the summary', () => {
  it('rounds rates to whole percents, and has none without cases', () => {
    expect(percent(2, 3)).toBe(67);
    expect(percent(0, 0)).toBeNull();
  });

  it('offers ranges that end today', () => {
    const ranges = presets(new Date(2026, 11, 2, 9, 30));
    expect(ranges.find((p) => p.value === '7d')).toMatchObject({ from: '2026-11-26', to: '2026-12-02' });
    expect(ranges.find((p) => p.value === 'last-month')).toMatchObject({ from: '2026-11-01', to: '2026-11-30' });
    expect(ranges.find((p) => p.value === 'quarter')).toMatchObject({ from: '2026-10-01' });
  });
});
