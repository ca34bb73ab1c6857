import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export type Detail = { label: string; value: ReactNode; span?: boolean };

/** Labelled values of a record; empty values show a quiet dash. */
export function DetailList({ items, cols = 2 }: { items: Detail[]; cols?: number }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: cols }} spacing="lg" verticalSpacing="md">
      {items.map((item) => (
        <Stack key={item.label} gap={2} style={item.span ? { gridColumn: '1 / -1' } : undefined}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
            {item.label}
          </Text>
          {item.value === null || item.value === undefined || item.value === '' ? (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ) : typeof item.value === 'string' || typeof item.value === 'number' ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {item.value}
            </Text>
          ) : (
            item.value
          )}
        </Stack>
      ))}
    </SimpleGrid>
  );
}
