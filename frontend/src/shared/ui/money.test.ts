import { describe, expect, it } from 'vitest';

import { addDecimals, sumByCurrency } from './money';

describe('money', () => {
  it('adds decimal strings exactly, where floats would not', () => {
    expect(addDecimals(['0.10', '0.20'])).toBe('0.30');
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addDecimals(['90071992547409.93', '0.07'])).toBe('90071992547410.00');
  });

  it('keeps the most digits after the point of any amount', () => {
    expect(addDecimals(['100', '0.5', '1.25'])).toBe('101.75');
    expect(addDecimals(['125000', '5000'])).toBe('130000');
    expect(addDecimals(['0.001', '0.009'])).toBe('0.010');
  });

  it('handles nothing, negatives and what is not a number', () => {
    expect(addDecimals([])).toBe('0');
    expect(addDecimals(['10.00', '-12.50'])).toBe('-2.50');
    expect(addDecimals(['-0.05'])).toBe('-0.05');
    expect(addDecimals(['12', 'abc', '1e3', ''])).toBe('12');
  });

  it('sums per currency, leaving out deals without an amount or a currency', () => {
    expect(
      sumByCurrency([
        { amount: '125000.00', currency: 'EUR' },
        { amount: '1000.50', currency: 'USD' },
        { amount: '0.50', currency: 'EUR' },
        { amount: null, currency: 'EUR' },
        { amount: '99', currency: null },
      ]),
    ).toEqual([
      { currency: 'EUR', amount: '125000.50', count: 2 },
      { currency: 'USD', amount: '1000.50', count: 1 },
    ]);
    expect(sumByCurrency([])).toEqual([]);
  });
});
