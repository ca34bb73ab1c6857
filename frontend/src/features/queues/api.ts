// Queues through the API: the board reads them with their figures (shared), the administration
// creates, changes and deletes them.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { serviceKeys } from '@/shared/service/api';

export type Queue = Schemas['Queue'];
export type QueueFields = Schemas['QueueFields'];

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useCreateQueue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: QueueFields) => unwrap(api.POST('/api/v1/queues', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.queues }),
  });
}

/** A queue's fields are sent whole: members replace the list. */
export function useUpdateQueue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, fields }: { id: string; version: number; fields: QueueFields }) =>
      unwrap(api.PATCH('/api/v1/queues/{id}', { params: { path: { id }, header: ifMatch(version) }, body: fields })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.queues }),
  });
}

export function useDeleteQueue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/queues/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: serviceKeys.queues });
      await queryClient.invalidateQueries({ queryKey: ['routing-rules'] });
    },
  });
}

/** Active users by name, for choosing a queue's members (up to 200). */
export async function activeUsers() {
  const page = await unwrap(api.GET('/api/v1/users', { params: { query: { is_active: true, limit: 200, sort: 'full_name' } } }));
  return page.data;
}
