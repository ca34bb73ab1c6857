// The small labels of the knowledge base: a version's status and its visibility.
import { Badge, Tooltip } from '@mantine/core';
import { IconLock, IconWorld } from '@tabler/icons-react';

import type { ArticleStatus, Visibility } from './api';
import { ARTICLE_STATUS, VISIBILITY } from './words';

export function ArticleStatusBadge({ status }: { status: ArticleStatus }) {
  const look = ARTICLE_STATUS[status];
  return (
    <Tooltip label={look.help} multiline w={280} withArrow>
      <Badge color={look.color} variant={status === 'archived' ? 'outline' : 'light'} radius="sm" style={{ minWidth: 'max-content' }}>
        {look.label}
      </Badge>
    </Tooltip>
  );
}

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const look = VISIBILITY[visibility];
  return (
    <Tooltip label={look.help} withArrow>
      <Badge
        color={look.color}
        variant="outline"
        radius="sm"
        style={{ minWidth: 'max-content' }}
        leftSection={visibility === 'public' ? <IconWorld size={12} /> : <IconLock size={12} />}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}
