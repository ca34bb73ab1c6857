// The case page's knowledge: the published articles its title and description suggest, a search
// of the knowledge base, and the articles linked to the case as its answer (a link counts as a
// use of the article, which ranks it higher for the next case).
import { ActionIcon, Anchor, Badge, Button, Card, Group, Loader, Skeleton, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBook2, IconLink, IconLinkOff, IconSearch, IconX } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import { useOwnerNames } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import type { SearchHit } from '@/shared/knowledge/api';
import { Snippet } from '@/shared/knowledge/ArticleText';
import { formatUses } from '@/shared/knowledge/words';
import { useMe } from '@/shared/session/useSession';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { QueryError } from '@/shared/ui/States';

import type { Case } from './api';
import { searchPublished, useCaseArticles, useLinkArticle, useSuggestedArticles, useUnlinkArticle, type CaseArticle } from './knowledge';

type Props = { kase: Case; canLink: boolean };

export function KnowledgeCard({ kase: c, canLink }: Props) {
  const linked = useCaseArticles(c.id);
  const suggested = useSuggestedArticles(c.id);
  const link = useLinkArticle(c.id);
  const unlink = useUnlinkArticle(c.id);
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 200);
  const found = useQuery({
    queryKey: ['cases', 'knowledge', c.id, 'search', q],
    queryFn: () => searchPublished(q),
    enabled: q !== '',
    staleTime: 30_000,
    placeholderData: (previous) => previous,
  });
  const links = linked.data?.data ?? [];
  const linkedRoots = new Set(links.map((l) => l.article.root_article_id));

  const doLink = (hit: SearchHit) =>
    link.mutate(hit.article.id, {
      onSuccess: () => notifications.show({ color: 'teal', title: 'Article linked', message: `${hit.article.number} answers ${c.number}.` }),
      onError: (error) => notifications.show({ color: 'red', title: 'Not linked', message: problemDetail(error) }),
    });
  const doUnlink = (l: CaseArticle) =>
    unlink.mutate(l.article.id, {
      onSuccess: () => notifications.show({ color: 'teal', title: 'Article unlinked', message: `${l.article.number} no longer answers ${c.number}.` }),
      onError: (error) => notifications.show({ color: 'red', title: 'Not unlinked', message: problemDetail(error) }),
    });

  const searching = q !== '';
  const hits = (searching ? found.data : suggested.data?.data) ?? [];

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Knowledge">
      <Group justify="space-between" mb="md">
        <Group gap="xs">
          <IconBook2 size={18} color="var(--mantine-primary-color-filled)" />
          <Title order={5}>Knowledge</Title>
        </Group>
        <Anchor component={Link} to="/knowledge" size="xs">
          Open the knowledge base
        </Anchor>
      </Group>

      <Stack gap="lg">
        <Stack gap="xs">
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
            Linked articles
          </Text>
          {linked.error ? (
            <QueryError error={linked.error} onRetry={() => void linked.refetch()} />
          ) : linked.isPending ? (
            <Skeleton height={36} />
          ) : links.length === 0 ? (
            <Text size="sm" c="dimmed">
              None yet. Link the article that answers the case: the next agent finds it, and it ranks higher for similar cases.
            </Text>
          ) : (
            <Stack gap="xs" component="ul" aria-label="Linked articles" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {links.map((l) => (
                <LinkedRow key={l.article.root_article_id} link={l} canUnlink={canLink} onUnlink={() => doUnlink(l)} pending={unlink.isPending && unlink.variables === l.article.id} />
              ))}
            </Stack>
          )}
        </Stack>

        <Stack gap="xs">
          <TextInput
            size="sm"
            placeholder="Search the knowledge base…"
            leftSection={<IconSearch size={15} />}
            rightSection={
              searching && found.isFetching ? (
                <Loader size={14} />
              ) : text ? (
                <ActionIcon variant="subtle" color="gray" size="sm" onClick={() => setText('')} aria-label="Clear the search">
                  <IconX size={14} />
                </ActionIcon>
              ) : undefined
            }
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            aria-label="Search articles for this case"
          />
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4} mt={4}>
            {searching ? 'Search results' : 'Suggested for this case'}
          </Text>
          {(searching ? found.error : suggested.error) ? (
            <QueryError error={searching ? found.error : suggested.error} />
          ) : (searching ? found.isPending : suggested.isPending) ? (
            <Stack gap="xs">
              <Skeleton height={48} />
              <Skeleton height={48} />
            </Stack>
          ) : hits.length === 0 ? (
            <Text size="sm" c="dimmed">
              {searching ? `No published article holds “${q}”.` : 'No published article matches the title and description of the case yet.'}
            </Text>
          ) : (
            <Stack gap="sm" component="ul" aria-label={searching ? 'Found articles' : 'Suggested articles'} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {hits.map((hit) => (
                <HitRow
                  key={hit.article.id}
                  hit={hit}
                  linked={linkedRoots.has(hit.article.root_article_id)}
                  canLink={canLink}
                  onLink={() => doLink(hit)}
                  pending={link.isPending && link.variables === hit.article.id}
                />
              ))}
            </Stack>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

function HitRow({ hit, linked, canLink, onLink, pending }: { hit: SearchHit; linked: boolean; canLink: boolean; onLink: () => void; pending: boolean }) {
  const a = hit.article;
  return (
    <li aria-label={a.title}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/knowledge/${a.id}`} size="sm" fw={600} lineClamp={2}>
            {a.title}
          </Anchor>
          <Snippet html={hit.snippet} lineClamp={2} size="xs" />
          <Text size="xs" c="dimmed">
            <Text span ff="monospace" size="xs">
              {a.number}
            </Text>{' '}
            · {formatUses(a.use_count)}
          </Text>
        </Stack>
        {linked ? (
          <Badge variant="light" color="teal" radius="sm" style={{ flexShrink: 0 }}>
            Linked
          </Badge>
        ) : (
          canLink && (
            <Button size="compact-sm" variant="light" leftSection={<IconLink size={14} />} onClick={onLink} loading={pending} style={{ flexShrink: 0 }} aria-label={`Link ${a.title}`}>
              Link
            </Button>
          )
        )}
      </Group>
    </li>
  );
}

function LinkedRow({ link: l, canUnlink, onUnlink, pending }: { link: CaseArticle; canUnlink: boolean; onUnlink: () => void; pending: boolean }) {
  const me = useMe().data;
  const who = useOwnerNames([l.linked_by]).data?.get(l.linked_by)?.name;
  return (
    <li aria-label={l.article.title}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/knowledge/${l.article.id}`} size="sm" fw={600} lineClamp={2}>
            {l.article.title}
          </Anchor>
          <Text size="xs" c="dimmed" title={formatDateTime(l.linked_at)}>
            <Text span ff="monospace" size="xs">
              {l.article.number}
            </Text>{' '}
            · linked {formatRelative(l.linked_at)} by {l.linked_by === me?.id ? 'you' : (who ?? '…')}
          </Text>
        </Stack>
        {canUnlink && (
          <Tooltip label="Unlink" withArrow>
            <ActionIcon variant="subtle" color="gray" onClick={onUnlink} loading={pending} aria-label={`Unlink ${l.article.title}`}>
              <IconLinkOff size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Group>
    </li>
  );
}
