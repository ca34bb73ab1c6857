// How much of a contract's allotment its cases have drawn: a bar that turns orange near the end
// and red once used up, with the numbers.
import { Group, Progress, Stack, Text } from '@mantine/core';

import { formatAllotment } from '@/shared/service/words';

import type { Contract } from './api';

export function allotmentColor(contract: Pick<Contract, 'allotment_used' | 'allotment_total'>): string {
  const share = contract.allotment_total > 0 ? contract.allotment_used / contract.allotment_total : 1;
  return share >= 1 ? 'red' : share >= 0.75 ? 'orange' : 'teal';
}

export function AllotmentBar({ contract: c, size = 'sm' }: { contract: Contract; size?: 'sm' | 'lg' }) {
  const percent = c.allotment_total > 0 ? Math.min(100, (c.allotment_used / c.allotment_total) * 100) : 100;
  const unit = c.allotment_type === 'cases' ? 'cases' : 'min';
  return (
    <Stack gap={4} miw={size === 'sm' ? 150 : undefined}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size={size === 'sm' ? 'xs' : 'sm'} fw={600}>
          {c.allotment_used} / {c.allotment_total} {unit}
        </Text>
        <Text size="xs" c={c.allotment_remaining <= 0 ? 'red' : 'dimmed'}>
          {c.allotment_remaining < 0
            ? `${formatAllotment(-c.allotment_remaining, c.allotment_type)} over`
            : c.allotment_remaining === 0
              ? 'Used up'
              : `${formatAllotment(c.allotment_remaining, c.allotment_type)} left`}
        </Text>
      </Group>
      <Progress
        value={percent}
        color={allotmentColor(c)}
        size={size === 'sm' ? 'sm' : 'lg'}
        radius="xl"
        aria-label={`${c.allotment_used} of ${c.allotment_total} ${c.allotment_type} used`}
      />
    </Stack>
  );
}
