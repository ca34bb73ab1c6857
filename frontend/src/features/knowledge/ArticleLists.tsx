// The knowledge base's lists of articles: a table of versions (my drafts, the unapproved folder,
// every article) and the short lists of the home page (most used, recently updated).
import { Anchor, Badge, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useOwnerNames } from '@/shared/api/lookups';
import type { KnowledgeArticle } from '@/shared/knowledge/api';
import { ArticleStatusBadge, VisibilityBadge } from '@/shared/knowledge/Badges';
import { formatUses } from '@/shared/knowledge/words';
import { picklistLabel, useCasePicklist } from '@/shared/service/api';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useArticleCount, useArticles, type ArticleQuery, type ArticleSort } from './api';

const PAGE_SIZE = 25;

/** A page of versions in a table, with the pages seen so far in memory. */
export function ArticleTable({ label, query, empty }: { label: string; query: ArticleQuery; empty: ReactNode }) {
  const navigate = useNavigate();
  const [sort, setSort] = useState<ArticleSort>(query.sort ?? '-updated_at');
  const [cursors, setCursors] = useState<string[]>([]);
  const [lastQuery, setLastQuery] = useState(JSON.stringify(query));
  if (lastQuery !== JSON.stringify(query)) {
    // Another search or filter: start again from the first page.
    setLastQuery(JSON.stringify(query));
    setCursors([]);
  }
  const articles = useArticles({ ...query, sort, limit: PAGE_SIZE, cursor: cursors[cursors.length - 1], count: true });
  const rows = articles.data?.data;
  const owners = useOwnerNames((rows ?? []).map((a) => a.owner_id)).data;
  const subjects = useCasePicklist('subject').data;

  const columns: Column<KnowledgeArticle>[] = [
    {
      key: 'article',
      header: 'Article',
      sortField: 'title',
      render: (a) => (
        <Stack gap={2} maw={460} miw={220}>
          <Text size="xs" c="dimmed" ff="monospace">
            {a.number}
          </Text>
          <Anchor component={Link} to={`/knowledge/${a.id}`} fw={600} size="sm" lineClamp={2} onClick={(e) => e.stopPropagation()}>
            {a.title}
          </Anchor>
          {a.subject && (
            <Text size="xs" c="dimmed">
              {picklistLabel(subjects, a.subject)}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      key: 'version',
      header: 'Version',
      sortField: 'version_number',
      render: (a) => <Text size="sm">v{a.version_number}</Text>,
    },
    { key: 'status', header: 'Status', render: (a) => <ArticleStatusBadge status={a.status} /> },
    { key: 'visibility', header: 'Visibility', visibleFrom: 'md', render: (a) => <VisibilityBadge visibility={a.visibility} /> },
    {
      key: 'owner',
      header: 'Writer',
      visibleFrom: 'lg',
      render: (a) => (
        <Text size="sm" lineClamp={1}>
          {owners?.get(a.owner_id)?.name ?? ''}
        </Text>
      ),
    },
    {
      key: 'updated',
      header: 'Changed',
      sortField: 'updated_at',
      render: (a) => (
        <Text size="sm" c="dimmed" title={formatDateTime(a.updated_at)} style={{ whiteSpace: 'nowrap' }}>
          {formatRelative(a.updated_at)}
        </Text>
      ),
    },
  ];

  if (articles.error) {
    return (
      <div style={{ padding: 16 }}>
        <QueryError error={articles.error} onRetry={() => void articles.refetch()} />
      </div>
    );
  }
  return (
    <DataTable
      label={label}
      columns={columns}
      rows={rows}
      rowKey={(a) => a.id}
      loading={articles.isFetching}
      sort={sort}
      onSort={(value) => {
        setSort(value as ArticleSort);
        setCursors([]);
      }}
      onRowClick={(a) => void navigate(`/knowledge/${a.id}`)}
      page={cursors.length + 1}
      pageSize={PAGE_SIZE}
      total={articles.data?.total ?? undefined}
      hasNext={Boolean(articles.data?.next_cursor)}
      onNext={() => {
        const next = articles.data?.next_cursor;
        if (next) setCursors((stack) => [...stack, next]);
      }}
      onPrevious={() => setCursors((stack) => stack.slice(0, -1))}
      empty={empty}
    />
  );
}

/** The number of versions of a list, on its tab; `alarm` colours a folder that waits for someone. */
export function ArticleCount({ query, alarm = false, label }: { query: ArticleQuery; alarm?: boolean; label: string }) {
  const count = useArticleCount(query);
  if (count.data === undefined) return null;
  const loud = alarm && count.data > 0;
  return (
    <Badge size="sm" variant={loud ? 'filled' : 'light'} color={loud ? 'orange' : 'gray'} circle={count.data < 10} aria-label={`${count.data} ${label}`}>
      {count.data}
    </Badge>
  );
}

/** A short list of published articles (the most used, the recently updated) on a card. */
export function ArticleShortList({ title, icon, query, detail }: { title: string; icon: ReactNode; query: ArticleQuery; detail: (a: KnowledgeArticle) => string }) {
  const articles = useArticles({ ...query, limit: 6 });
  const subjects = useCasePicklist('subject').data;
  const rows = articles.data?.data ?? [];
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label={title}>
      <Group gap="xs" mb="md">
        {icon}
        <Title order={4} fw={600}>
          {title}
        </Title>
      </Group>
      {articles.error ? (
        <QueryError error={articles.error} onRetry={() => void articles.refetch()} />
      ) : articles.isPending ? (
        <Stack gap="sm">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={38} />
          ))}
        </Stack>
      ) : rows.length === 0 ? (
        <EmptyState title="Nothing published yet" description="Approved articles show here, ready to answer the next case." />
      ) : (
        <Stack gap="md" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((a) => (
            <li key={a.id}>
              <Anchor component={Link} to={`/knowledge/${a.id}`} fw={600} size="sm" lineClamp={2}>
                {a.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                <Text span ff="monospace" size="xs">
                  {a.number}
                </Text>
                {a.subject ? ` · ${picklistLabel(subjects, a.subject)}` : ''} · {detail(a)}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

export const usesOf = (a: KnowledgeArticle) => formatUses(a.use_count);
export const updatedOf = (a: KnowledgeArticle) => `updated ${formatRelative(a.updated_at)}`;
