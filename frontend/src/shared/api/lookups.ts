// Lookups several screens share: records matching a text (for pickers), names of ids (for
// tables), and the organization's units and roles (for selects).
import { keepPreviousData, useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from './client';
import { accountQuery, contactQuery } from './records';

export type Option = { value: string; label: string };
export type OptionGroup = { group: string; items: Option[] };

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
    ...accountQuery(id ?? ''),
    enabled: Boolean(id),
    select: (loaded): Option => ({ value: loaded.record.id, label: loaded.record.name }),
  });
}

/** Contacts whose name (or email) matches, by name; at one account when given. */
export async function searchContacts(text: string, accountId?: string | null): Promise<Option[]> {
  const page = await unwrap(
    api.GET('/api/v1/contacts', {
      params: { query: { q: text || undefined, limit: 20, sort: text ? 'full_name' : '-updated_at', account_id: accountId ?? undefined } },
    }),
  );
  return page.data.map((c) => ({ value: c.id, label: c.full_name }));
}

/** A contact's id and name (for pickers and links), when an id is given and readable. */
export function useContactOption(id: string | null | undefined) {
  return useQuery({
    ...contactQuery(id ?? ''),
    enabled: Boolean(id),
    select: (loaded): Option => ({ value: loaded.record.id, label: loaded.record.full_name }),
  });
}

/** Active users whose name or email matches, by name. */
export async function searchUsers(text: string): Promise<Option[]> {
  const page = await unwrap(
    api.GET('/api/v1/users', { params: { query: { q: text || undefined, limit: 20, sort: 'full_name', is_active: true } } }),
  );
  return page.data.map((u) => ({ value: u.id, label: u.full_name }));
}

/** Teams whose name matches, by name. */
export async function searchTeams(text: string): Promise<Option[]> {
  const page = await unwrap(api.GET('/api/v1/teams', { params: { query: { q: text || undefined, limit: 20, sort: 'name' } } }));
  return page.data.map((t) => ({ value: t.id, label: t.name }));
}

/** Who may own a record: active users and teams matching the text, in two groups. */
export async function searchOwners(text: string): Promise<OptionGroup[]> {
  const [users, teams] = await Promise.all([searchUsers(text), searchTeams(text)]);
  return [
    { group: 'Users', items: users },
    { group: 'Teams', items: teams },
  ].filter((g) => g.items.length > 0);
}

export type OwnerName = { id: string; name: string; kind: 'user' | 'team' };

/** The names of users and teams by id (an owner is either), in two requests at most. */
export function useOwnerNames(ids: readonly (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort();
  return useQuery({
    queryKey: ['owners', 'names', unique],
    queryFn: async () => {
      const idIn = unique;
      const [users, teams] = await Promise.all([
        unwrap(api.GET('/api/v1/users', { params: { query: { 'id[in]': idIn, limit: 200 } } })),
        unwrap(api.GET('/api/v1/teams', { params: { query: { 'id[in]': idIn, limit: 200 } } })),
      ]);
      const names = new Map<string, OwnerName>();
      for (const u of users.data) names.set(u.id, { id: u.id, name: u.full_name, kind: 'user' });
      for (const t of teams.data) names.set(t.id, { id: t.id, name: t.name, kind: 'team' });
      return names;
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

/** The users with these ids (up to 200), by id. */
export function useUsersById(ids: readonly (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort();
  return useQuery({
    queryKey: ['users', 'by-id', unique],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/users', { params: { query: { 'id[in]': unique, limit: 200 } } }));
      return new Map(page.data.map((u) => [u.id, u]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export type Role = Schemas['Role'];

/** Every role, by name (for multi-selects and names). */
export function useAllRoles(enabled = true) {
  return useQuery({
    queryKey: ['roles', 'all'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/roles', { params: { query: { limit: 200, sort: 'name' } } }))).data,
    enabled,
    staleTime: 60_000,
  });
}

export type UnitNode = Schemas['BusinessUnitNode'];
/** A unit in the tree's order, with how deep it sits (the organization is 0). */
export type FlatUnit = { id: string; name: string; parentId: string | null; level: number; path: string[] };

/** The tree as a list in display order (parents before their children). */
export function flattenUnits(nodes: readonly UnitNode[], level = 0, path: string[] = []): FlatUnit[] {
  const out: FlatUnit[] = [];
  for (const node of nodes) {
    const here = [...path, node.name];
    out.push({ id: node.id, name: node.name, parentId: node.parent_id ?? null, level, path: here });
    out.push(...flattenUnits(node.children, level + 1, here));
  }
  return out;
}

/** The organization's business units as a tree, every signed-in user may read it. */
export function useUnitTree() {
  return useQuery({
    queryKey: ['business-units', 'tree'],
    queryFn: () => unwrap(api.GET('/api/v1/business-units/tree')),
    staleTime: 60_000,
  });
}

/** The units in tree order with a map by id, for selects and names. */
export function useUnits() {
  const tree = useUnitTree();
  const flat = tree.data ? flattenUnits(tree.data) : undefined;
  return { ...tree, units: flat, byId: new Map((flat ?? []).map((u) => [u.id, u])) };
}
