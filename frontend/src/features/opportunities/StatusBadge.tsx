import { Badge } from '@mantine/core';

import type { Opportunity } from './api';

const COLORS: Record<Opportunity['status'], string> = { open: 'blue', won: 'teal', lost: 'gray' };
const LABELS: Record<Opportunity['status'], string> = { open: 'Open', won: 'Won', lost: 'Lost' };

export function OpportunityStatusBadge({ status }: { status: Opportunity['status'] }) {
  return (
    <Badge color={COLORS[status]} variant="light" radius="sm">
      {LABELS[status]}
    </Badge>
  );
}
