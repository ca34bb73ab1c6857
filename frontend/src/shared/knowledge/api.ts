// The knowledge base's records that several screens read: the article templates (the editor
// offers them, administration keeps them), and the search the knowledge home and the case page
// share. The administration screens write the templates under the same keys.
import { useQuery } from '@tanstack/react-query';

import { api, unwrap, type Schemas } from '@/shared/api/client';

export type KnowledgeArticle = Schemas['KnowledgeArticle'];
export type ArticleSection = Schemas['ArticleSection'];
export type ArticleStatus = KnowledgeArticle['status'];
export type Visibility = KnowledgeArticle['visibility'];
export type SearchHit = Schemas['SearchHit'];
export type SearchResults = Schemas['SearchResults'];
export type ArticleTemplate = Schemas['ArticleTemplate'];
export type TemplateSection = Schemas['TemplateSection'];

export const knowledgeKeys = {
  /** Every article query (lists, versions, searches, one version) starts with it. */
  articles: ['knowledge-articles'] as const,
  templates: ['article-templates'] as const,
  allTemplates: ['article-templates', 'all'] as const,
};

/** Every article template, by name (retired ones too: articles name them). */
export function useArticleTemplates(enabled = true) {
  return useQuery({
    queryKey: knowledgeKeys.allTemplates,
    queryFn: async () => (await unwrap(api.GET('/api/v1/article-templates', { params: { query: { limit: 200, sort: 'name' } } }))).data,
    staleTime: 60_000,
    enabled,
  });
}
