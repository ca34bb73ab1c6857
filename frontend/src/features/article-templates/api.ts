// Article templates through the API: the list (shared with the editor), create, change (sent
// whole, with its version), delete.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { knowledgeKeys } from '@/shared/knowledge/api';

export type ArticleTemplateFields = Schemas['ArticleTemplateFields'];

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useCreateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ArticleTemplateFields) => unwrap(api.POST('/api/v1/article-templates', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.templates }),
  });
}

export function useUpdateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, fields }: { id: string; version: number; fields: ArticleTemplateFields }) =>
      unwrap(api.PATCH('/api/v1/article-templates/{id}', { params: { path: { id }, header: ifMatch(version) }, body: fields })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.templates }),
  });
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/article-templates/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: knowledgeKeys.templates }),
  });
}
