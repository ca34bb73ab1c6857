// The knowledge base's words as people read them: where a version is, and who may read it.
import type { ArticleStatus, Visibility } from './api';

type Look = { label: string; color: string; help: string };

export const ARTICLE_STATUS: Record<ArticleStatus, Look> = {
  draft: { label: 'Draft', color: 'gray', help: 'Being written: only its writer and the knowledge managers see it.' },
  submitted: { label: 'Awaiting approval', color: 'yellow', help: 'Submitted: in the unapproved folder until a knowledge manager approves or rejects it.' },
  published: { label: 'Published', color: 'teal', help: 'Approved: found by search and linked to cases.' },
  archived: { label: 'Archived', color: 'gray', help: 'Out of search: replaced by a newer version, or withdrawn. Cases it answered keep their link.' },
};

export const ARTICLE_STATUSES: readonly ArticleStatus[] = ['draft', 'submitted', 'published', 'archived'];

export const VISIBILITY: Record<Visibility, Look> = {
  internal: { label: 'Internal', color: 'blue', help: 'For the organization’s own users.' },
  public: { label: 'Public', color: 'grape', help: 'For customers too, on the self-service portal.' },
};

export const VISIBILITIES: readonly Visibility[] = ['internal', 'public'];

/** `Used on 3 cases`, `Not used yet`. */
export function formatUses(count: number): string {
  if (count <= 0) return 'Not used yet';
  return `Used on ${new Intl.NumberFormat().format(count)} case${count === 1 ? '' : 's'}`;
}
