// Opportunities through the API: lists, the open pipeline for the board, one opportunity, create,
// edit, stage changes (optimistic on the board), win, lose, reopen, delete; the sales stages and
// competitors.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapResponse, type Schemas } from '@/shared/api/client';
import type { Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';
import { allowedActionsOf } from '@/shared/session/privileges';

export type Opportunity = Schemas['Opportunity'];
export type OpportunityQuery = NonNullable<operations['list_opportunities']['parameters']['query']>;
export type OpportunitySort = NonNullable<OpportunityQuery['sort']>;
export type SalesStage = Schemas['SalesStage'];
export type OpportunityFields = Schemas['OpportunityFields'];
export type OpportunityPatch = Schemas['OpportunityPatch'];
export type Competitor = Schemas['Competitor'];

export const opportunityKeys = {
  all: ['opportunities'] as const,
  list: (query: OpportunityQuery) => ['opportunities', 'list', query] as const,
  pipeline: (q: string | undefined) => ['opportunities', 'pipeline', q ?? ''] as const,
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

/** The most open opportunities the board loads; beyond it, it says so and points to the list. */
export const PIPELINE_CAP = 500;

export type Pipeline = { opportunities: Opportunity[]; capped: boolean };

/** Every open opportunity (up to {@link PIPELINE_CAP}), most likely first, page after page. */
async function loadPipeline(q: string | undefined): Promise<Pipeline> {
  const opportunities: Opportunity[] = [];
  let cursor: string | undefined;
  for (;;) {
    const limit = Math.min(200, PIPELINE_CAP - opportunities.length);
    const page = await unwrap(api.GET('/api/v1/opportunities', { params: { query: { status: 'open', sort: '-probability', q, limit, cursor } } }));
    opportunities.push(...page.data);
    cursor = page.next_cursor ?? undefined;
    if (!cursor) return { opportunities, capped: false };
    if (opportunities.length >= PIPELINE_CAP) return { opportunities, capped: true };
  }
}

export function usePipeline(q: string | undefined) {
  return useQuery({
    queryKey: opportunityKeys.pipeline(q),
    queryFn: () => loadPipeline(q),
    placeholderData: keepPreviousData,
  });
}

/** The names of accounts by id, 100 ids a request (a board may show hundreds). */
export function useAccountNames(ids: readonly (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((id): id is string => Boolean(id)))].sort();
  return useQuery({
    queryKey: ['accounts', 'names', unique],
    queryFn: async () => {
      const names = new Map<string, string>();
      for (let start = 0; start < unique.length; start += 100) {
        const chunk = unique.slice(start, start + 100);
        const page = await unwrap(api.GET('/api/v1/accounts', { params: { query: { 'id[in]': chunk, limit: 100 } } }));
        for (const a of page.data) names.set(a.id, a.name);
      }
      return names;
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

async function getOpportunity(id: string): Promise<Loaded<Opportunity>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/opportunities/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function opportunityQuery(id: string) {
  return queryOptions({ queryKey: opportunityKeys.one(id), queryFn: () => getOpportunity(id) });
}

export function useOpportunity(id: string) {
  return useQuery(opportunityQuery(id));
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

export function useCreateOpportunity() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OpportunityFields) => unwrap(api.POST('/api/v1/opportunities', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: opportunityKeys.all }),
  });
}

export function useUpdateOpportunity(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: OpportunityPatch; version: number }) =>
      unwrap(api.PATCH('/api/v1/opportunities/{id}', { params: { path: { id }, header: ifMatch(version) }, body: patch })),
    onSuccess: async (saved) => {
      queryClient.setQueryData<Loaded<Opportunity>>(opportunityKeys.one(id), (old) => (old ? { ...old, record: saved } : old));
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all });
    },
  });
}

export function useDeleteOpportunity(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.DELETE('/api/v1/opportunities/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: opportunityKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.all });
    },
  });
}

export type Move = { opportunity: Opportunity; stage: SalesStage };

/**
 * Moves a card of the board to another stage at once (with the stage's default probability, as
 * the server does), and puts it back where it was when the server refuses (412: someone changed
 * it meanwhile; 422: the stage was retired).
 */
export function useMoveOnBoard(q: string | undefined) {
  const queryClient = useQueryClient();
  const key = opportunityKeys.pipeline(q);
  const replace = (id: string, next: (o: Opportunity) => Opportunity) =>
    queryClient.setQueryData<Pipeline>(key, (old) =>
      old ? { ...old, opportunities: old.opportunities.map((o) => (o.id === id ? next(o) : o)) } : old,
    );
  return useMutation({
    mutationFn: ({ opportunity, stage }: Move) =>
      unwrap(
        api.PATCH('/api/v1/opportunities/{id}', {
          params: { path: { id: opportunity.id }, header: ifMatch(opportunity.version) },
          body: { stage: stage.value },
        }),
      ),
    onMutate: async ({ opportunity, stage }: Move) => {
      await queryClient.cancelQueries({ queryKey: key });
      replace(opportunity.id, (o) => ({ ...o, stage: stage.value, probability: stage.default_probability }));
      return { before: opportunity };
    },
    onError: (_error, _move, context) => {
      if (context) replace(context.before.id, () => context.before);
    },
    onSuccess: (saved) => {
      replace(saved.id, () => saved);
      queryClient.setQueryData<Loaded<Opportunity>>(opportunityKeys.one(saved.id), (old) => (old ? { ...old, record: saved } : old));
    },
    onSettled: async (_saved, error, { opportunity }) => {
      await queryClient.invalidateQueries({ queryKey: opportunityKeys.one(opportunity.id) });
      // After a refusal the board reloads, so it shows what the server holds now.
      if (error) await queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
