import { Alert, Button, Center, Loader, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconInbox, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { ApiProblem } from '@/shared/api/problem';

export function EmptyState({ title, description, action }: { title: string; description?: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="md">
      <ThemeIcon variant="light" size={44} radius="xl" color="gray">
        <IconInbox size={24} stroke={1.5} />
      </ThemeIcon>
      <Text fw={600}>{title}</Text>
      {description && (
        <Text size="sm" c="dimmed" ta="center" maw={360}>
          {description}
        </Text>
      )}
      {action}
    </Stack>
  );
}

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const problem = error instanceof ApiProblem ? error : null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={problem?.title ?? 'Something went wrong'}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{problem?.detail ?? (error instanceof Error ? error.message : 'The request failed.')}</Text>
        {onRetry && (
          <Button size="xs" variant="white" color="red" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function PageLoader() {
  return (
    <Center h={240}>
      <Loader />
    </Center>
  );
}

export function NotFound({ what, back }: { what: string; back: ReactNode }) {
  return (
    <Stack align="center" py={64} gap="sm">
      <Text fz={42} fw={700} c="dimmed">
        404
      </Text>
      <Text fw={600}>This {what} does not exist, or you may not see it.</Text>
      {back}
    </Stack>
  );
}

/** A screen the caller's roles do not open: says so, and offers a way back. */
export function NoAccess({ title, description, back }: { title: string; description?: string; back?: { to: string; label: string } }) {
  return (
    <Stack align="center" py={72} gap="sm" role="alert">
      <ThemeIcon variant="light" color="gray" size={56} radius="xl">
        <IconLock size={28} stroke={1.5} />
      </ThemeIcon>
      <Text fw={650} fz="lg" ta="center">
        {title}
      </Text>
      <Text size="sm" c="dimmed" ta="center" maw={420}>
        {description ?? 'Your roles do not include the privileges this screen needs. If you need it, ask an administrator.'}
      </Text>
      <Button component={Link} to={back?.to ?? '/'} variant="default" mt="xs">
        {back?.label ?? 'Back to home'}
      </Button>
    </Stack>
  );
}
