import { Group, Text } from '@mantine/core';

/** The product mark and name. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-blue-6)" />
        <path d="M9 11.5a7 7 0 0 1 11.6-2.4M23 20.5a7 7 0 0 1-11.6 2.4M20.5 9.1V5.5M11.5 22.9v3.6" stroke="#fff" strokeWidth="2.6" strokeLinecap="round" fill="none" />
        <circle cx="16" cy="16" r="2.6" fill="#fff" />
      </svg>
      <Text fw={700} size="lg" lts={-0.3}>
        CRM
      </Text>
    </Group>
  );
}
