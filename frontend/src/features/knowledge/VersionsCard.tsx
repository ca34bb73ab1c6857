// The versions of an article, the newest first, each one a link; "Compare" shows what differs
// between the version read and another.
import { Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconArrowsDiff } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';

import type { KnowledgeArticle } from '@/shared/knowledge/api';
import { ArticleStatusBadge } from '@/shared/knowledge/Badges';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { QueryError } from '@/shared/ui/States';

import { CompareDialog } from './ArticleDialogs';
import classes from './Knowledge.module.css';

type Versions = UseQueryResult<{ data: KnowledgeArticle[] }>;

export function VersionsCard({ article: a, versions }: { article: KnowledgeArticle; versions: Versions }) {
  const [other, setOther] = useState<KnowledgeArticle | null>(null);
  const rows = versions.data?.data ?? [];
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-label="Versions">
      <Title order={5} mb="md">
        Versions
      </Title>
      {versions.error ? (
        <QueryError error={versions.error} onRetry={() => void versions.refetch()} />
      ) : versions.isPending ? (
        <Stack gap="xs">
          <Skeleton height={32} />
          <Skeleton height={32} />
        </Stack>
      ) : (
        <Stack gap={4} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {rows.map((v) => {
            const current = v.id === a.id;
            const when = v.published_at ?? v.updated_at;
            return (
              <li key={v.id} className={classes.version} data-current={current} aria-current={current ? 'true' : undefined} aria-label={`Version ${v.version_number}`}>
                <Group justify="space-between" wrap="nowrap" gap="xs">
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      {current ? (
                        <Text size="sm" fw={700}>
                          Version {v.version_number}
                        </Text>
                      ) : (
                        <Anchor component={Link} to={`/knowledge/${v.id}`} size="sm" fw={600}>
                          Version {v.version_number}
                        </Anchor>
                      )}
                      <ArticleStatusBadge status={v.status} />
                    </Group>
                    <Text size="xs" c="dimmed" title={formatDateTime(when)}>
                      {v.published_at ? 'Published' : 'Changed'} {formatRelative(when)}
                    </Text>
                  </Stack>
                  {!current && (
                    <Button size="compact-xs" variant="subtle" leftSection={<IconArrowsDiff size={14} />} onClick={() => setOther(v)} aria-label={`Compare with version ${v.version_number}`}>
                      Compare
                    </Button>
                  )}
                </Group>
              </li>
            );
          })}
          {rows.length === 1 && a.status === 'published' && (
            <Text size="xs" c="dimmed" mt="xs">
              Editing the published version drafts the next one; then the two can be compared here.
            </Text>
          )}
        </Stack>
      )}
      {other && (
        <CompareDialog
          older={other.version_number < a.version_number ? other : a}
          newer={other.version_number < a.version_number ? a : other}
          onClose={() => setOther(null)}
        />
      )}
    </Card>
  );
}
