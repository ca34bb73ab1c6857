import { describe, expect, it } from 'vitest';

import { rowError, targetField, targetRows, toTargets } from './targets';

describe('the targets of a service-level policy', () => {
  it('are a row per priority, off where the policy sets none', () => {
    const rows = targetRows([{ priority: 'high', first_response_minutes: 30, resolution_minutes: 240 }]);
    expect(rows.high).toEqual({ on: true, first_response_minutes: 30, resolution_minutes: 240 });
    expect(rows.low.on).toBe(false);
    expect(Object.values(targetRows(undefined)).every((r) => r.on)).toBe(true);
  });

  it('send the rows that are on, in priority order', () => {
    const rows = targetRows(undefined);
    rows.normal.on = false;
    expect(toTargets(rows).map((t) => t.priority)).toEqual(['low', 'high', 'urgent']);
  });

  it('put the server’s error on the row it names', () => {
    const sent = [
      { priority: 'high' as const, first_response_minutes: 30, resolution_minutes: 20 },
      { priority: 'urgent' as const, first_response_minutes: 5, resolution_minutes: 60 },
    ];
    expect(targetField('targets[0].resolution_minutes', sent)).toBe('targets.high.resolution_minutes');
    expect(targetField('targets[1]', sent)).toBe('targets.urgent.first_response_minutes');
    expect(targetField('name', sent)).toBe('name');
  });

  it('refuse a resolution before the first response, or beyond a year', () => {
    expect(rowError({ on: true, first_response_minutes: 60, resolution_minutes: 30 })).toEqual({ resolution: 'Not before the first response' });
    expect(rowError({ on: true, first_response_minutes: 0, resolution_minutes: 600_000 })).toEqual({ first: '1 minute to a year', resolution: '1 minute to a year' });
    expect(rowError({ on: false, first_response_minutes: 0, resolution_minutes: 0 })).toEqual({});
  });
});
