import { describe, expect, it } from 'vitest';

import type { RecordAction } from '@/shared/session/privileges';

import { caseActions } from './actions';

const all = new Set<RecordAction>(['update', 'delete', 'assign']);

describe('the actions of a case', () => {
  it('start a new case, pause or resolve it, and never reactivate an open one', () => {
    const actions = caseActions({ status: 'new' }, all, 'me');
    expect([...actions].sort()).toEqual(['assign', 'cancel', 'delete', 'edit', 'escalate', 'hold', 'resolve', 'route', 'start', 'wait']);
  });

  it('resume a paused case, or move it to the other pause', () => {
    const held = caseActions({ status: 'on_hold' }, all, 'me');
    expect(held.has('resume')).toBe(true);
    expect(held.has('hold')).toBe(false);
    expect(held.has('wait')).toBe(true);
    expect(held.has('start')).toBe(false);
    const waiting = caseActions({ status: 'waiting_for_customer' }, all, 'me');
    expect(waiting.has('hold')).toBe(true);
    expect(waiting.has('wait')).toBe(false);
  });

  it('only reactivate (or delete) a closed case', () => {
    expect([...caseActions({ status: 'resolved' }, all, 'me')].sort()).toEqual(['delete', 'reactivate']);
    expect([...caseActions({ status: 'cancelled' }, new Set<RecordAction>(['update']), 'me')]).toEqual(['reactivate']);
  });

  it('let the caller take a queued case someone else works, when they may assign it', () => {
    expect(caseActions({ status: 'in_progress', queue_id: 'q', worked_by_id: null }, all, 'me').has('take')).toBe(true);
    expect(caseActions({ status: 'in_progress', queue_id: 'q', worked_by_id: 'me' }, all, 'me').has('take')).toBe(false);
    expect(caseActions({ status: 'in_progress', queue_id: null }, all, 'me').has('take')).toBe(false);
    expect(caseActions({ status: 'in_progress', queue_id: 'q' }, new Set<RecordAction>(['update']), 'me').has('take')).toBe(false);
    // A member of the case's queue takes it with the privilege to change it.
    expect(caseActions({ status: 'in_progress', queue_id: 'q' }, new Set<RecordAction>(['update']), 'me', true).has('take')).toBe(true);
  });

  it('offer nothing but reading without privileges on the case', () => {
    expect(caseActions({ status: 'in_progress' }, new Set<RecordAction>(), 'me').size).toBe(0);
  });
});
