// Competitors through the API: the list, create, edit, delete.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { operations } from '@/shared/api/schema';

export type Competitor = Schemas['Competitor'];
export type CompetitorFields = Schemas['CompetitorFields'];
export type CompetitorPatch = Schemas['CompetitorPatch'];
export type CompetitorQuery = NonNullable<operations['list_competitors']['parameters']['query']>;
export type CompetitorSort = NonNullable<CompetitorQuery['sort']>;

/** Under `competitors`, the key the opportunity screens read them with too. */
export const competitorKeys = {
  all: ['competitors'] as const,
  list: (query: CompetitorQuery) => ['competitors', 'list', query] as const,
};

export function useCompetitorList(query: CompetitorQuery) {
  return useQuery({
    queryKey: competitorKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/competitors', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useCreateCompetitor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CompetitorFields) => unwrap(api.POST('/api/v1/competitors', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: competitorKeys.all }),
  });
}

export function useUpdateCompetitor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: CompetitorPatch }) =>
      unwrap(api.PATCH('/api/v1/competitors/{id}', { params: { path: { id }, header: ifMatch(version) }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: competitorKeys.all }),
  });
}

export function useDeleteCompetitor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/competitors/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: competitorKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['opportunities'] });
    },
  });
}
