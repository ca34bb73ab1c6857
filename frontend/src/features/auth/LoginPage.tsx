import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { ApiProblem } from '@/shared/api/problem';
import { Logo } from '@/shared/layout/Logo';
import { storePair } from '@/shared/session/session';
import { useSignedIn } from '@/shared/session/useSession';

import classes from './LoginPage.module.css';

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const signedIn = useSignedIn();
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const form = useForm({
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter your email address'),
      password: (value) => (value ? null : 'Enter your password'),
    },
  });
  const login = useMutation({
    mutationFn: (values: { email: string; password: string }) => unwrap(api.POST('/api/v1/auth/login', { body: values })),
    onSuccess: async (pair) => {
      storePair(pair);
      queryClient.clear();
      await navigate(from, { replace: true });
    },
  });

  if (signedIn && !login.isPending) return <Navigate to={from} replace />;

  const problem = login.error instanceof ApiProblem ? login.error : null;
  return (
    <Center className={classes.page}>
      <Stack w={380} maw="92vw" gap="lg">
        <Center>
          <Logo size={36} />
        </Center>
        <Paper withBorder shadow="sm" radius="lg" p="xl">
          <form onSubmit={form.onSubmit((values) => login.mutate(values))} noValidate>
            <Stack gap="md">
              <div>
                <Title order={3}>Sign in</Title>
                <Text size="sm" c="dimmed">
                  Welcome back. Sign in to your workspace.
                </Text>
              </div>
              {login.error && (
                <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert">
                  {problem?.status === 429
                    ? 'Too many failed attempts. Wait a few minutes, then try again.'
                    : (problem?.detail ?? 'Could not sign in.')}
                </Alert>
              )}
              <TextInput label="Email" placeholder="you@company.com" autoComplete="username" autoFocus {...form.getInputProps('email')} />
              <PasswordInput label="Password" autoComplete="current-password" {...form.getInputProps('password')} />
              <Button type="submit" loading={login.isPending} fullWidth mt="xs">
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Center>
  );
}
