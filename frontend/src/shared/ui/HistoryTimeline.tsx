// A record's change history: who changed which fields, from what to what, when.
import { Badge, Code, Group, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';

import type { Schemas } from '@/shared/api/client';

import { formatDateTime, formatRelative, humanize } from './format';
import { EmptyState } from './States';

type Change = Schemas['Change'];

const HIDDEN = new Set(['owner_id', 'business_unit_id']);

/** Beyond this, a value (an article's whole text, say) is cut: the record shows it whole. */
const MAX_SHOWN = 160;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'empty';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  let text: string;
  if (typeof value === 'string' || typeof value === 'number') text = String(value);
  else if (Array.isArray(value) && value.every((item): item is string => typeof item === 'string')) text = value.length === 0 ? 'none' : value.join(', ');
  else text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

export function HistoryTimeline({ changes, meId }: { changes: Change[]; meId: string | undefined }) {
  if (changes.length === 0) return <EmptyState title="No history yet" />;
  return (
    <Timeline bulletSize={26} lineWidth={2}>
      {changes.map((change) => {
        const fields = change.changes.filter((c) => change.operation === 'update' || !HIDDEN.has(c.field));
        const who = change.actor_id === null ? 'The system' : change.actor_id === meId ? 'You' : 'Another user';
        const icon =
          change.operation === 'create' ? <IconPlus size={14} /> : change.operation === 'delete' ? <IconTrash size={14} /> : <IconPencil size={14} />;
        const verb = change.operation === 'create' ? 'created this record' : change.operation === 'delete' ? 'deleted it' : `changed ${fields.length} field${fields.length === 1 ? '' : 's'}`;
        return (
          <Timeline.Item
            key={change.seq}
            bullet={
              <ThemeIcon size={26} radius="xl" variant="light" color={change.operation === 'create' ? 'teal' : 'blue'}>
                {icon}
              </ThemeIcon>
            }
            title={
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {who} {verb}
                </Text>
                <Text size="xs" c="dimmed" title={formatDateTime(change.occurred_at)}>
                  {formatRelative(change.occurred_at)}
                </Text>
              </Group>
            }
          >
            {change.operation === 'update' && (
              <Stack gap={4} mt={6}>
                {fields.map((field) => (
                  <Group key={field.field} gap={6} wrap="wrap">
                    <Badge variant="light" color="gray" size="sm" radius="sm">
                      {humanize(field.field)}
                    </Badge>
                    <Code>{show(field.old)}</Code>
                    <Text size="xs" c="dimmed">
                      →
                    </Text>
                    <Code>{show(field.new)}</Code>
                  </Group>
                ))}
              </Stack>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
