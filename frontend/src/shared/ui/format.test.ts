import { describe, expect, it } from 'vitest';

import { formatMoney, formatRelative, humanize, initials } from './format';

describe('format', () => {
  it('formats decimal strings without float rounding', () => {
    expect(formatMoney('12500.50', 'USD')).toContain('12,500.50');
    expect(formatMoney('90071992547409.93', 'USD')).toContain('90,071,992,547,409.93');
    expect(formatMoney(null, 'USD')).toBe('');
    expect(formatMoney('10', null)).toBe('10');
  });

  it('says how long ago in words', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(formatRelative('2026-11-23T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-11-22T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2026-11-23T11:59:50Z', now)).toBe('just now');
  });

  it('turns API words and names into labels', () => {
    expect(humanize('business_unit_tree')).toBe('Business unit tree');
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  contoso  ')).toBe('C');
    expect(initials('')).toBe('?');
  });
});
