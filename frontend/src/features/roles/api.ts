// Roles through the API: queries and mutations the screens use.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { operations } from '@/shared/api/schema';

export type Role = Schemas['Role'];
export type RoleDetail = Schemas['RoleDetail'];
export type RoleFields = Schemas['RoleFields'];
export type RolePatch = Schemas['RolePatch'];
export type RoleQuery = NonNullable<operations['list_roles']['parameters']['query']>;
export type RoleSort = NonNullable<RoleQuery['sort']>;

export const roleKeys = {
  all: ['roles'] as const,
  list: (query: RoleQuery) => ['roles', 'list', query] as const,
  one: (id: string) => ['roles', 'one', id] as const,
};

export function useRoles(query: RoleQuery) {
  return useQuery({
    queryKey: roleKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/roles', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useRole(id: string) {
  return useQuery({
    queryKey: roleKeys.one(id),
    queryFn: () => unwrap(api.GET('/api/v1/roles/{id}', { params: { path: { id } } })),
  });
}

async function refresh(queryClient: ReturnType<typeof useQueryClient>) {
  await queryClient.invalidateQueries({ queryKey: roleKeys.all });
  // A changed role changes what its holders may do, perhaps the caller.
  await queryClient.invalidateQueries({ queryKey: ['me'] });
}

export function useCreateRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RoleFields) => unwrap(api.POST('/api/v1/roles', { body })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useUpdateRole(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: RolePatch; version: number }) =>
      unwrap(api.PATCH('/api/v1/roles/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } }, body: patch })),
    onSuccess: async (role) => {
      queryClient.setQueryData(roleKeys.one(id), role);
      await refresh(queryClient);
    },
  });
}

export function useDeleteRole(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.DELETE('/api/v1/roles/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: roleKeys.one(id) });
      await refresh(queryClient);
    },
  });
}
