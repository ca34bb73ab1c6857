// Reordering records that carry a `sort_order` (picklist values, sales stages): moving one gives
// the records new, evenly spaced orders, and only those whose order changes are written.

export type Ordered = { id: string; sort_order: number; version: number };

export type OrderChange = { id: string; version: number; sort_order: number };

/** The list with the item at `from` moved to `to`. */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length) return out;
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/**
 * The writes that put `items` (in their current order) into the order with the item at `from`
 * moved to `to`: orders 10, 20, 30…, for the records whose order is not that already.
 */
export function reorderChanges(items: readonly Ordered[], from: number, to: number): OrderChange[] {
  return moveItem(items, from, to).flatMap((item, index) => {
    const sort_order = (index + 1) * 10;
    return item.sort_order === sort_order ? [] : [{ id: item.id, version: item.version, sort_order }];
  });
}

/** A value for a new choice from its label: `Trade show 2026` -> `trade_show_2026`. */
export function valueFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 50);
}
