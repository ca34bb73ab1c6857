// Contracts through the API: the list, one contract, create and edit, activate, cancel, assign,
// delete, its history, and the cases served under it.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapResponse, type Schemas } from '@/shared/api/client';
import type { Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';
import { allowedActionsOf } from '@/shared/session/privileges';

export type Contract = Schemas['Contract'];
export type ContractFields = Schemas['ContractFields'];
export type ContractPatch = Schemas['ContractPatch'];
export type ContractQuery = NonNullable<operations['list_contracts']['parameters']['query']>;
export type ContractSort = NonNullable<ContractQuery['sort']>;
export type Case = Schemas['Case'];
export type CaseQuery = NonNullable<operations['list_cases']['parameters']['query']>;

/** Under `contracts`: the case screens read one contract under the same key. */
export const contractKeys = {
  all: ['contracts'] as const,
  list: (query: ContractQuery) => ['contracts', 'list', query] as const,
  one: (id: string) => ['contracts', 'one', id] as const,
  history: (id: string) => ['contracts', 'one', id, 'history'] as const,
};

export function useContracts(query: ContractQuery) {
  return useQuery({
    queryKey: contractKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/contracts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

async function getContract(id: string): Promise<Loaded<Contract>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/contracts/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function contractQuery(id: string) {
  return queryOptions({ queryKey: contractKeys.one(id), queryFn: () => getContract(id) });
}

export function useContract(id: string) {
  return useQuery(contractQuery(id));
}

export function useContractHistory(id: string) {
  return useQuery({
    queryKey: contractKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/contracts/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

/** The cases served under a contract, newest first. */
export function useContractCases(contractId: string, query: CaseQuery) {
  return useQuery({
    queryKey: ['cases', 'list', { ...query, contract_id: contractId }],
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query: { ...query, contract_id: contractId } } })),
    placeholderData: keepPreviousData,
  });
}

/** The names of the accounts and contacts of a page of contracts. */
export function useCustomerNames(contracts: readonly Contract[] | undefined) {
  const accounts = [...new Set((contracts ?? []).flatMap((c) => (c.account_id ? [c.account_id] : [])))].sort().slice(0, 200);
  const contacts = [...new Set((contracts ?? []).flatMap((c) => (c.contact_id ? [c.contact_id] : [])))].sort().slice(0, 200);
  return useQuery({
    queryKey: ['contracts', 'customers', accounts, contacts],
    queryFn: async () => {
      const names = new Map<string, string>();
      const [a, c] = await Promise.all([
        accounts.length > 0 ? unwrap(api.GET('/api/v1/accounts', { params: { query: { 'id[in]': accounts, limit: 200 } } })) : null,
        contacts.length > 0 ? unwrap(api.GET('/api/v1/contacts', { params: { query: { 'id[in]': contacts, limit: 200 } } })) : null,
      ]);
      for (const account of a?.data ?? []) names.set(account.id, account.name);
      for (const contact of c?.data ?? []) names.set(contact.id, contact.full_name);
      return names;
    },
    enabled: accounts.length + contacts.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function useContractWrite<T>(id: string, run: (body: T, version: number) => Promise<Contract>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: T; version: number }) => run(body, version),
    onSuccess: async (saved) => {
      queryClient.setQueryData<Loaded<Contract>>(contractKeys.one(id), (old) => (old ? { ...old, record: saved } : old));
      await queryClient.invalidateQueries({ queryKey: contractKeys.all });
    },
    onError: () => queryClient.invalidateQueries({ queryKey: contractKeys.one(id) }),
  });
}

export function useUpdateContract(id: string) {
  return useContractWrite<ContractPatch>(id, (body, version) =>
    unwrap(api.PATCH('/api/v1/contracts/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useActivateContract(id: string) {
  return useContractWrite<null>(id, (_, version) => unwrap(api.POST('/api/v1/contracts/{id}/activate', { params: { path: { id }, header: ifMatch(version) } })));
}

export function useCancelContract(id: string) {
  return useContractWrite<null>(id, (_, version) => unwrap(api.POST('/api/v1/contracts/{id}/cancel', { params: { path: { id }, header: ifMatch(version) } })));
}

/** Gives a contract to another owner, then reads it again (`null` when the caller no longer sees it). */
export function useAssignContract(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ ownerId, version }: { ownerId: string; version: number }) => {
      await unwrap(api.POST('/api/v1/contracts/{id}/assign', { params: { path: { id }, header: ifMatch(version) }, body: { owner_id: ownerId } }));
      try {
        return await getContract(id);
      } catch {
        return null;
      }
    },
    onSuccess: async (loaded) => {
      if (loaded) queryClient.setQueryData(contractKeys.one(id), loaded);
      await queryClient.invalidateQueries({ queryKey: contractKeys.all });
    },
  });
}

export function useCreateContract() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractFields) => unwrap(api.POST('/api/v1/contracts', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contractKeys.all }),
  });
}

export function useDeleteContract(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.DELETE('/api/v1/contracts/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: contractKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: contractKeys.all });
    },
  });
}
