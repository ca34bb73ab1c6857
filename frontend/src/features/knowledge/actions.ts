// What the caller may do with a version, from its status, the record's `Allowed-Actions` and the
// caller's privileges. Pure, so the reader's buttons and the tests agree.
import type { KnowledgeArticle } from '@/shared/knowledge/api';
import type { AllowedActions } from '@/shared/session/privileges';

export type ArticleAction = 'edit' | 'new-version' | 'submit' | 'withdraw' | 'approve' | 'reject' | 'archive' | 'delete' | 'assign';

export type Powers = {
  /** `knowledge-articles` `approve`: publishes, rejects and archives. */
  approve: boolean;
  /** `knowledge-articles` `create`: a published version is changed by drafting the next one. */
  create: boolean;
};

export function articleActions(a: Pick<KnowledgeArticle, 'status' | 'is_latest_version'>, allowed: AllowedActions, powers: Powers): Set<ArticleAction> {
  const actions = new Set<ArticleAction>();
  const update = allowed.has('update');
  switch (a.status) {
    case 'draft':
      if (update) {
        actions.add('edit');
        actions.add('submit');
      }
      if (allowed.has('delete')) actions.add('delete');
      break;
    case 'submitted':
      if (update) actions.add('withdraw');
      if (powers.approve) {
        actions.add('approve');
        actions.add('reject');
      }
      break;
    case 'published':
      // Only the newest version has a next one; a draft of it already written is changed instead.
      if (update && powers.create && a.is_latest_version) actions.add('new-version');
      if (powers.approve) actions.add('archive');
      break;
    case 'archived':
      break;
  }
  if (allowed.has('assign') && (a.status === 'draft' || a.status === 'submitted')) actions.add('assign');
  return actions;
}
