// Service-level policies through the API: the list (shared), create, change (sent whole), delete.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { serviceKeys } from '@/shared/service/api';

export type SlaPolicy = Schemas['SlaPolicy'];
export type SlaPolicyFields = Schemas['SlaPolicyFields'];
export type SlaTarget = Schemas['SlaTarget'];

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useCreatePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SlaPolicyFields) => unwrap(api.POST('/api/v1/sla-policies', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.slaPolicies }),
  });
}

export function useUpdatePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, fields }: { id: string; version: number; fields: SlaPolicyFields }) =>
      unwrap(api.PATCH('/api/v1/sla-policies/{id}', { params: { path: { id }, header: ifMatch(version) }, body: fields })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.slaPolicies }),
  });
}

export function useDeletePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/sla-policies/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.slaPolicies }),
  });
}
