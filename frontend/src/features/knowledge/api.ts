// Knowledge articles through the API: the lists (my drafts, the unapproved folder, the most used,
// the recently updated), the search as you type, one version, writing and changing (a published
// version is changed by drafting its next version), the life-cycle actions, the versions and
// their comparison, the comments and the history.
import { keepPreviousData, queryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { api, unwrap, unwrapResponse, type Schemas } from '@/shared/api/client';
import type { Loaded } from '@/shared/api/records';
import type { operations } from '@/shared/api/schema';
import { knowledgeKeys, type KnowledgeArticle, type Visibility } from '@/shared/knowledge/api';
import { allowedActionsOf } from '@/shared/session/privileges';

export type ArticleFields = Schemas['KnowledgeArticleFields'];
export type ArticlePatch = Schemas['KnowledgeArticlePatch'];
export type ArticleComment = Schemas['ArticleComment'];
export type VersionComparison = Schemas['VersionComparison'];
export type VersionDifference = Schemas['VersionDifference'];
export type ArticleQuery = NonNullable<operations['list_articles']['parameters']['query']>;
export type ArticleSort = NonNullable<ArticleQuery['sort']>;

export const articleKeys = {
  all: knowledgeKeys.articles,
  list: (query: ArticleQuery) => [...knowledgeKeys.articles, 'list', query] as const,
  count: (query: ArticleQuery) => [...knowledgeKeys.articles, 'count', query] as const,
  search: (search: SearchQuery) => [...knowledgeKeys.articles, 'search', search] as const,
  one: (id: string) => [...knowledgeKeys.articles, 'one', id] as const,
  versions: (id: string) => [...knowledgeKeys.articles, 'versions', id] as const,
  compare: (id: string, with_: string) => [...knowledgeKeys.articles, 'compare', id, with_] as const,
  comments: (rootId: string) => [...knowledgeKeys.articles, 'comments', rootId] as const,
  history: (id: string) => [...knowledgeKeys.articles, 'history', id] as const,
};

export function useArticles(query: ArticleQuery, enabled = true) {
  return useQuery({
    queryKey: articleKeys.list(query),
    queryFn: () => unwrap(api.GET('/api/v1/knowledge-articles', { params: { query } })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** How many versions a list holds (for the count on its tab). */
export function useArticleCount(query: ArticleQuery, enabled = true) {
  return useQuery({
    queryKey: articleKeys.count(query),
    queryFn: async () =>
      (await unwrap(api.GET('/api/v1/knowledge-articles', { params: { query: { ...query, limit: 1, count: true } } }))).total ?? 0,
    enabled,
    staleTime: 30_000,
  });
}

export type SearchQuery = { q: string; visibility?: Visibility | undefined; subject?: string | undefined };

export const SEARCH_PAGE = 10;

/**
 * The published articles holding every word of `q`, best first, a page at a time ("Load more").
 * While the next text is asked, the hits of the previous one stay on screen.
 */
export function useArticleSearch(search: SearchQuery) {
  return useInfiniteQuery({
    queryKey: articleKeys.search(search),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/knowledge-articles/search', {
          params: { query: { q: search.q, visibility: search.visibility, subject: search.subject, limit: SEARCH_PAGE, cursor: pageParam } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    enabled: search.q.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

async function getArticle(id: string): Promise<Loaded<KnowledgeArticle>> {
  const { data, response } = await unwrapResponse(api.GET('/api/v1/knowledge-articles/{id}', { params: { path: { id } } }));
  return { record: data, allowed: allowedActionsOf(response) };
}

export function articleQuery(id: string) {
  return queryOptions({ queryKey: articleKeys.one(id), queryFn: () => getArticle(id) });
}

export function useArticle(id: string) {
  return useQuery(articleQuery(id));
}

/** Every version of the article a version belongs to, the newest first. */
export function useVersions(id: string) {
  return useQuery({
    queryKey: articleKeys.versions(id),
    queryFn: () => unwrap(api.GET('/api/v1/knowledge-articles/{id}/versions', { params: { path: { id }, query: { sort: '-version_number', limit: 200 } } })),
  });
}

/** What differs from version `id` to version `with_` (of the same article). */
export function useComparison(id: string, with_: string | null) {
  return useQuery({
    queryKey: articleKeys.compare(id, with_ ?? ''),
    queryFn: () => unwrap(api.GET('/api/v1/knowledge-articles/{id}/compare', { params: { path: { id }, query: { with: with_ ?? '' } } })),
    enabled: Boolean(with_),
  });
}

export function useArticleHistory(id: string, enabled: boolean) {
  return useQuery({
    queryKey: articleKeys.history(id),
    queryFn: () => unwrap(api.GET('/api/v1/knowledge-articles/{id}/history', { params: { path: { id }, query: { limit: 100 } } })),
    enabled,
  });
}

const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

/** After a write: the version shows the answer at once, and every list, search and folder reloads. */
function useArticleWrite<T>(id: string, run: (body: T, version: number) => Promise<KnowledgeArticle>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: T; version: number }) => run(body, version),
    onSuccess: async (saved) => {
      queryClient.setQueryData<Loaded<KnowledgeArticle>>(articleKeys.one(id), (old) => (old ? { ...old, record: saved } : old));
      await queryClient.invalidateQueries({ queryKey: articleKeys.all });
    },
    // A refusal often means the page is behind (someone else moved the version): show what is now.
    onError: () => queryClient.invalidateQueries({ queryKey: articleKeys.one(id) }),
  });
}

export type LifeCycleAction = 'submit' | 'withdraw' | 'approve' | 'archive';

export function useArticleAction(id: string, action: LifeCycleAction) {
  return useArticleWrite<null>(id, (_, version) => {
    const params = { params: { path: { id }, header: ifMatch(version) } };
    switch (action) {
      case 'submit':
        return unwrap(api.POST('/api/v1/knowledge-articles/{id}/submit', params));
      case 'withdraw':
        return unwrap(api.POST('/api/v1/knowledge-articles/{id}/withdraw', params));
      case 'approve':
        return unwrap(api.POST('/api/v1/knowledge-articles/{id}/approve', params));
      case 'archive':
        return unwrap(api.POST('/api/v1/knowledge-articles/{id}/archive', params));
    }
  });
}

export function useRejectArticle(id: string) {
  return useArticleWrite<Schemas['Rejection']>(id, (body, version) =>
    unwrap(api.POST('/api/v1/knowledge-articles/{id}/reject', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

export function useAssignArticle(id: string) {
  return useArticleWrite<Schemas['Assignment']>(id, (body, version) =>
    unwrap(api.POST('/api/v1/knowledge-articles/{id}/assign', { params: { path: { id }, header: ifMatch(version) }, body })),
  );
}

/** A change: `newVersion` when it drafted the next version of a published one (201). */
export type Saved = { article: KnowledgeArticle; newVersion: boolean };

export function useUpdateArticle(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ body, version }: { body: ArticlePatch; version: number }): Promise<Saved> => {
      const { data, response } = await unwrapResponse(
        api.PATCH('/api/v1/knowledge-articles/{id}', { params: { path: { id }, header: ifMatch(version) }, body }),
      );
      return { article: data, newVersion: response.status === 201 };
    },
    onSuccess: async ({ article, newVersion }) => {
      if (!newVersion) queryClient.setQueryData<Loaded<KnowledgeArticle>>(articleKeys.one(id), (old) => (old ? { ...old, record: article } : old));
      await queryClient.invalidateQueries({ queryKey: articleKeys.all });
    },
    onError: () => queryClient.invalidateQueries({ queryKey: articleKeys.one(id) }),
  });
}

export function useCreateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ArticleFields) => unwrap(api.POST('/api/v1/knowledge-articles', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: articleKeys.all }),
  });
}

export function useDeleteArticle(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => unwrap(api.DELETE('/api/v1/knowledge-articles/{id}', { params: { path: { id }, header: ifMatch(version) } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: articleKeys.one(id) });
      await queryClient.invalidateQueries({ queryKey: articleKeys.all });
    },
  });
}

export const COMMENT_PAGE = 50;

/** The comments of an article (all its versions), oldest first, a page at a time. */
export function useComments(id: string, rootId: string) {
  return useInfiniteQuery({
    queryKey: articleKeys.comments(rootId),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/knowledge-articles/{id}/comments', {
          params: { path: { id }, query: { limit: COMMENT_PAGE, cursor: pageParam, sort: 'created_at', count: true } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useAddComment(id: string, rootId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => unwrap(api.POST('/api/v1/knowledge-articles/{id}/comments', { params: { path: { id } }, body: { body } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: articleKeys.comments(rootId) }),
  });
}

export function useDeleteComment(id: string, rootId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (commentId: string) =>
      unwrap(api.DELETE('/api/v1/knowledge-articles/{id}/comments/{comment_id}', { params: { path: { id, comment_id: commentId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: articleKeys.comments(rootId) }),
  });
}
