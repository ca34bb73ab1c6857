// Lookups several screens share: records matching a text, for pickers.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap } from './client';

export type Option = { value: string; label: string };

/** Accounts whose name (or number, email, city) matches; without text, the recently changed. */
export async function searchAccounts(text: string): Promise<Option[]> {
  const page = await unwrap(
    api.GET('/api/v1/accounts', { params: { query: { q: text || undefined, limit: 20, sort: text ? 'name' : '-updated_at' } } }),
  );
  return page.data.map((a) => ({ value: a.id, label: a.name }));
}

/** An account's id and name (for pickers and links), when an id is given and readable. */
export function useAccountOption(id: string | null | undefined) {
  return useQuery({
    queryKey: ['accounts', 'one', id],
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id: id ?? '' } } })),
    enabled: Boolean(id),
    select: (account): Option => ({ value: account.id, label: account.name }),
  });
}
