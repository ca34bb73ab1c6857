// Accounts through the API: queries and mutations the screens use.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { assignAccount, accountQuery, type Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';

export type Account = Schemas['Account'];
export type AccountFields = Schemas['AccountFields'];
export type AccountPatch = Schemas['AccountPatch'];
export type Contact = Schemas['Contact'];
export type AccountQuery = NonNullable<operations['list_accounts']['parameters']['query']>;
export type AccountSort = NonNullable<AccountQuery['sort']>;
export type ContactQuery = NonNullable<operations['list_account_contacts']['parameters']['query']>;
export type Case = Schemas['Case'];

export const RELATIONSHIP_TYPES: { value: NonNullable<Account['relationship_type']>; label: string; color: string }[] = [
  { value: 'customer', label: 'Customer', color: 'teal' },
  { value: 'prospect', label: 'Prospect', color: 'blue' },
  { value: 'partner', label: 'Partner', color: 'violet' },
  { value: 'reseller', label: 'Reseller', color: 'indigo' },
  { value: 'vendor', label: 'Vendor', color: 'orange' },
  { value: 'competitor', label: 'Competitor', color: 'red' },
  { value: 'other', label: 'Other', color: 'gray' },
];

export const accountKeys = {
  all: ['accounts'] as const,
  list: (query: AccountQuery) => ['accounts', 'list', query] as const,
  one: (id: string) => ['accounts', 'one', id] as const,
  contacts: (id: string, query: ContactQuery) => ['accounts', 'one', id, 'contacts', query] as const,
  history: (id: string) => ['accounts', 'one', id, 'history'] as const,
};

export function useAccounts(query: AccountQuery) {
  return useQuery({
    queryKey: accountKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/accounts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** An account with what the caller may do with it. */
export function useAccount(id: string) {
  return useQuery(accountQuery(id));
}

export function useAccountContacts(id: string, query: ContactQuery) {
  return useQuery({
    queryKey: accountKeys.contacts(id, query),
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}/contacts', { params: { path: { id }, query } })),
    placeholderData: keepPreviousData,
  });
}

/** The account's cases, newest first (under `cases`, so case changes reload them). */
export function useAccountCases(id: string, enabled: boolean) {
  const query = { account_id: id, limit: 100, sort: '-created_at' as const, count: true };
  return useQuery({
    queryKey: ['cases', 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })),
    enabled,
  });
}

export function useAccountHistory(id: string) {
  return useQuery({
    queryKey: accountKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

export function useCreateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AccountFields) => unwrap(api.POST('/api/v1/accounts', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useUpdateAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: AccountPatch; version: number }) =>
      unwrap(
        api.PATCH('/api/v1/accounts/{id}', {
          params: { path: { id }, header: { 'If-Match': `"${version}"` } },
          body: patch,
        }),
      ),
    onSuccess: async (account) => {
      queryClient.setQueryData<Loaded<Account>>(accountKeys.one(id), (old) => (old ? { ...old, record: account } : old));
      await queryClient.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}

/**
 * Gives the account to another owner (a user or a team). Resolves to `null` when the caller no
 * longer sees it afterwards.
 */
export function useAssignAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ownerId, version }: { ownerId: string; version: number }) => assignAccount(id, ownerId, version),
    onSuccess: async (loaded) => {
      await queryClient.invalidateQueries({ queryKey: [...accountKeys.all, 'list'] });
      if (!loaded) return;
      queryClient.setQueryData(accountKeys.one(id), loaded);
      await queryClient.invalidateQueries({ queryKey: accountKeys.history(id) });
    },
  });
}

export function useDeleteAccount(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(api.DELETE('/api/v1/accounts/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: accountKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: accountKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
}
