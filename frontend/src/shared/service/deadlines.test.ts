import { describe, expect, it } from 'vitest';

import { deadlineAt, deadlineLook, formatLeft, type DeadlineFacts } from './deadlines';
import { formatAllotment, formatMinutes } from './words';

const NOW = new Date('2026-12-02T10:00:00Z').getTime();

const facts = (over: Partial<DeadlineFacts>): DeadlineFacts => ({ dueAt: null, metAt: null, breached: false, pausedAt: null, closed: false, ...over });

describe('a case deadline', () => {
  it('counts down to the deadline, and is soon within the hour', () => {
    const later = deadlineAt(facts({ dueAt: '2026-12-02T13:20:00Z' }), NOW);
    expect(later).toEqual({ state: 'running', leftMs: 200 * 60_000, overdue: false, soon: false });
    expect(deadlineLook(later)).toEqual({ label: '3 h 20 min left', color: 'teal', alarm: false });
    const soon = deadlineAt(facts({ dueAt: '2026-12-02T10:45:00Z' }), NOW);
    expect(deadlineLook(soon)).toEqual({ label: '45 min left', color: 'orange', alarm: false });
  });

  it('is overdue once the deadline passed, or when the server says it is breached', () => {
    const late = deadlineAt(facts({ dueAt: '2026-12-02T08:30:00Z' }), NOW);
    expect(deadlineLook(late)).toEqual({ label: '1 h 30 min overdue', color: 'red', alarm: true });
    const flagged = deadlineAt(facts({ dueAt: '2026-12-02T10:00:30Z', breached: true }), NOW);
    expect(deadlineLook(flagged).alarm).toBe(true);
  });

  it('stands still while the clock is paused, with the time that was left at the pause', () => {
    const paused = deadlineAt(facts({ dueAt: '2026-12-02T12:00:00Z', pausedAt: '2026-12-02T09:00:00Z' }), NOW);
    expect(paused).toEqual({ state: 'paused', leftMs: 3 * 3600_000 });
    expect(deadlineLook(paused).label).toBe('Paused · 3 h left');
    expect(deadlineAt(facts({ dueAt: '2026-12-02T12:00:00Z', pausedAt: '2026-12-02T09:00:00Z' }), NOW + 5 * 3600_000)).toEqual(paused);
  });

  it('is met, in time or late, once answered; closed or without a target otherwise', () => {
    expect(deadlineLook(deadlineAt(facts({ dueAt: '2026-12-02T08:00:00Z', metAt: '2026-12-02T07:00:00Z' }), NOW))).toMatchObject({ label: 'Met' });
    expect(deadlineLook(deadlineAt(facts({ dueAt: '2026-12-02T08:00:00Z', metAt: '2026-12-02T09:00:00Z', breached: true }), NOW))).toMatchObject({ label: 'Missed', alarm: true });
    expect(deadlineAt(facts({ dueAt: '2026-12-02T08:00:00Z', closed: true }), NOW)).toEqual({ state: 'stopped' });
    expect(deadlineAt(facts({}), NOW)).toEqual({ state: 'none' });
  });
});

describe('durations', () => {
  it('read as people say them', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(150)).toBe('2 h 30 min');
    expect(formatMinutes(3 * 24 * 60 + 4 * 60 + 10)).toBe('3 d 4 h');
    expect(formatMinutes(null)).toBe('');
    expect(formatLeft(20_000)).toBe('less than a minute');
  });

  it('and allotments with their unit', () => {
    expect(formatAllotment(1, 'cases')).toBe('1 case');
    expect(formatAllotment(12, 'cases')).toBe('12 cases');
    expect(formatAllotment(600, 'minutes')).toBe('600 minutes');
  });
});
