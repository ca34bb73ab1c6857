// Cases through the API: the work lists, one case, create and edit, its status moves and actions
// (assign, escalate, resolve, cancel, reactivate, route), delete; the names of their customers.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapResponse, type Schemas } from '@/shared/api/client';
import type { Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';
import { allowedActionsOf } from '@/shared/session/privileges';

export type Case = Schemas['Case'];
export type CaseFields = Schemas['CaseFields'];
export type CasePatch = Schemas['CasePatch'];
export type CaseAssignment = Schemas['CaseAssignment'];
export type Escalation = Schemas['Escalation'];
export type CaseQuery = NonNullable<operations['list_cases']['parameters']['query']>;
export type CaseSort = NonNullable<CaseQuery['sort']>;
export type Contract = Schemas['Contract'];

/** Under `cases`: the timeline's quick actions reload `['cases', 'one', id]` after logging. */
export const caseKeys = {
  all: ['cases'] as const,
  list: (query: CaseQuery) => ['cases', 'list', query] as const,
  count: (query: CaseQuery) => ['cases', 'count', query] as const,
  one: (id: string) => ['cases', 'one', id] as const,
};

export function useCases(query: CaseQuery, enabled = true) {
  return useQuery({
    queryKey: caseKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/cases', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** How many cases a work list holds (for the counts on its tab). */
export function useCaseCount(query: CaseQuery, enabled = true) {
  return useQuery({
    queryKey: caseKeys.count(query),
    queryFn: async () => (await unwrap(api.GET('/api/v1/cases', { params: { query: { ...query, limit: 1, count: true } } }))).total ?? 0,
    enabled,
    staleTime: 30_000,
  });
}

async function getCase(id: string): Promise<Loaded<Case>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/cases/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function caseQuery(id: string) {
  return queryOptions({ queryKey: caseKeys.one(id), queryFn: () => getCase(id) });
}

export function useCase(id: string) {
  return useQuery(caseQuery(id));
}

/** A contract's number and name, for the case page's link (`null` when none or not readable). */
export function useContractSummary(id: string | null | undefined) {
  return useQuery({
    queryKey: ['contracts', 'one', id ?? ''],
    queryFn: async () => {
      const { data, response } = await unwrapResponse(api.GET('/api/v1/contracts/{id}', { params: { path: { id: id ?? '' } } }));
      return { record: data, allowed: allowedActionsOf(response) };
    },
    enabled: Boolean(id),
    select: (loaded) => loaded.record,
    retry: false,
  });
}

/** Contracts of a customer that may cover a new case (drafts and active ones), for the form. */
export async function searchContracts(text: string, customer: { accountId: string | null; contactId: string | null }) {
  const page = await unwrap(
    api.GET('/api/v1/contracts', {
      params: {
        query: {
          q: text || undefined,
          limit: 20,
          sort: '-created_at',
          'status[in]': ['active', 'draft'],
          account_id: customer.accountId ?? undefined,
          contact_id: customer.accountId ? undefined : (customer.contactId ?? undefined),
        },
      },
    }),
  );
  return page.data.map((c) => ({ value: c.id, label: `${c.number} · ${c.name}` }));
}

/** The names of the accounts and contacts of a page of cases, 200 ids a request. */
export function useCustomerNames(cases: readonly Case[] | undefined) {
  const accounts = [...new Set((cases ?? []).flatMap((c) => (c.account_id ? [c.account_id] : [])))].sort().slice(0, 200);
  const contacts = [...new Set((cases ?? []).flatMap((c) => (c.contact_id ? [c.contact_id] : [])))].sort().slice(0, 200);
  return useQuery({
    queryKey: ['cases', 'customers', accounts, contacts],
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

/** A write that returns the case: the page shows the answer at once, and the lists reload. */
function useCaseWrite<T>(id: string, run: (body: T, version: number) => Promise<Case>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: T; version: number }) => run(body, version),
    onSuccess: async (saved) => {
      queryClient.setQueryData<Loaded<Case>>(caseKeys.one(id), (old) => (old ? { ...old, record: saved } : old));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.all }),
        // Queue figures and contract allotments follow the case.
        queryClient.invalidateQueries({ queryKey: ['queues'] }),
        queryClient.invalidateQueries({ queryKey: ['contracts'] }),
        queryClient.invalidateQueries({ queryKey: ['timeline', 'cases', id] }),
      ]);
    },
    // A refusal often means the page is behind (someone else moved the case): show what is now.
    onError: () => queryClient.invalidateQueries({ queryKey: caseKeys.one(id) }),
  });
}

export function useUpdateCase(id: string) {
  return useCaseWrite<CasePatch>(id, (body, version) =>
    unwrap(api.PATCH('/api/v1/cases/{id}', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useAssignCase(id: string) {
  return useCaseWrite<CaseAssignment>(id, (body, version) =>
    unwrap(api.POST('/api/v1/cases/{id}/assign', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useEscalateCase(id: string) {
  return useCaseWrite<Escalation>(id, (body, version) =>
    unwrap(api.POST('/api/v1/cases/{id}/escalate', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useResolveCase(id: string) {
  return useCaseWrite<Schemas['Resolution']>(id, (body, version) =>
    unwrap(api.POST('/api/v1/cases/{id}/resolve', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useCancelCase(id: string) {
  return useCaseWrite<Schemas['Cancellation']>(id, (body, version) =>
    unwrap(api.POST('/api/v1/cases/{id}/cancel', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useReactivateCase(id: string) {
  return useCaseWrite<null>(id, (_, version) =>
    unwrap(api.POST('/api/v1/cases/{id}/reactivate', { params: { path: { id }, header: ifMatch(version) } })),
  );
}

export function useRouteCase(id: string) {
  return useCaseWrite<null>(id, (_, version) => unwrap(api.POST('/api/v1/cases/{id}/route', { params: { path: { id }, header: ifMatch(version) } })));
}

export function useCreateCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseFields) => unwrap(api.POST('/api/v1/cases', { body })),
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['queues'] }),
        queryClient.invalidateQueries({ queryKey: ['contracts'] }),
      ]);
    },
  });
}

export function useDeleteCase(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.DELETE('/api/v1/cases/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: caseKeys.one(id) });
      await Promise.all([queryClient.invalidateQueries({ queryKey: caseKeys.all }), queryClient.invalidateQueries({ queryKey: ['queues'] })]);
    },
  });
}
