// Users through the API: queries and mutations the screens use.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { operations } from '@/shared/api/schema';

export type User = Schemas['User'];
export type UserDetail = Schemas['UserDetail'];
export type NewUser = Schemas['NewUser'];
export type UserPatch = Schemas['UserPatch'];
export type UserQuery = NonNullable<operations['list_users']['parameters']['query']>;
export type UserSort = NonNullable<UserQuery['sort']>;

export const userKeys = {
  all: ['users'] as const,
  list: (query: UserQuery) => ['users', 'list', query] as const,
  one: (id: string) => ['users', 'one', id] as const,
  history: (id: string) => ['users', 'one', id, 'history'] as const,
};

export function useUsers(query: UserQuery, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(id: string) {
  return useQuery({
    queryKey: userKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}', { params: { path: { id } } })),
  });
}

export function useUserHistory(id: string) {
  return useQuery({
    queryKey: userKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/users/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

/** After a change to users, what shows them (and the units' user counts) is stale. */
async function refresh(queryClient: ReturnType<typeof useQueryClient>) {
  await queryClient.invalidateQueries({ queryKey: userKeys.all });
  await queryClient.invalidateQueries({ queryKey: ['business-units'] });
  await queryClient.invalidateQueries({ queryKey: ['owners'] });
  await queryClient.invalidateQueries({ queryKey: ['me'] });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewUser) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: UserPatch; version: number }) =>
      unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } }, body: patch })),
    onSuccess: async (user) => {
      queryClient.setQueryData(userKeys.one(id), user);
      await refresh(queryClient);
    },
  });
}

export function useSetPassword(id: string) {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.POST('/api/v1/users/{id}/password', { params: { path: { id } }, body: { new_password: password } })),
  });
}

export function useReassignUsers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['ReassignUsers']) => unwrap(api.POST('/api/v1/users/reassign', { body })),
    onSuccess: () => refresh(queryClient),
  });
}
