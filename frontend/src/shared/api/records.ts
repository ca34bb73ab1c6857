// Single records with what the caller may do with them (the `Allowed-Actions` header). The
// record screens and the pickers share these queries, so one cache entry serves both.
import { queryOptions } from '@tanstack/react-query';

import { allowedActionsOf, type AllowedActions } from '@/shared/session/privileges';

import { api, unwrap, unwrapResponse, type Schemas } from './client';
import { ApiProblem } from './problem';

/** A record and the actions the caller may take on it. */
export type Loaded<T> = { record: T; allowed: AllowedActions };

export async function getAccount(id: string): Promise<Loaded<Schemas['Account']>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/accounts/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export async function getContact(id: string): Promise<Loaded<Schemas['Contact']>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function accountQuery(id: string) {
  return queryOptions({ queryKey: ['accounts', 'one', id] as const, queryFn: () => getAccount(id) });
}

export function contactQuery(id: string) {
  return queryOptions({ queryKey: ['contacts', 'one', id] as const, queryFn: () => getContact(id) });
}

/**
 * Gives an account to another owner, then reads it again: `null` when the caller no longer sees
 * it (a salesperson who gave their account away), else the account with its new allowed actions.
 */
export async function assignAccount(id: string, ownerId: string, version: number): Promise<Loaded<Schemas['Account']> | null> {
  await unwrap(
    api.POST('/api/v1/accounts/{id}/assign', {
      params: { path: { id }, header: { 'If-Match': `"${version}"` } },
      body: { owner_id: ownerId },
    }),
  );
  return unlessGone(getAccount(id));
}

/** Gives a contact to another owner; like {@link assignAccount}. */
export async function assignContact(id: string, ownerId: string, version: number): Promise<Loaded<Schemas['Contact']> | null> {
  await unwrap(
    api.POST('/api/v1/contacts/{id}/assign', {
      params: { path: { id }, header: { 'If-Match': `"${version}"` } },
      body: { owner_id: ownerId },
    }),
  );
  return unlessGone(getContact(id));
}

async function unlessGone<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return null;
    throw error;
  }
}
