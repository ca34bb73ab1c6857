// Picklists through the API: every choice of every picklist, new choices, renames, retiring,
// reordering. Values are never deleted (records hold them).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { OrderChange } from '@/shared/ui/ordering';

export type PicklistValue = Schemas['PicklistValue'];
export type NewPicklistValue = Schemas['NewPicklistValue'];
export type PicklistValuePatch = Schemas['PicklistValuePatch'];

/** Under `picklists`, the key the forms read their choices with too. */
export const picklistKeys = {
  all: ['picklists'] as const,
  admin: ['picklists', 'admin'] as const,
};

/** The picklist fields the API has, with what people call them, in the order they are shown. */
export const PICKLISTS: { entity: string; field: string; label: string; description: string }[] = [
  { entity: 'leads', field: 'source', label: 'Lead source', description: 'Where leads come from: the campaign, the event, the purchased list.' },
  { entity: 'leads', field: 'rating', label: 'Lead rating', description: 'How promising a lead is.' },
  { entity: 'leads', field: 'need', label: 'Need', description: 'How much a lead needs what you sell.' },
  { entity: 'leads', field: 'decision_timeline', label: 'Decision timeline', description: 'When a lead will decide.' },
  { entity: 'leads', field: 'disqualification_reason', label: 'Disqualification reason', description: 'Why a lead is not pursued.' },
  { entity: 'cases', field: 'product', label: 'Product', description: 'The products customers ask for service on; routing rules can send each to its queue.' },
  { entity: 'cases', field: 'subject', label: 'Subject', description: 'What a case is about: billing, delivery, a technical problem.' },
  { entity: 'cases', field: 'case_type', label: 'Case type', description: 'Question, problem, request or complaint.' },
  { entity: 'cases', field: 'severity', label: 'Severity', description: 'How bad the customer’s problem is.' },
];

/** Every value of every picklist (retired ones too), in their order, page after page. */
export function useAllPicklistValues() {
  return useQuery({
    queryKey: picklistKeys.admin,
    queryFn: async () => {
      const values: PicklistValue[] = [];
      let cursor: string | undefined;
      do {
        const page = await unwrap(api.GET('/api/v1/picklists', { params: { query: { limit: 200, sort: 'sort_order', cursor } } }));
        values.push(...page.data);
        cursor = page.next_cursor ?? undefined;
      } while (cursor && values.length < 5000);
      return values;
    },
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function patchValue(id: string, version: number, body: PicklistValuePatch) {
  return unwrap(api.PATCH('/api/v1/picklists/{id}', { params: { path: { id }, header: ifMatch(version) }, body }));
}

export function useCreatePicklistValue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPicklistValue) => unwrap(api.POST('/api/v1/picklists', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: picklistKeys.all }),
  });
}

export function useUpdatePicklistValue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: PicklistValuePatch }) => patchValue(id, version, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: picklistKeys.all }),
  });
}

/** Writes new orders one value after the other; the picklists reload whatever happens. */
export function useReorderPicklist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: OrderChange[]) => {
      for (const change of changes) await patchValue(change.id, change.version, { sort_order: change.sort_order });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: picklistKeys.all }),
  });
}
