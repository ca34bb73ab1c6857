import { describe, expect, it } from 'vitest';

import { viewQuery, type Viewer } from './views';

const viewer: Viewer = { meId: 'me', myQueueIds: ['q1', 'q2'], now: new Date('2026-12-02T10:00:42Z').getTime() };
const OPEN = ['new', 'in_progress', 'on_hold', 'waiting_for_customer'];

describe('the work lists of cases', () => {
  it('show open cases by default, and the caller’s own under "My cases"', () => {
    expect(viewQuery('open', viewer)).toEqual({ 'status[in]': OPEN });
    expect(viewQuery('mine', viewer)).toEqual({ 'status[in]': OPEN, owner_id: 'me' });
    expect(viewQuery('mine', { ...viewer, meId: undefined })).toBeNull();
  });

  it('show the cases of the queues the caller works, and nothing when they work none', () => {
    expect(viewQuery('my_queues', viewer)).toEqual({ 'status[in]': OPEN, 'queue_id[in]': ['q1', 'q2'] });
    expect(viewQuery('my_queues', { ...viewer, myQueueIds: [] })).toBeNull();
  });

  it('find the cases due within the hour whose clock runs, from the whole minute', () => {
    expect(viewQuery('breaching', viewer)).toEqual({ 'status[in]': ['new', 'in_progress'], 'resolve_by_at[lte]': '2026-12-02T11:00:00.000Z' });
  });

  it('flag escalations and exhausted entitlements, with another status filter when asked', () => {
    expect(viewQuery('escalated', viewer)).toEqual({ 'status[in]': OPEN, is_escalated: true });
    expect(viewQuery('exhausted', viewer, 'closed')).toEqual({ 'status[in]': ['resolved', 'cancelled'], entitlement: 'exhausted' });
    expect(viewQuery('open', viewer, 'any')).toEqual({ 'status[in]': undefined });
    expect(viewQuery('open', viewer, 'on_hold')).toEqual({ 'status[in]': ['on_hold'] });
  });
});
