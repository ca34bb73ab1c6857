// The knowledge articles of a case through the API: those suggested by its title and
// description, those linked to it (each link counts as a use of the article), linking, unlinking.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';
import { knowledgeKeys } from '@/shared/knowledge/api';

export type CaseArticle = Schemas['CaseArticle'];

export const caseKnowledgeKeys = {
  of: (caseId: string) => ['cases', 'knowledge', caseId] as const,
  suggested: (caseId: string) => ['cases', 'knowledge', caseId, 'suggested'] as const,
  linked: (caseId: string) => ['cases', 'knowledge', caseId, 'linked'] as const,
};

export function useSuggestedArticles(caseId: string, enabled = true) {
  return useQuery({
    queryKey: caseKnowledgeKeys.suggested(caseId),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/suggested-articles', { params: { path: { id: caseId }, query: { limit: 5 } } })),
    enabled,
    staleTime: 60_000,
  });
}

export function useCaseArticles(caseId: string, enabled = true) {
  return useQuery({
    queryKey: caseKnowledgeKeys.linked(caseId),
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/articles', { params: { path: { id: caseId } } })),
    enabled,
  });
}

/** After a link or an unlink: the case's lists, its timeline and the articles' use counts reload. */
function useCaseKnowledgeWrite<T>(caseId: string, run: (value: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: caseKnowledgeKeys.of(caseId) }),
        queryClient.invalidateQueries({ queryKey: ['timeline', 'cases', caseId] }),
        queryClient.invalidateQueries({ queryKey: knowledgeKeys.articles }),
      ]),
  });
}

export function useLinkArticle(caseId: string) {
  return useCaseKnowledgeWrite<string>(caseId, (articleId) =>
    unwrap(api.POST('/api/v1/cases/{id}/articles', { params: { path: { id: caseId } }, body: { article_id: articleId } })),
  );
}

export function useUnlinkArticle(caseId: string) {
  return useCaseKnowledgeWrite<string>(caseId, (articleId) =>
    unwrap(api.DELETE('/api/v1/cases/{id}/articles/{article_id}', { params: { path: { id: caseId, article_id: articleId } } })),
  );
}

/** Published articles holding every word, for the card's own search. */
export async function searchPublished(text: string) {
  if (!text.trim()) return [];
  const results = await unwrap(api.GET('/api/v1/knowledge-articles/search', { params: { query: { q: text, limit: 8 } } }));
  return results.data;
}
