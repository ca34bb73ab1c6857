// The queue board: a card per queue with how it is doing now (cases waiting, being worked, its
// members, how long the oldest case has waited), each opening the cases of the queue.
import { Avatar, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, ThemeIcon, Title, Tooltip } from '@mantine/core';
import { IconArrowRight, IconHourglass, IconSettings, IconStack2 } from '@tabler/icons-react';
import { Link } from 'react-router';

import { useUsersById } from '@/shared/api/lookups';
import { useQueues, type Queue } from '@/shared/service/api';
import { useNow } from '@/shared/service/useNow';
import { useMe, usePrivileges } from '@/shared/session/useSession';
import { formatRelative, initials } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';

import classes from './QueueBoard.module.css';

export function QueueBoard() {
  const queues = useQueues();
  const me = useMe().data;
  const privileges = usePrivileges();
  const canManage = privileges.canAny([
    ['queues', 'create'],
    ['queues', 'update'],
  ]);
  const shown = (queues.data ?? []).filter((q) => q.is_active || q.figures.cases_waiting + q.figures.cases_being_worked > 0);
  const members = useUsersById(shown.flatMap((q) => q.member_ids)).data;
  const waiting = shown.reduce((sum, q) => sum + q.figures.cases_waiting, 0);
  const worked = shown.reduce((sum, q) => sum + q.figures.cases_being_worked, 0);

  return (
    <>
      <PageHeader
        title="Queues"
        description="Where cases wait until someone works them: how many wait, how many are being handled, and who works each queue."
        actions={
          canManage && (
            <Button component={Link} to="/admin/queues" variant="default" leftSection={<IconSettings size={16} />}>
              Manage queues
            </Button>
          )
        }
      />
      {queues.error ? (
        <QueryError error={queues.error} onRetry={() => void queues.refetch()} />
      ) : queues.isPending ? (
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={230} radius="md" />
          ))}
        </SimpleGrid>
      ) : shown.length === 0 ? (
        <Card withBorder radius="md" padding="xl">
          <EmptyState
            title="No queues yet"
            description="Queues sort incoming cases by product or expertise. Create them, with their members, in administration; routing rules then send cases to them."
            action={
              canManage && (
                <Button size="xs" mt="xs" component={Link} to="/admin/queues">
                  Create a queue
                </Button>
              )
            }
          />
        </Card>
      ) : (
        <>
          <Group gap="xl" mb="lg">
            <Summary label="Waiting" value={waiting} color={waiting > 0 ? 'orange' : undefined} />
            <Summary label="Being worked" value={worked} />
            <Summary label="Queues" value={shown.length} />
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="lg">
            {shown.map((queue) => (
              <QueueCard key={queue.id} queue={queue} mine={Boolean(me && queue.member_ids.includes(me.id))} names={members} />
            ))}
          </SimpleGrid>
        </>
      )}
    </>
  );
}

function Summary({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {label}
      </Text>
      <Text fz={28} fw={700} c={color} lh={1.2}>
        {value}
      </Text>
    </Stack>
  );
}

type Names = Map<string, { full_name: string }> | undefined;

function QueueCard({ queue: q, mine, names }: { queue: Queue; mine: boolean; names: Names }) {
  const now = useNow(60_000);
  const f = q.figures;
  return (
    <Card withBorder radius="md" padding={0} component={Link} to={`/cases?queue=${q.id}`} className={classes.card} aria-label={`Queue ${q.name}`}>
      <Stack gap="md" p="lg" style={{ flex: 1 }}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <ThemeIcon size={38} radius="md" variant="light" color={q.is_escalation ? 'grape' : 'blue'}>
              <IconStack2 size={20} stroke={1.6} />
            </ThemeIcon>
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Title order={4} fw={600} lineClamp={1}>
                {q.name}
              </Title>
              <Group gap={4}>
                {q.is_escalation && (
                  <Badge size="xs" variant="light" color="grape" radius="sm">
                    Escalations
                  </Badge>
                )}
                {!q.is_active && (
                  <Badge size="xs" variant="light" color="gray" radius="sm">
                    Retired
                  </Badge>
                )}
                {mine && (
                  <Badge size="xs" variant="light" color="teal" radius="sm">
                    You work it
                  </Badge>
                )}
              </Group>
            </Stack>
          </Group>
        </Group>
        {q.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {q.description}
          </Text>
        )}
        <SimpleGrid cols={3} spacing="xs">
          <Figure label="Waiting" value={f.cases_waiting} color={f.cases_waiting > 0 ? 'orange' : undefined} />
          <Figure label="Being worked" value={f.cases_being_worked} />
          <Figure label="Members" value={f.members} />
        </SimpleGrid>
        <Group gap={6} wrap="nowrap">
          <IconHourglass size={16} color={f.oldest_waiting_since ? 'var(--mantine-color-orange-6)' : 'var(--mantine-color-teal-6)'} />
          <Text size="sm" c={f.oldest_waiting_since ? undefined : 'teal'}>
            {f.oldest_waiting_since ? (
              <>
                Oldest case queued <strong>{formatRelative(f.oldest_waiting_since, now)}</strong>
              </>
            ) : (
              'Nobody is waiting'
            )}
          </Text>
        </Group>
      </Stack>
      <Group justify="space-between" px="lg" py="sm" className={classes.footer} wrap="nowrap">
        {q.member_ids.length > 0 ? (
          <Tooltip.Group openDelay={200}>
            <Avatar.Group spacing={6}>
              {q.member_ids.slice(0, 5).map((id) => {
                const name = names?.get(id)?.full_name ?? 'Member';
                return (
                  <Tooltip key={id} label={name} withArrow>
                    <Avatar size={28} radius="xl" color="blue" aria-label={name}>
                      {initials(name)}
                    </Avatar>
                  </Tooltip>
                );
              })}
              {q.member_ids.length > 5 && (
                <Avatar size={28} radius="xl">
                  +{q.member_ids.length - 5}
                </Avatar>
              )}
            </Avatar.Group>
          </Tooltip.Group>
        ) : (
          <Text size="sm" c="orange">
            Nobody works this queue
          </Text>
        )}
        <Group gap={4} c="blue" wrap="nowrap">
          <Text size="sm" fw={600} c="blue">
            Open cases
          </Text>
          <IconArrowRight size={16} />
        </Group>
      </Group>
    </Card>
  );
}

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0} className={classes.figure}>
      <Text fz={24} fw={700} c={color} lh={1.25}>
        {value}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
    </Stack>
  );
}
