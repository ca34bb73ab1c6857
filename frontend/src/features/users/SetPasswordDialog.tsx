// An administrator sets a user's password (the user's sessions end).
import { Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';

import { showSubmitError } from '@/shared/ui/forms';

import { useSetPassword, type User } from './api';

type Values = { new_password: string; confirm: string };

export function SetPasswordDialog({ user, opened, onClose }: { user: User; opened: boolean; onClose: () => void }) {
  const setPassword = useSetPassword(user.id);
  const form = useForm<Values>({
    initialValues: { new_password: '', confirm: '' },
    validate: {
      new_password: (v) => (v.length >= 10 ? null : 'Use at least 10 characters'),
      confirm: (v, values) => (v === values.new_password ? null : 'The two passwords differ'),
    },
  });
  const close = () => {
    form.reset();
    onClose();
  };
  const submit = form.onSubmit((values) =>
    setPassword.mutate(values.new_password, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Password set', message: `${user.full_name} signs in with the new password from now on.` });
        close();
      },
      onError: (error) => showSubmitError(form, error, ['new_password']),
    }),
  );
  return (
    <Modal opened={opened} onClose={close} title={`Set a password for ${user.full_name}`} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Their sessions end at once; they sign in again with this password.
          </Text>
          <PasswordInput label="New password" description="At least 10 characters." autoComplete="new-password" data-autofocus {...form.getInputProps('new_password')} />
          <PasswordInput label="New password again" autoComplete="new-password" {...form.getInputProps('confirm')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={setPassword.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
