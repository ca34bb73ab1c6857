// Leads through the API: the lists, one lead, create and edit, its actions, picklists and the import.
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapResponse, type Schemas } from '@/shared/api/client';
import type { Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';
import { allowedActionsOf } from '@/shared/session/privileges';

export type Lead = Schemas['Lead'];
export type LeadFields = Schemas['LeadFields'];
export type LeadPatch = Schemas['LeadPatch'];
export type LeadStatus = Lead['status'];
export type ImportReport = Schemas['ImportReport'];
export type Qualification = Schemas['Qualification'];
export type LeadQuery = NonNullable<operations['list_leads']['parameters']['query']>;
export type LeadSort = NonNullable<LeadQuery['sort']>;
export type PicklistValue = Schemas['PicklistValue'];

export const STATUSES: { value: LeadStatus; label: string; color: string }[] = [
  { value: 'new', label: 'New', color: 'blue' },
  { value: 'contacted', label: 'Contacted', color: 'cyan' },
  { value: 'qualified', label: 'Qualified', color: 'teal' },
  { value: 'disqualified', label: 'Disqualified', color: 'gray' },
];

export const leadKeys = {
  all: ['leads'] as const,
  list: (query: LeadQuery) => ['leads', 'list', query] as const,
  one: (id: string) => ['leads', 'one', id] as const,
  history: (id: string) => ['leads', 'one', id, 'history'] as const,
};

export function useLeads(query: LeadQuery) {
  return useQuery({
    queryKey: leadKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/leads', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

async function getLead(id: string): Promise<Loaded<Lead>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/leads/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function leadQuery(id: string) {
  return queryOptions({ queryKey: leadKeys.one(id), queryFn: () => getLead(id) });
}

export function useLead(id: string) {
  return useQuery(leadQuery(id));
}

export function useLeadHistory(id: string) {
  return useQuery({
    queryKey: leadKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/leads/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

/** The active choices of a picklist, in order. */
export function usePicklist(entity: string, field: string) {
  return useQuery({
    queryKey: ['picklists', entity, field],
    queryFn: () => unwrap(api.GET('/api/v1/picklists', { params: { query: { entity, field, is_active: true, limit: 200 } } })),
    select: (page) => page.data,
    staleTime: 5 * 60_000,
  });
}

/** The labels of a picklist's values (retired ones included, as records may hold them). */
export function usePicklistLabels(entity: string, field: string) {
  return useQuery({
    queryKey: ['picklists', entity, field, 'all'],
    queryFn: () => unwrap(api.GET('/api/v1/picklists', { params: { query: { entity, field, limit: 200 } } })),
    select: (page) => new Map(page.data.map((v) => [v.value, v.label])),
    staleTime: 5 * 60_000,
  });
}

export function useCreateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LeadFields) => unwrap(api.POST('/api/v1/leads', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadKeys.all }),
  });
}

export function useUpdateLead(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: LeadPatch; version: number }) =>
      unwrap(api.PATCH('/api/v1/leads/{id}', { params: { path: { id }, header: ifMatch(version) }, body: patch })),
    onSuccess: async (saved) => {
      queryClient.setQueryData<Loaded<Lead>>(leadKeys.one(id), (old) => (old ? { ...old, record: saved } : old));
      await queryClient.invalidateQueries({ queryKey: leadKeys.all });
    },
  });
}

function useLeadAction<T>(run: (body: T, version: number) => Promise<Lead>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: T; version: number }) => run(body, version),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: leadKeys.all });
    },
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export function useMarkContacted(id: string) {
  return useLeadAction<null>((_, version) =>
    unwrap(api.PATCH('/api/v1/leads/{id}', { params: { path: { id }, header: ifMatch(version) }, body: { status: 'contacted' } })),
  );
}

export function useDisqualify(id: string) {
  return useLeadAction<Schemas['Disqualification']>((body, version) =>
    unwrap(api.POST('/api/v1/leads/{id}/disqualify', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useReopen(id: string) {
  return useLeadAction<null>((_, version) =>
    unwrap(api.POST('/api/v1/leads/{id}/reopen', { params: { path: { id }, header: ifMatch(version) } })),
  );
}

export function useQualify(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: Qualification; version: number }) =>
      unwrap(api.POST('/api/v1/leads/{id}/qualify', { params: { path: { id }, header: ifMatch(version) }, body })),
    onSuccess: async () => {
      await Promise.all(['leads', 'accounts', 'contacts', 'opportunities'].map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
  });
}

/** Sends a CSV file as it is (the browser streams it); `columns` names the field of each column. */
export function useImportLeads() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, source, columns }: { file: File; source: string; columns: string[] }) =>
      unwrap(
        api.POST('/api/v1/leads/import', {
          params: { query: { source: source || undefined, columns: columns.join(',') } },
          body: '',
          bodySerializer: () => file,
          headers: { 'Content-Type': 'text/csv' },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: leadKeys.all }),
  });
}
