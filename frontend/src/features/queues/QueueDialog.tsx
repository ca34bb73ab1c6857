// Creating or editing a queue: its name, what it takes, who works it, whether escalations go to
// it, and whether it takes new cases.
import { Button, Group, Modal, MultiSelect, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';

import { showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { activeUsers, useCreateQueue, useUpdateQueue, type Queue, type QueueFields } from './api';

type Values = { name: string; description: string; member_ids: string[]; is_escalation: boolean; is_active: boolean };

const FIELDS = ['name', 'description', 'member_ids', 'is_escalation', 'is_active'] as const;

/** `queue` null: a new one. */
export function QueueDialog({ queue, onClose }: { queue: Queue | null; onClose: () => void }) {
  const create = useCreateQueue();
  const update = useUpdateQueue();
  const users = useQuery({ queryKey: ['users', 'active', 'all'], queryFn: activeUsers, staleTime: 60_000 });
  const form = useForm<Values>({
    initialValues: {
      name: queue?.name ?? '',
      description: queue?.description ?? '',
      member_ids: queue?.member_ids ?? [],
      is_escalation: queue?.is_escalation ?? false,
      is_active: queue?.is_active ?? true,
    },
    validate: { name: (value) => (value.trim() ? null : 'Name the queue: a product, an expertise, a team') },
  });
  // Members who were disabled since still show, so saving does not drop them unseen.
  const known = new Set((users.data ?? []).map((u) => u.id));
  const memberData = [
    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.full_name })),
    ...form.values.member_ids.filter((id) => !known.has(id)).map((id) => ({ value: id, label: 'Disabled user' })),
  ];

  const submit = form.onSubmit((values) => {
    const fields: QueueFields = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      member_ids: values.member_ids,
      is_escalation: values.is_escalation,
      is_active: values.is_active,
    };
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, FIELDS, (f) => f.replace(/\[\d+\]$/, ''));
    const onSuccess = (saved: Queue) => {
      notifications.show({ color: 'teal', title: queue ? 'Queue saved' : 'Queue created', message: saved.name });
      onClose();
    };
    if (queue) update.mutate({ id: queue.id, version: queue.version, fields }, { onSuccess, onError });
    else create.mutate(fields, { onSuccess, onError });
  });

  return (
    <Modal opened onClose={onClose} title={queue ? `Edit ${queue.name}` : 'New queue'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" placeholder="Printers" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" description="What it takes, for the people who route and assign." autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
          <MultiSelect
            label="Members"
            description="The people who work its cases. A queue without members is only a waiting room."
            placeholder={form.values.member_ids.length === 0 ? 'Search users…' : undefined}
            data={memberData}
            searchable
            clearable
            nothingFoundMessage={users.isPending ? 'Loading…' : 'No such user'}
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('member_ids')}
          />
          <Switch
            label="Escalation queue"
            description="Escalated cases go here when their owner has no manager."
            {...form.getInputProps('is_escalation', { type: 'checkbox' })}
          />
          <Switch
            label="Takes new cases"
            description="Off retires it: nothing new is routed or assigned to it; its cases stay."
            {...form.getInputProps('is_active', { type: 'checkbox' })}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {queue ? 'Save changes' : 'Create queue'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
