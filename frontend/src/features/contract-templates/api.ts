// Contract templates through the API: the list (shared), create, change (sent whole), delete.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { serviceKeys } from '@/shared/service/api';

export type ContractTemplate = Schemas['ContractTemplate'];
export type ContractTemplateFields = Schemas['ContractTemplateFields'];

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useCreateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContractTemplateFields) => unwrap(api.POST('/api/v1/contract-templates', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.contractTemplates }),
  });
}

export function useUpdateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, fields }: { id: string; version: number; fields: ContractTemplateFields }) =>
      unwrap(api.PATCH('/api/v1/contract-templates/{id}', { params: { path: { id }, header: ifMatch(version) }, body: fields })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.contractTemplates }),
  });
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/contract-templates/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: serviceKeys.contractTemplates }),
  });
}
