// The timeline of a record through the API: its activities, notes and changes (and its
// children's), page after page; logging activities, notes with files, emails from templates.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';

export type TimelineEntry = Schemas['TimelineEntry'];
export type TimelineKind = Schemas['TimelineKind'];
export type RegardingType = Schemas['RegardingType'];
export type Activity = Schemas['Activity'];
export type ActivityFields = Schemas['ActivityFields'];
export type Note = Schemas['Note'];
export type Attachment = Schemas['Attachment'];
export type EmailTemplate = Schemas['EmailTemplate'];
export type RenderedEmail = Schemas['RenderedEmail'];

/** Which entries a timeline shows. */
export type TimelineFilter = 'all' | TimelineKind;

export const timelineKeys = {
  all: ['timeline'] as const,
  of: (kind: RegardingType, id: string) => ['timeline', kind, id] as const,
  list: (kind: RegardingType, id: string, filter: TimelineFilter) => ['timeline', kind, id, filter] as const,
};

const PAGE = 25;

async function timelinePage(kind: RegardingType, id: string, filter: TimelineFilter, cursor: string | undefined) {
  const query = { limit: PAGE, cursor, kind: filter === 'all' ? undefined : filter };
  const path = { id };
  switch (kind) {
    case 'accounts':
      return unwrap(api.GET('/api/v1/accounts/{id}/timeline', { params: { path, query } }));
    case 'contacts':
      return unwrap(api.GET('/api/v1/contacts/{id}/timeline', { params: { path, query } }));
    case 'leads':
      return unwrap(api.GET('/api/v1/leads/{id}/timeline', { params: { path, query } }));
    case 'opportunities':
      return unwrap(api.GET('/api/v1/opportunities/{id}/timeline', { params: { path, query } }));
    case 'cases':
      return unwrap(api.GET('/api/v1/cases/{id}/timeline', { params: { path, query } }));
  }
}

export function useTimeline(kind: RegardingType, id: string, filter: TimelineFilter) {
  return useInfiniteQuery({
    queryKey: timelineKeys.list(kind, id, filter),
    queryFn: ({ pageParam }) => timelinePage(kind, id, filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** After a write, the record's timeline and the record itself (a lead's last touch) reload. */
function useRefresh(kind: RegardingType, id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: timelineKeys.of(kind, id) });
    void queryClient.invalidateQueries({ queryKey: [kind, 'one', id] });
  };
}

export function useLogActivity(kind: RegardingType, id: string) {
  const refresh = useRefresh(kind, id);
  return useMutation({
    mutationFn: (fields: ActivityFields) =>
      unwrap(api.POST('/api/v1/activities', { body: { ...fields, regarding_type: kind, regarding_id: id } })),
    onSuccess: refresh,
  });
}

export function useCompleteActivity(kind: RegardingType, id: string) {
  const refresh = useRefresh(kind, id);
  return useMutation({
    mutationFn: (activity: Activity) =>
      unwrap(
        api.POST('/api/v1/activities/{id}/complete', {
          params: { path: { id: activity.id }, header: { 'If-Match': `"${activity.version}"` } },
          body: {},
        }),
      ),
    onSuccess: refresh,
  });
}

/** What adding a note did: the note, and why its files were refused if they were. */
export type AddedNote = { note: Note; uploadError: unknown };

/** A note, then its files (one upload); the note stays if the upload is refused. */
export function useAddNote(kind: RegardingType, id: string) {
  const refresh = useRefresh(kind, id);
  return useMutation({
    mutationFn: async ({ subject, body, files }: { subject: string | null; body: string | null; files: File[] }): Promise<AddedNote> => {
      const note = await unwrap(api.POST('/api/v1/notes', { body: { subject, body, regarding_type: kind, regarding_id: id } }));
      if (files.length === 0) return { note, uploadError: null };
      const form = new FormData();
      for (const file of files) form.append('file', file, file.name);
      try {
        const withFiles = await unwrap(
          api.POST('/api/v1/notes/{id}/attachments', {
            params: { path: { id: note.id } },
            // The generated type describes the parts; the browser sends the FormData as it is.
            body: form as unknown as Schemas['AttachmentUpload'],
            bodySerializer: (value) => value as unknown as FormData,
          }),
        );
        return { note: withFiles, uploadError: null };
      } catch (uploadError) {
        return { note, uploadError };
      }
    },
    onSettled: refresh,
  });
}

/** Downloads an attachment with the caller's credentials and hands it to the browser. */
export async function downloadAttachment(attachment: Attachment): Promise<void> {
  const blob = await unwrap(
    api.GET('/api/v1/attachments/{id}/content', { params: { path: { id: attachment.id } }, parseAs: 'blob' }),
  );
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = attachment.file_name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function useEmailTemplates(entity: RegardingType) {
  return useQuery({
    queryKey: ['email-templates', 'offered', entity],
    queryFn: () => unwrap(api.GET('/api/v1/email-templates', { params: { query: { entity, is_active: true, limit: 200 } } })),
    select: (page) => page.data,
    staleTime: 60_000,
  });
}

export function useRenderTemplate() {
  return useMutation({
    mutationFn: ({ templateId, recordId }: { templateId: string; recordId: string }) =>
      unwrap(api.POST('/api/v1/email-templates/{id}/render', { params: { path: { id: templateId } }, body: { regarding_id: recordId } })),
  });
}

/** The names of the child records a timeline's entries belong to (contacts, opportunities, cases). */
export function useChildNames(kind: RegardingType, entries: readonly TimelineEntry[]) {
  const of = (type: RegardingType) =>
    [...new Set(entries.filter((e) => e.record_type === type && type !== kind).map((e) => e.record_id))].sort().slice(0, 200);
  const contacts = of('contacts');
  const opportunities = of('opportunities');
  const cases = of('cases');
  return useQuery({
    queryKey: ['timeline', 'names', contacts, opportunities, cases],
    queryFn: async () => {
      const names = new Map<string, string>();
      if (contacts.length > 0) {
        const page = await unwrap(api.GET('/api/v1/contacts', { params: { query: { 'id[in]': contacts, limit: 200 } } }));
        for (const c of page.data) names.set(c.id, c.full_name);
      }
      if (opportunities.length > 0) {
        const page = await unwrap(api.GET('/api/v1/opportunities', { params: { query: { 'id[in]': opportunities, limit: 200 } } }));
        for (const o of page.data) names.set(o.id, o.name);
      }
      if (cases.length > 0) {
        const page = await unwrap(api.GET('/api/v1/cases', { params: { query: { 'id[in]': cases, limit: 200 } } }));
        for (const c of page.data) names.set(c.id, `${c.number} ${c.title}`);
      }
      return names;
    },
    enabled: contacts.length + opportunities.length + cases.length > 0,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}
