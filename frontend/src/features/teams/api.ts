// Teams through the API: queries and mutations the screens use.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { operations } from '@/shared/api/schema';

export type Team = Schemas['Team'];
export type TeamDetail = Schemas['TeamDetail'];
export type TeamFields = Schemas['TeamFields'];
export type TeamPatch = Schemas['TeamPatch'];
export type TeamQuery = NonNullable<operations['list_teams']['parameters']['query']>;
export type TeamSort = NonNullable<TeamQuery['sort']>;

export const teamKeys = {
  all: ['teams'] as const,
  list: (query: TeamQuery) => ['teams', 'list', query] as const,
  one: (id: string) => ['teams', 'one', id] as const,
};

export function useTeams(query: TeamQuery) {
  return useQuery({
    queryKey: teamKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/teams', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useTeam(id: string) {
  return useQuery({
    queryKey: teamKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/teams/{id}', { params: { path: { id } } })),
  });
}

async function refresh(queryClient: ReturnType<typeof useQueryClient>) {
  await queryClient.invalidateQueries({ queryKey: teamKeys.all });
  await queryClient.invalidateQueries({ queryKey: ['owners'] });
  await queryClient.invalidateQueries({ queryKey: ['users'] });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TeamFields) => unwrap(api.POST('/api/v1/teams', { body })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateTeam(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: TeamPatch; version: number }) =>
      unwrap(api.PATCH('/api/v1/teams/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } }, body: patch })),
    onSuccess: async (team) => {
      queryClient.setQueryData(teamKeys.one(id), team);
      await refresh(queryClient);
    },
  });
}

export function useDeleteTeam(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.DELETE('/api/v1/teams/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: teamKeys.one(id) });
      await refresh(queryClient);
    },
  });
}

export function useAddMembers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userIds: string[]) => unwrap(api.POST('/api/v1/teams/{id}/members', { params: { path: { id } }, body: { user_ids: userIds } })),
    onSuccess: async (team) => {
      queryClient.setQueryData(teamKeys.one(id), team);
      await refresh(queryClient);
    },
  });
}

export function useRemoveMember(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => unwrap(api.DELETE('/api/v1/teams/{id}/members/{user_id}', { params: { path: { id, user_id: userId } } })),
    onSuccess: async (team) => {
      queryClient.setQueryData(teamKeys.one(id), team);
      await refresh(queryClient);
    },
  });
}
