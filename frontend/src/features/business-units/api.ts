// Business units through the API.
import { useMutation, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';

export type UnitNode = Schemas['BusinessUnitNode'];
export type UnitFields = Schemas['BusinessUnitFields'];
export type UnitPatch = Schemas['BusinessUnitPatch'];

const all = ['business-units'] as const;

export function useCreateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UnitFields) => unwrap(api.POST('/api/v1/business-units', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: all }),
  });
}

export function useUpdateUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version, patch }: { id: string; version: number; patch: UnitPatch }) =>
      unwrap(api.PATCH('/api/v1/business-units/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } }, body: patch })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: all }),
  });
}

export function useDeleteUnit() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version: number }) =>
      unwrap(api.DELETE('/api/v1/business-units/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: all }),
  });
}

/** The ids of a unit and every unit below it (where it may not move). */
export function subtreeIds(node: UnitNode): Set<string> {
  const ids = new Set<string>([node.id]);
  for (const child of node.children) for (const id of subtreeIds(child)) ids.add(id);
  return ids;
}

/** Every unit's id, for "expand all". */
export function allIds(nodes: readonly UnitNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...allIds(n.children)]);
}

/** How many units sit below a unit, at any level. */
export function descendantCount(node: UnitNode): number {
  return node.children.reduce((sum, child) => sum + 1 + descendantCount(child), 0);
}
