// The knowledge base's home: a search that answers as you type (published articles, best first,
// the matched words highlighted), the most used and recently updated articles while the box is
// empty, and the folders: my drafts, the unapproved folder (for approvers), every article.
import { Anchor, Badge, Button, Group, Loader, Paper, Select, SimpleGrid, Skeleton, Stack, Tabs, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconClockEdit, IconFlame, IconLayoutList, IconPencilPlus, IconSearch, IconX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';

import type { SearchHit, Visibility } from '@/shared/knowledge/api';
import { Snippet } from '@/shared/knowledge/ArticleText';
import { VisibilityBadge } from '@/shared/knowledge/Badges';
import { ARTICLE_STATUS, ARTICLE_STATUSES, formatUses, VISIBILITIES, VISIBILITY } from '@/shared/knowledge/words';
import { picklistLabel, picklistOptions, useCasePicklist } from '@/shared/service/api';
import { useMe, usePrivileges } from '@/shared/session/useSession';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useArticleSearch, type ArticleQuery, type SearchQuery } from './api';
import { ArticleCount, ArticleShortList, ArticleTable, updatedOf, usesOf } from './ArticleLists';
import classes from './Knowledge.module.css';

type Folder = 'search' | 'drafts' | 'unapproved' | 'all';

function isFolder(value: string | null): value is Folder {
  return value === 'search' || value === 'drafts' || value === 'unapproved' || value === 'all';
}

function isVisibility(value: string | null): value is Visibility {
  return VISIBILITIES.some((v) => v === value);
}

export function KnowledgeHome() {
  const [params, setParams] = useSearchParams();
  const privileges = usePrivileges();
  const me = useMe().data;
  const canWrite = privileges.can('knowledge-articles', 'create');
  const canApprove = privileges.can('knowledge-articles', 'approve');
  const canTemplates = privileges.canAny([
    ['article-templates', 'create'],
    ['article-templates', 'update'],
  ]);
  const asked = params.get('folder');
  const folder: Folder = isFolder(asked) && (asked !== 'unapproved' || canApprove || privileges.loading) ? asked : 'search';

  const setParam = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const drafts: ArticleQuery | null = me ? { owner_id: me.id, is_latest_version: true, 'status[in]': ['draft', 'submitted'] } : null;
  const unapproved: ArticleQuery = { status: 'submitted', sort: 'updated_at' };

  return (
    <>
      <PageHeader
        title="Knowledge"
        description="Answers written once and found in seconds: how-tos, known issues and their fixes, approved before anyone relies on them."
        actions={
          <>
            {canTemplates && (
              <Button component={Link} to="/admin/article-templates" variant="default" leftSection={<IconLayoutList size={16} />}>
                Templates
              </Button>
            )}
            {canWrite && (
              <Button component={Link} to="/knowledge/new" leftSection={<IconPencilPlus size={16} />}>
                Write an article
              </Button>
            )}
          </>
        }
      />
      <Tabs value={folder} onChange={(value) => setParam('folder', value && value !== 'search' ? value : null)} keepMounted={false}>
        <Tabs.List mb="lg" aria-label="Knowledge folders">
          <Tabs.Tab value="search" leftSection={<IconSearch size={16} />}>
            Search
          </Tabs.Tab>
          {canWrite && drafts && (
            <Tabs.Tab value="drafts" rightSection={<ArticleCount query={drafts} label="drafts" />}>
              My drafts
            </Tabs.Tab>
          )}
          {canApprove && (
            <Tabs.Tab value="unapproved" rightSection={<ArticleCount query={{ status: 'submitted' }} alarm label="awaiting approval" />}>
              Unapproved
            </Tabs.Tab>
          )}
          <Tabs.Tab value="all">All articles</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="search">
          <SearchPanel canWrite={canWrite} />
        </Tabs.Panel>
        {drafts && (
          <Tabs.Panel value="drafts">
            <Paper withBorder radius="md">
              <ArticleTable
                label="My drafts"
                query={drafts}
                empty={
                  <EmptyState
                    title="No drafts"
                    description="Articles you write stay here until they are approved, and come back here when a manager rejects them."
                    action={
                      canWrite && (
                        <Button size="xs" mt="xs" component={Link} to="/knowledge/new" leftSection={<IconPencilPlus size={14} />}>
                          Write an article
                        </Button>
                      )
                    }
                  />
                }
              />
            </Paper>
          </Tabs.Panel>
        )}
        <Tabs.Panel value="unapproved">
          <Paper withBorder radius="md">
            <Text size="sm" c="dimmed" px="md" pt="md">
              Articles submitted for approval, the longest waiting first. Read one, then approve it or send it back with what to change.
            </Text>
            <ArticleTable label="Unapproved articles" query={unapproved} empty={<EmptyState title="Nothing waits for approval" description="Submitted articles show here." />} />
          </Paper>
        </Tabs.Panel>
        <Tabs.Panel value="all">
          <AllArticles />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** The search box, its filters, and the hits (or, with an empty box, the most used and the newest). */
function SearchPanel({ canWrite }: { canWrite: boolean }) {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(text.trim(), 200);
  const subjects = useCasePicklist('subject');
  const subject = params.get('subject') ?? undefined;
  const asked = params.get('visibility');
  const visibility = isVisibility(asked) ? asked : undefined;

  // The settled text goes to the address, so a search can be shared and the back button finds it.
  useEffect(() => {
    setParams(
      (current) => {
        if ((current.get('q') ?? '') === q) return current;
        const next = new URLSearchParams(current);
        if (q) next.set('q', q);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [q, setParams]);

  const setFilter = (name: string, value: string | null) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const search: SearchQuery = { q, visibility, subject };
  const results = useArticleSearch(search);
  const searching = q !== '' && results.isFetching;

  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="md">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <TextInput
            size="md"
            placeholder="Search the knowledge base: printer offline, reset a password…"
            leftSection={<IconSearch size={18} />}
            rightSection={
              searching ? (
                <Loader size={16} />
              ) : text ? (
                <IconX size={16} style={{ cursor: 'pointer' }} aria-label="Clear the search" onClick={() => setText('')} />
              ) : undefined
            }
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 260 }}
            aria-label="Search the knowledge base"
            data-autofocus
            autoFocus
          />
          <Select
            size="md"
            placeholder="Any subject"
            data={picklistOptions(subjects.data, subject)}
            value={subject ?? null}
            onChange={(value) => setFilter('subject', value)}
            clearable
            searchable
            w={200}
            aria-label="Subject"
          />
          <Select
            size="md"
            placeholder="Any audience"
            data={VISIBILITIES.map((v) => ({ value: v, label: VISIBILITY[v].label }))}
            value={visibility ?? null}
            onChange={(value) => setFilter('visibility', value)}
            clearable
            w={170}
            aria-label="Visibility"
          />
        </Group>
      </Paper>
      {q === '' ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <ArticleShortList
            title="Most used"
            icon={<IconFlame size={18} color="var(--mantine-color-orange-6)" />}
            query={{ status: 'published', sort: '-use_count', visibility, subject }}
            detail={usesOf}
          />
          <ArticleShortList
            title="Recently updated"
            icon={<IconClockEdit size={18} color="var(--mantine-color-blue-6)" />}
            query={{ status: 'published', sort: '-updated_at', visibility, subject }}
            detail={updatedOf}
          />
        </SimpleGrid>
      ) : (
        <Hits q={q} results={results} canWrite={canWrite} subjectLabel={(value) => picklistLabel(subjects.data, value)} />
      )}
    </Stack>
  );
}

type HitsProps = { q: string; results: ReturnType<typeof useArticleSearch>; canWrite: boolean; subjectLabel: (value: string) => string };

function Hits({ q, results, canWrite, subjectLabel }: HitsProps) {
  if (results.error) return <QueryError error={results.error} onRetry={() => void results.refetch()} />;
  if (results.isPending) {
    return (
      <Paper withBorder radius="md" p="lg">
        <Stack gap="lg">
          {[0, 1, 2].map((i) => (
            <Stack key={i} gap={6}>
              <Skeleton height={16} width="40%" />
              <Skeleton height={12} />
              <Skeleton height={12} width="70%" />
            </Stack>
          ))}
        </Stack>
      </Paper>
    );
  }
  const hits = results.data.pages.flatMap((page) => page.data);
  const stale = results.isPlaceholderData;
  if (hits.length === 0) {
    return (
      <Paper withBorder radius="md" p="lg">
        <EmptyState
          title={`Nothing found for “${q}”`}
          description="Only published articles are found. Try fewer or other words; a word finds its forms too (print finds printer and printing)."
          action={
            canWrite && (
              <Button size="xs" mt="xs" variant="light" component={Link} to={`/knowledge/new?title=${encodeURIComponent(q)}`} leftSection={<IconPencilPlus size={14} />}>
                Write the answer
              </Button>
            )
          }
        />
      </Paper>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {hits.length}
        {results.hasNextPage ? '+' : ''} article{hits.length === 1 ? '' : 's'} for “{q}”, best first
      </Text>
      <Paper withBorder radius="md" style={{ opacity: stale ? 0.6 : 1, transition: 'opacity 120ms' }} aria-busy={stale}>
        <ol aria-label="Search results" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {hits.map((hit) => (
            <HitRow key={hit.article.id} hit={hit} subjectLabel={subjectLabel} />
          ))}
        </ol>
      </Paper>
      {results.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
            Load more
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function HitRow({ hit, subjectLabel }: { hit: SearchHit; subjectLabel: (value: string) => string }) {
  const a = hit.article;
  return (
    <li className={classes.hit} aria-label={a.title}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/knowledge/${a.id}`} fw={600} className={classes.hitTitle}>
            {a.title}
          </Anchor>
          <Snippet html={hit.snippet} lineClamp={3} />
          <Group gap="xs" mt={2}>
            <Text size="xs" c="dimmed" ff="monospace">
              {a.number}
            </Text>
            {a.subject && (
              <Badge size="xs" variant="light" color="gray" radius="sm">
                {subjectLabel(a.subject)}
              </Badge>
            )}
            {a.keywords.slice(0, 4).map((k) => (
              <Badge key={k} size="xs" variant="outline" color="gray" radius="xl" tt="none">
                {k}
              </Badge>
            ))}
          </Group>
        </Stack>
        <Stack gap={6} align="flex-end" style={{ flexShrink: 0 }}>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {formatUses(a.use_count)}
          </Text>
          {a.visibility === 'public' && <VisibilityBadge visibility="public" />}
        </Stack>
      </Group>
    </li>
  );
}

/** Every article (its newest version), searched by title or number, narrowed by status. */
function AllArticles() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 250);
  const [status, setStatus] = useState<string | null>(null);
  const chosen = ARTICLE_STATUSES.find((s) => s === status);
  return (
    <Paper withBorder radius="md">
      <Group p="sm" gap="sm">
        <TextInput
          placeholder="Title or number…"
          leftSection={<IconSearch size={16} />}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 1, minWidth: 220 }}
          aria-label="Search articles by title or number"
        />
        <Select
          placeholder="Any status"
          data={ARTICLE_STATUSES.map((s) => ({ value: s, label: ARTICLE_STATUS[s].label }))}
          value={status}
          onChange={setStatus}
          clearable
          w={200}
          aria-label="Status"
        />
      </Group>
      <ArticleTable
        label="Articles"
        query={{ is_latest_version: true, q: q || undefined, status: chosen }}
        empty={<EmptyState title={q || chosen ? 'No matching articles' : 'No articles yet'} description={q || chosen ? 'Try another title, or another status.' : 'Write the first answer your team keeps giving.'} />}
      />
    </Paper>
  );
}
