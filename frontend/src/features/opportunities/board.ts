// The board's columns: the stages of the sales process in order, each with its open deals and
// what they add up to. Pure, so it is tested without a browser.
import type { KeyboardCoordinateGetter } from '@dnd-kit/core';

import { sumByCurrency, type CurrencyTotal } from '@/shared/ui/money';

import type { Opportunity, SalesStage } from './api';

export type BoardColumn = {
  stage: SalesStage;
  opportunities: Opportunity[];
  totals: CurrencyTotal[];
};

/**
 * One column per active stage, in the process's order; a retired stage gets a column only while
 * open deals still hold it (they keep it; none may enter it). A deal in a stage the process does
 * not know (deleted meanwhile) is not lost: it gets a column of its own at the end.
 */
export function boardColumns(stages: readonly SalesStage[], opportunities: readonly Opportunity[]): BoardColumn[] {
  const byStage = new Map<string, Opportunity[]>();
  for (const o of opportunities) {
    const list = byStage.get(o.stage) ?? [];
    list.push(o);
    byStage.set(o.stage, list);
  }
  const ordered = [...stages].sort((a, b) => a.sort_order - b.sort_order);
  const known = new Set(ordered.map((s) => s.value));
  const unknown: SalesStage[] = [...byStage.keys()]
    .filter((value) => !known.has(value))
    .map((value) => ({
      id: value,
      value,
      label: value,
      sort_order: Number.MAX_SAFE_INTEGER,
      default_probability: 0,
      is_active: false,
      created_at: '',
      updated_at: '',
      version: 0,
    }));
  return [...ordered, ...unknown]
    .filter((stage) => stage.is_active || byStage.has(stage.value))
    .map((stage) => {
      const deals = byStage.get(stage.value) ?? [];
      return { stage, opportunities: deals, totals: sumByCurrency(deals.map((o) => ({ amount: o.estimated_revenue, currency: o.currency }))) };
    });
}

/**
 * Arrow keys move a card picked up with the keyboard from column to column (left and right; up
 * and down do nothing, a column has no order of its own), skipping columns that refuse cards.
 */
export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const step = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (step === 0 || !collisionRect) return undefined;
  event.preventDefault();
  const centre = collisionRect.left + collisionRect.width / 2;
  const columns = droppableContainers
    .getEnabled()
    .map((container) => droppableRects.get(container.id))
    .filter((rect): rect is NonNullable<typeof rect> => rect !== undefined)
    .map((rect) => ({ rect, centre: rect.left + rect.width / 2 }))
    .filter((column) => (step > 0 ? column.centre > centre + 1 : column.centre < centre - 1))
    .sort((a, b) => (step > 0 ? a.centre - b.centre : b.centre - a.centre));
  const target = columns[0];
  if (!target) return currentCoordinates;
  return { x: target.rect.left + (target.rect.width - collisionRect.width) / 2, y: Math.max(currentCoordinates.y, target.rect.top) };
};
