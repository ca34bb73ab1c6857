import { describe, expect, it } from 'vitest';

import { moveItem, reorderChanges, valueFromLabel } from './ordering';

const items = [
  { id: 'a', sort_order: 10, version: 1 },
  { id: 'b', sort_order: 20, version: 4 },
  { id: 'c', sort_order: 30, version: 2 },
];

describe('ordering', () => {
  it('moves an item', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
  });

  it('writes only the orders that change, with the versions to match', () => {
    expect(reorderChanges(items, 2, 1)).toEqual([
      { id: 'c', version: 2, sort_order: 20 },
      { id: 'b', version: 4, sort_order: 30 },
    ]);
    expect(reorderChanges(items, 1, 1)).toEqual([]);
  });

  it('spreads orders that were equal or crowded', () => {
    const crowded = [
      { id: 'a', sort_order: 0, version: 1 },
      { id: 'b', sort_order: 0, version: 1 },
    ];
    expect(reorderChanges(crowded, 1, 0)).toEqual([
      { id: 'b', version: 1, sort_order: 10 },
      { id: 'a', version: 1, sort_order: 20 },
    ]);
  });

  it('makes a value from a label', () => {
    expect(valueFromLabel('Trade show 2026')).toBe('trade_show_2026');
    expect(valueFromLabel('  Démo / Proof of concept! ')).toBe('demo_proof_of_concept');
    expect(valueFromLabel('')).toBe('');
  });
});
