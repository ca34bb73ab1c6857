// Creates an API key, then shows it: the only time anyone sees it.
import { ActionIcon, Alert, Button, Code, CopyButton, Group, Modal, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';

import { searchUsers } from '@/shared/api/lookups';
import { showSubmitError } from '@/shared/ui/forms';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { useCreateApiKey, type CreatedApiKey } from './api';

type Values = { name: string; user_id: string | null };

export function CreateKeyDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateApiKey();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const form = useForm<Values>({
    initialValues: { name: '', user_id: null },
    validate: { name: (v) => (v.trim() ? null : 'Say what the key is for') },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(
      { name: values.name.trim(), user_id: values.user_id },
      {
        onSuccess: (key) => {
          setCreated(key);
          notifications.show({ color: 'teal', title: 'API key created', message: key.name });
        },
        onError: (error) => showSubmitError(form, error, ['name', 'user_id']),
      },
    ),
  );

  if (created) {
    return (
      <Modal opened onClose={onClose} title="Copy your new API key" centered size="lg" closeOnClickOutside={false}>
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle />} title="It will not be shown again">
            Copy the key now and keep it somewhere safe, such as your integration’s secret store. Only a hash is kept: if it is lost, revoke it and create
            another.
          </Alert>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {created.name}
            </Text>
            <Group gap="xs" wrap="nowrap" align="center">
              <Code block style={{ flex: 1, wordBreak: 'break-all', fontSize: 'var(--mantine-font-size-sm)' }} aria-label="The new API key">
                {created.key}
              </Code>
              <CopyButton value={created.key} timeout={2000}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy'} withArrow>
                    <ActionIcon color={copied ? 'teal' : 'blue'} variant="light" size="lg" onClick={copy} aria-label="Copy the key">
                      {copied ? <IconCheck size={18} /> : <IconCopy size={18} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed">
              Send it as <Code>Authorization: Bearer {'<key>'}</Code>.
            </Text>
          </Stack>
          <Group justify="flex-end">
            <Button onClick={onClose}>I have copied the key</Button>
          </Group>
        </Stack>
      </Modal>
    );
  }

  return (
    <Modal opened onClose={onClose} title="New API key" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" description="What the key is for." placeholder="ERP sync" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <RecordPicker
            label="Acts as"
            description="The user whose roles the key has; leave empty for yourself. Use a dedicated integration user."
            placeholder="Yourself"
            queryKey="users"
            search={searchUsers}
            value={form.values.user_id}
            onChange={(value) => form.setFieldValue('user_id', value)}
            error={form.errors.user_id as string | undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create key
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
