// The signed-in user changes their own password; every session of theirs ends, this one too.
import { Alert, Button, Group, Modal, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { clearSession } from '@/shared/session/session';
import { showSubmitError } from '@/shared/ui/forms';

type Values = { current_password: string; new_password: string; confirm: string };

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: { current_password: '', new_password: '', confirm: '' },
    validate: {
      current_password: (v) => (v ? null : 'Enter your current password'),
      new_password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      confirm: (v, values) => (v === values.new_password ? null : 'The two passwords differ'),
    },
  });
  const change = useMutation({
    mutationFn: (values: Values) =>
      unwrap(api.POST('/api/v1/me/password', { body: { current_password: values.current_password, new_password: values.new_password } })),
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    change.mutate(values, {
      onSuccess: () => {
        close();
        clearSession();
        queryClient.clear();
        notifications.show({ color: 'teal', title: 'Password changed', message: 'Sign in again with your new password.' });
        void navigate('/login');
      },
      onError: (error) => showSubmitError(form, error, ['current_password', 'new_password']),
    }),
  );
  return (
    <Modal opened={opened} onClose={close} title="Change your password" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <PasswordInput label="Current password" autoComplete="current-password" data-autofocus {...form.getInputProps('current_password')} />
          <PasswordInput label="New password" description="At least 10 characters." autoComplete="new-password" {...form.getInputProps('new_password')} />
          <PasswordInput label="New password again" autoComplete="new-password" {...form.getInputProps('confirm')} />
          <Alert variant="light" color="blue" icon={<IconInfoCircle />}>
            You will be signed out everywhere, here too, and sign in again with the new password.
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
