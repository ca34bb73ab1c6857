// Email templates through the API: the list, create, edit (retire), delete.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { operations } from '@/shared/api/schema';

export type EmailTemplate = Schemas['EmailTemplate'];
export type EmailTemplateFields = Schemas['EmailTemplateFields'];
export type EmailTemplatePatch = Schemas['EmailTemplatePatch'];
export type EmailTemplateQuery = NonNullable<operations['list_templates']['parameters']['query']>;
export type EmailTemplateSort = NonNullable<EmailTemplateQuery['sort']>;

/** Under `email-templates`, the key the timeline's email dialog reads them with too. */
export const templateKeys = {
  all: ['email-templates'] as const,
  list: (query: EmailTemplateQuery) => ['email-templates', 'list', query] as const,
};

export function useTemplateList(query: EmailTemplateQuery) {
  return useQuery({
    queryKey: templateKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/email-templates', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useCreateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailTemplateFields) => unwrap(api.POST('/api/v1/email-templates', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useUpdateTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: EmailTemplatePatch }) =>
      unwrap(api.PATCH('/api/v1/email-templates/{id}', { params: { path: { id }, header: ifMatch(version) }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}

export function useDeleteTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/email-templates/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: templateKeys.all }),
  });
}
