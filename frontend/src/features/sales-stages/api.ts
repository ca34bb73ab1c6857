// The sales process through the API: its stages in order, new stages, changes, retiring.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import type { OrderChange } from '@/shared/ui/ordering';

export type SalesStage = Schemas['SalesStage'];
export type NewSalesStage = Schemas['NewSalesStage'];
export type SalesStagePatch = Schemas['SalesStagePatch'];

/** Under `sales-stages`, the key the opportunity screens read the process with too. */
export const stageKeys = {
  all: ['sales-stages'] as const,
  admin: ['sales-stages', 'admin'] as const,
};

/** Every stage, retired ones too, in the process's order. */
export function useStageList() {
  return useQuery({
    queryKey: stageKeys.admin,
    queryFn: async () => (await unwrap(api.GET('/api/v1/sales-stages', { params: { query: { limit: 200, sort: 'sort_order' } } }))).data,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

function patchStage(id: string, version: number, body: SalesStagePatch) {
  return unwrap(api.PATCH('/api/v1/sales-stages/{id}', { params: { path: { id }, header: ifMatch(version) }, body }));
}

export function useCreateStage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewSalesStage) => unwrap(api.POST('/api/v1/sales-stages', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stageKeys.all }),
  });
}

export function useUpdateStage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: SalesStagePatch }) => patchStage(id, version, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: stageKeys.all }),
  });
}

/** Writes new orders one stage after the other; the list reloads whatever happens. */
export function useReorderStages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: OrderChange[]) => {
      for (const change of changes) await patchStage(change.id, change.version, { sort_order: change.sort_order });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: stageKeys.all }),
  });
}
