import { describe, expect, it } from 'vitest';

import { fromLocalInput, toLocalInput } from './dates';

describe('datetime-local values', () => {
  it('go to UTC and back to the same local minute', () => {
    const local = toLocalInput(new Date(2026, 11, 24, 9, 5));
    expect(local).toBe('2026-12-24T09:05');
    const utc = fromLocalInput(local);
    expect(utc).not.toBeNull();
    expect(toLocalInput(new Date(utc ?? ''))).toBe(local);
  });

  it('are null when blank or not a date', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
  });
});
