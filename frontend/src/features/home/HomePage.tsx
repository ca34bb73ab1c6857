// Home: a greeting, the size of the book of business, and what changed lately.
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAddressBook, IconBuildingSkyscraper, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { useCan, useMe } from '@/shared/session/useSession';
import { formatRelative } from '@/shared/ui/format';
import { EmptyState } from '@/shared/ui/States';

function greeting(hour: number): string {
  if (hour < 12) return 'Good morning';
  if (hour < 18) return 'Good afternoon';
  return 'Good evening';
}

function Stat({ label, value, icon, to }: { label: string; value: number | undefined; icon: ReactNode; to: string }) {
  return (
    <Card withBorder radius="md" padding="lg" component={Link} to={to} style={{ textDecoration: 'none' }}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text size="sm" c="dimmed" fw={500}>
            {label}
          </Text>
          <Text fz={32} fw={700} lh={1.1}>
            {value === undefined ? '–' : new Intl.NumberFormat().format(value)}
          </Text>
        </Stack>
        <ThemeIcon size={40} radius="md" variant="light">
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

export function HomePage() {
  const me = useMe();
  const canAccounts = useCan('accounts', 'read');
  const canContacts = useCan('contacts', 'read');
  const canCreate = useCan('accounts', 'create');
  const accounts = useQuery({
    queryKey: ['accounts', 'list', 'home'],
    queryFn: () => unwrap(api.GET('/api/v1/accounts', { params: { query: { limit: 6, sort: '-updated_at', count: true } } })),
    enabled: canAccounts,
  });
  const contacts = useQuery({
    queryKey: ['contacts', 'list', 'home'],
    queryFn: () => unwrap(api.GET('/api/v1/contacts', { params: { query: { limit: 6, sort: '-updated_at', count: true } } })),
    enabled: canContacts,
  });
  const firstName = me.data?.full_name.split(' ')[0] ?? '';

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2} fw={650}>
            {greeting(new Date().getHours())}
            {firstName ? `, ${firstName}` : ''}
          </Title>
          <Text c="dimmed" size="sm">
            Here is your book of business at a glance.
          </Text>
        </div>
        {canCreate && (
          <Button component={Link} to="/accounts/new" leftSection={<IconPlus size={16} />}>
            New account
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {canAccounts && <Stat label="Accounts" value={accounts.data?.total ?? undefined} icon={<IconBuildingSkyscraper size={22} />} to="/accounts" />}
        {canContacts && <Stat label="Contacts" value={contacts.data?.total ?? undefined} icon={<IconAddressBook size={22} />} to="/contacts" />}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {canAccounts && (
          <Card withBorder radius="md" padding="lg">
            <Title order={5} mb="sm">
              Recently updated accounts
            </Title>
            {accounts.data?.data.length === 0 ? (
              <EmptyState title="No accounts yet" />
            ) : (
              <Stack gap="xs">
                {accounts.data?.data.map((a) => (
                  <Group key={a.id} justify="space-between" wrap="nowrap">
                    <Anchor component={Link} to={`/accounts/${a.id}`} size="sm" fw={500} truncate>
                      {a.name}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                      {formatRelative(a.updated_at)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Card>
        )}
        {canContacts && (
          <Card withBorder radius="md" padding="lg">
            <Title order={5} mb="sm">
              Recently updated contacts
            </Title>
            {contacts.data?.data.length === 0 ? (
              <EmptyState title="No contacts yet" />
            ) : (
              <Stack gap="xs">
                {contacts.data?.data.map((c) => (
                  <Group key={c.id} justify="space-between" wrap="nowrap">
                    <Anchor component={Link} to={`/contacts/${c.id}`} size="sm" fw={500} truncate>
                      {c.full_name}
                    </Anchor>
                    <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
                      {formatRelative(c.updated_at)}
                    </Text>
                  </Group>
                ))}
              </Stack>
            )}
          </Card>
        )}
      </SimpleGrid>
    </Stack>
  );
}
