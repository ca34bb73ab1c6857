// API keys through the API.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { operations } from '@/shared/api/schema';

export type ApiKey = Schemas['ApiKey'];
export type CreatedApiKey = Schemas['CreatedApiKey'];
export type ApiKeyQuery = NonNullable<operations['list_api_keys']['parameters']['query']>;
export type ApiKeySort = NonNullable<ApiKeyQuery['sort']>;

const all = ['api-keys'] as const;

export function useApiKeys(query: ApiKeyQuery) {
  return useQuery({
    queryKey: [...all, 'list', query],
    queryFn: () => unwrap(api.GET('/api/v1/api-keys', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['NewApiKey']) => unwrap(api.POST('/api/v1/api-keys', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: all }),
  });
}

export function useRevokeApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: all }),
  });
}
