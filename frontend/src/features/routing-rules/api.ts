// Routing rules through the API: the ordered list, create, change (sent whole), reorder, delete.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { OrderChange } from '@/shared/ui/ordering';

export type RoutingRule = Schemas['RoutingRule'];
export type RoutingRuleFields = Schemas['RoutingRuleFields'];
export type RoutingConditions = Schemas['RoutingConditions'];

export const ruleKeys = {
  all: ['routing-rules'] as const,
  list: ['routing-rules', 'list'] as const,
};

/** Every rule, in the order they are tried. */
export function useRoutingRules() {
  return useQuery({
    queryKey: ruleKeys.list,
    queryFn: async () => (await unwrap(api.GET('/api/v1/routing-rules', { params: { query: { limit: 200, sort: 'sort_order' } } }))).data,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** A rule's fields as they are now, for a change sent whole. */
export function fieldsOf(rule: RoutingRule): RoutingRuleFields {
  return { name: rule.name, queue_id: rule.queue_id, conditions: rule.conditions, is_active: rule.is_active, sort_order: rule.sort_order };
}

function putRule(id: string, version: number, fields: RoutingRuleFields) {
  return unwrap(api.PATCH('/api/v1/routing-rules/{id}', { params: { path: { id }, header: ifMatch(version) }, body: fields }));
}

export function useCreateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RoutingRuleFields) => unwrap(api.POST('/api/v1/routing-rules', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}

export function useUpdateRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, fields }: { id: string; version: number; fields: RoutingRuleFields }) => putRule(id, version, fields),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}

/** Writes new orders one rule after the other; the list reloads whatever happens. */
export function useReorderRules(rules: readonly RoutingRule[]) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: OrderChange[]) => {
      for (const change of changes) {
        const rule = rules.find((r) => r.id === change.id);
        if (rule) await putRule(rule.id, change.version, { ...fieldsOf(rule), sort_order: change.sort_order });
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}

export function useDeleteRule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/routing-rules/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ruleKeys.all }),
  });
}

/** The names of accounts by id (the VIP customers of a rule). */
export function useAccountNames(ids: readonly string[]) {
  const unique = [...new Set(ids)].sort().slice(0, 200);
  return useQuery({
    queryKey: ['accounts', 'names', unique],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/accounts', { params: { query: { 'id[in]': unique, limit: 200 } } }));
      return new Map(page.data.map((a) => [a.id, a.name]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
  });
}
