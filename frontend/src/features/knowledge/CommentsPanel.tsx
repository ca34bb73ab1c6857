// The comments of an article, kept across its versions, oldest first: reviewers ask, writers
// answer. The author of a comment (or whoever may change the article) deletes it.
import { ActionIcon, Avatar, Button, Group, Skeleton, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconMessagePlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

import { useOwnerNames } from '@/shared/api/lookups';
import { fieldErrors, problemDetail } from '@/shared/api/problem';
import type { KnowledgeArticle } from '@/shared/knowledge/api';
import { useMe } from '@/shared/session/useSession';
import { formatDateTime, formatRelative, initials } from '@/shared/ui/format';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useAddComment, useComments, useDeleteComment, type ArticleComment } from './api';

export function CommentsPanel({ article: a }: { article: KnowledgeArticle }) {
  const me = useMe().data;
  const comments = useComments(a.id, a.root_article_id);
  const add = useAddComment(a.id, a.root_article_id);
  const remove = useDeleteComment(a.id, a.root_article_id);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const rows = comments.data?.pages.flatMap((p) => p.data) ?? [];
  const names = useOwnerNames(rows.map((c) => c.author_id)).data;

  const submit = () => {
    if (!text.trim()) {
      setError('Write the comment first.');
      return;
    }
    add.mutate(text.trim(), {
      onSuccess: () => {
        setText('');
        setError(null);
      },
      onError: (e) => setError(fieldErrors(e).body ?? problemDetail(e)),
    });
  };

  const confirmDelete = (c: ArticleComment) =>
    modals.openConfirmModal({
      title: 'Delete the comment?',
      children: <Text size="sm">It is removed from every version of the article. This cannot be undone.</Text>,
      labels: { confirm: 'Delete comment', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(c.id, {
          onError: (e) => notifications.show({ color: 'red', title: 'Could not delete the comment', message: problemDetail(e) }),
        }),
    });

  return (
    <Stack gap="lg">
      {comments.error ? (
        <QueryError error={comments.error} onRetry={() => void comments.refetch()} />
      ) : comments.isPending ? (
        <Stack gap="sm">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      ) : rows.length === 0 ? (
        <EmptyState title="No comments yet" description="Ask the writer a question, or suggest what the article is missing." />
      ) : (
        <Stack gap="md" component="ol" aria-label="Comments" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((c) => {
            const author = names?.get(c.author_id)?.name ?? '…';
            return (
              <li key={c.id}>
                <Group align="flex-start" wrap="nowrap" gap="sm">
                  <Avatar radius="xl" size={32} color="blue">
                    {initials(author)}
                  </Avatar>
                  <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                    <Group gap="xs">
                      <Text size="sm" fw={600}>
                        {c.author_id === me?.id ? 'You' : author}
                      </Text>
                      <Text size="xs" c="dimmed" title={formatDateTime(c.created_at)}>
                        {formatRelative(c.created_at)}
                      </Text>
                      {c.article_id !== a.id && (
                        <Text size="xs" c="dimmed">
                          · on another version
                        </Text>
                      )}
                    </Group>
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {c.body}
                    </Text>
                  </Stack>
                  {c.author_id === me?.id && (
                    <Tooltip label="Delete" withArrow>
                      <ActionIcon variant="subtle" color="gray" aria-label="Delete the comment" onClick={() => confirmDelete(c)}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              </li>
            );
          })}
        </Stack>
      )}
      {comments.hasNextPage && (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={() => void comments.fetchNextPage()} loading={comments.isFetchingNextPage}>
            Show more comments
          </Button>
        </Group>
      )}
      <Stack gap="xs">
        <Textarea
          aria-label="New comment"
          placeholder="Write a comment…"
          autosize
          minRows={2}
          maxRows={8}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) submit();
          }}
        />
        <Group justify="flex-end">
          <Button size="xs" leftSection={<IconMessagePlus size={14} />} onClick={submit} loading={add.isPending}>
            Comment
          </Button>
        </Group>
      </Stack>
    </Stack>
  );
}
