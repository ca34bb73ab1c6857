// Opportunities through the API: lists, one opportunity, stage changes, win, lose, reopen; the
// sales stages and competitors.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapResponse, type Schemas } from '@/shared/api/client';
import type { Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';
import { allowedActionsOf } from '@/shared/session/privileges';

export type Opportunity = Schemas['Opportunity'];
export type OpportunityQuery = NonNullable<operations['list_opportunities']['parameters']['query']>;
export type OpportunitySort = NonNullable<OpportunityQuery['sort']>;
export type SalesStage = Schemas['SalesStage'];

export const opportunityKeys = {
  all: ['opportunities'] as const,
  list: (query: OpportunityQuery) => ['opportunities', 'list', query] as const,
  one: (id: string) => ['opportunities', 'one', id] as const,
  history: (id: string) => ['opportunities', 'one', id, 'history'] as const,
};

export function useOpportunities(query: OpportunityQuery) {
  return useQuery({
    queryKey: opportunityKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/opportunities', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

async function getOpportunity(id: string): Promise<Loaded<Opportunity>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function useOpportunity(id: string) {
  return useQuery(queryOptions({ queryKey: opportunityKeys.one(id), queryFn: () => getOpportunity(id) }));
}

export function useOpportunityHistory(id: string) {
  return useQuery({
    queryKey: opportunityKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/opportunities/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

/** The sales process: every stage in order (retired ones too, as opportunities may hold them). */
export function useSalesStages() {
  return useQuery({
    queryKey: ['sales-stages'],
    queryFn: () => unwrap(api.GET('/api/v1/sales-stages', { params: { query: { limit: 200 } } })),
    select: (page) => page.data,
    staleTime: 5 * 60_000,
  });
}

export function useCompetitors() {
  return useQuery({
    queryKey: ['competitors'],
    queryFn: () => unwrap(api.GET('/api/v1/competitors', { params: { query: { limit: 200 } } })),
    select: (page) => page.data,
    staleTime: 60_000,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function useOpportunityMutation<T>(run: (body: T, version: number) => Promise<Opportunity>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: T; version: number }) => run(body, version),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: opportunityKeys.all }),
  });
}

export function useChangeStage(id: string) {
  return useOpportunityMutation<string>((stage, version) =>
    unwrap(api.PATCH('/api/v1/opportunities/{id}', { params: { path: { id }, header: ifMatch(version) }, body: { stage } })),
  );
}

export function useWin(id: string) {
  return useOpportunityMutation<Schemas['Win']>((body, version) =>
    unwrap(api.POST('/api/v1/opportunities/{id}/win', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useLose(id: string) {
  return useOpportunityMutation<Schemas['Loss']>((body, version) =>
    unwrap(api.POST('/api/v1/opportunities/{id}/lose', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useReopenOpportunity(id: string) {
  return useOpportunityMutation<null>((_, version) =>
    unwrap(api.POST('/api/v1/opportunities/{id}/reopen', { params: { path: { id }, header: ifMatch(version) } })),
  );
}
