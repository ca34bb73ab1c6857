// A routing rule's conditions in words, for the list of rules: "Priority high or urgent",
// "Title contains printer". Pure, so the list and the tests read them alike.
import { ORIGIN, PRIORITY } from '@/shared/service/words';

import type { RoutingConditions } from './api';

export type Names = {
  accounts?: ReadonlyMap<string, string>;
  products?: ReadonlyMap<string, string>;
  subjects?: ReadonlyMap<string, string>;
};

function either(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1] ?? ''}`;
}

/** One phrase per condition; none means the rule takes every case. */
export function describeConditions(c: RoutingConditions, names: Names = {}): string[] {
  const out: string[] = [];
  if (c.priorities?.length) out.push(`Priority ${either(c.priorities.map((p) => PRIORITY[p].label.toLowerCase()))}`);
  if (c.origins?.length) out.push(`By ${either(c.origins.map((o) => ORIGIN[o].toLowerCase()))}`);
  if (c.products?.length) out.push(`Product ${either(c.products.map((p) => names.products?.get(p) ?? p))}`);
  if (c.subjects?.length) out.push(`Subject ${either(c.subjects.map((s) => names.subjects?.get(s) ?? s))}`);
  if (c.account_ids?.length) {
    const known = c.account_ids.map((id) => names.accounts?.get(id));
    out.push(known.every(Boolean) ? `Account ${either(known.map((n) => n ?? ''))}` : `${c.account_ids.length} account${c.account_ids.length === 1 ? '' : 's'}`);
  }
  if (c.title_contains?.trim()) out.push(`Title contains “${c.title_contains.trim()}”`);
  return out;
}
