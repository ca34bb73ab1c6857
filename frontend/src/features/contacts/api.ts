// Contacts through the API: queries and mutations the screens use.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { assignContact, contactQuery, type Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';

export type Contact = Schemas['Contact'];
export type ContactFields = Schemas['ContactFields'];
export type ContactPatch = Schemas['ContactPatch'];
export type ContactQuery = NonNullable<operations['list_contacts']['parameters']['query']>;
export type ContactSort = NonNullable<ContactQuery['sort']>;

export const CONTACT_METHODS: { value: NonNullable<Contact['preferred_contact_method']>; label: string }[] = [
  { value: 'any', label: 'Any' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'mail', label: 'Mail' },
];

export const contactKeys = {
  all: ['contacts'] as const,
  list: (query: ContactQuery) => ['contacts', 'list', query] as const,
  one: (id: string) => ['contacts', 'one', id] as const,
  history: (id: string) => ['contacts', 'one', id, 'history'] as const,
};

export function useContacts(query: ContactQuery) {
  return useQuery({
    queryKey: contactKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/contacts', { params: { query } })),
    placeholderData: keepPreviousData,
  });
}

/** A contact with what the caller may do with it. */
export function useContact(id: string) {
  return useQuery(contactQuery(id));
}

export function useContactHistory(id: string) {
  return useQuery({
    queryKey: contactKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/contacts/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
  });
}

/** The names of the accounts of a page of contacts, in one request. */
export function useAccountNames(ids: string[]) {
  const unique = [...new Set(ids)].sort();
  return useQuery({
    queryKey: ['accounts', 'names', unique],
    queryFn: async () => {
      const page = await unwrap(api.GET('/api/v1/accounts', { params: { query: { 'id[in]': unique, limit: 200 } } }));
      return new Map(page.data.map((a) => [a.id, a.name]));
    },
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useCreateContact() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ContactFields) => unwrap(api.POST('/api/v1/contacts', { body })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: contactKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}

export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ patch, version }: { patch: ContactPatch; version: number }) =>
      unwrap(
        api.PATCH('/api/v1/contacts/{id}', {
          params: { path: { id }, header: { 'If-Match': `"${version}"` } },
          body: patch,
        }),
      ),
    onSuccess: async (contact) => {
      queryClient.setQueryData<Loaded<Contact>>(contactKeys.one(id), (old) => (old ? { ...old, record: contact } : old));
      await queryClient.invalidateQueries({ queryKey: contactKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}

/**
 * Gives the contact to another owner (a user or a team). Resolves to `null` when the caller no
 * longer sees it afterwards.
 */
export function useAssignContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ ownerId, version }: { ownerId: string; version: number }) => assignContact(id, ownerId, version),
    onSuccess: async (loaded) => {
      await queryClient.invalidateQueries({ queryKey: [...contactKeys.all, 'list'] });
      if (!loaded) return;
      queryClient.setQueryData(contactKeys.one(id), loaded);
      await queryClient.invalidateQueries({ queryKey: contactKeys.history(id) });
    },
  });
}

export function useDeleteContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(api.DELETE('/api/v1/contacts/{id}', { params: { path: { id }, header: { 'If-Match': `"${version}"` } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: contactKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: contactKeys.all });
      await queryClient.invalidateQueries({ queryKey: ['accounts'] });
    },
  });
}
