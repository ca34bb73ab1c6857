// The service desk's configuration that several screens read: the queues (for names, selects and
// "my queues"), the service-level policies, the contract templates and the picklists of cases.
// The administration screens write them under the same keys, so what they change shows at once.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';

export type Queue = Schemas['Queue'];
export type SlaPolicy = Schemas['SlaPolicy'];
export type ContractTemplate = Schemas['ContractTemplate'];
export type PicklistValue = Schemas['PicklistValue'];

/** The picklist fields of a case. */
export type CasePicklist = 'product' | 'subject' | 'case_type' | 'severity';

export const serviceKeys = {
  queues: ['queues'] as const,
  allQueues: ['queues', 'all'] as const,
  slaPolicies: ['sla-policies'] as const,
  allSlaPolicies: ['sla-policies', 'all'] as const,
  contractTemplates: ['contract-templates'] as const,
  allContractTemplates: ['contract-templates', 'all'] as const,
};

/** Every queue (retired ones too, as cases may be in them), by name, with its figures now. */
export function useQueues() {
  return useQuery({
    queryKey: serviceKeys.allQueues,
    queryFn: async () => (await unwrap(api.GET('/api/v1/queues', { params: { query: { limit: 200, sort: 'name' } } }))).data,
    staleTime: 30_000,
  });
}

/** Every service-level policy, by name. */
export function useSlaPolicies() {
  return useQuery({
    queryKey: serviceKeys.allSlaPolicies,
    queryFn: async () => (await unwrap(api.GET('/api/v1/sla-policies', { params: { query: { limit: 200, sort: 'name' } } }))).data,
    staleTime: 60_000,
  });
}

/** Every contract template, by name. */
export function useContractTemplates() {
  return useQuery({
    queryKey: serviceKeys.allContractTemplates,
    queryFn: async () => (await unwrap(api.GET('/api/v1/contract-templates', { params: { query: { limit: 200, sort: 'name' } } }))).data,
    staleTime: 60_000,
  });
}

/**
 * Every value of a case picklist, retired ones too (records may hold them), in order; forms
 * offer the active ones.
 */
export function useCasePicklist(field: CasePicklist) {
  return useQuery({
    queryKey: ['picklists', 'cases', field, 'all'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/picklists', { params: { query: { entity: 'cases', field, limit: 200, sort: 'sort_order' } } }))).data,
    staleTime: 5 * 60_000,
  });
}

/** The label of a picklist value (the value itself when it is unknown). */
export function picklistLabel(values: readonly PicklistValue[] | undefined, value: string | null | undefined): string {
  if (!value) return '';
  return values?.find((v) => v.value === value)?.label ?? value;
}

/** The active choices of a picklist, plus the current value when it was retired since. */
export function picklistOptions(values: readonly PicklistValue[] | undefined, current?: string | null): { value: string; label: string }[] {
  return (values ?? [])
    .filter((v) => v.is_active || v.value === current)
    .map((v) => ({ value: v.value, label: v.is_active ? v.label : `${v.label} (retired)` }));
}
