// Lookups several screens share: records matching a text, for pickers.
import { api, unwrap } from './client';

export type Option = { value: string; label: string };

/** Accounts whose name (or number, email, city) matches; without text, the recently changed. */
export async function searchAccounts(text: string): Promise<Option[]> {
  const page = await unwrap(
    api.GET('/api/v1/accounts', { params: { query: { q: text || undefined, limit: 20, sort: text ? 'name' : '-updated_at' } } }),
  );
  return page.data.map((a) => ({ value: a.id, label: a.name }));
}
