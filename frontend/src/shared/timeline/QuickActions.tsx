// The quick actions of a record's timeline: log a call, add a note with files, plan a task, write
// an email from a template. Each is a small dialog whose field errors come from the server.
import { Alert, Button, FileInput, Group, Modal, NumberInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconMail, IconPaperclip } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { showSubmitError } from '@/shared/ui/forms';

import { fromLocalInput, toLocalInput } from './dates';
import { useAddNote, useEmailTemplates, useLogActivity, useRenderTemplate, type RegardingType } from './api';

type Target = { kind: RegardingType; id: string; name: string };

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

export function LogCallDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const log = useLogActivity(target.kind, target.id);
  const form = useForm({
    initialValues: { subject: `Call with ${target.name}`, direction: 'outgoing', duration_minutes: 15 as number | string, description: '', phone_number: '' },
    validate: { subject: (v) => (v.trim() ? null : 'What was the call about?') },
  });
  const submit = form.onSubmit((values) =>
    log.mutate(
      {
        activity_type: 'phone_call',
        status: 'completed',
        subject: values.subject.trim(),
        direction: values.direction === 'incoming' ? 'incoming' : 'outgoing',
        duration_minutes: typeof values.duration_minutes === 'number' ? values.duration_minutes : null,
        description: text(values.description),
        phone_number: text(values.phone_number),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Call logged', message: values.subject });
          onClose();
        },
        onError: (error) => showSubmitError(form, error, ['subject', 'duration_minutes', 'description', 'phone_number', 'direction']),
      },
    ),
  );
  return (
    <Modal opened onClose={onClose} title="Log a call" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Subject" withAsterisk data-autofocus {...form.getInputProps('subject')} />
          <Group grow align="flex-start">
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Direction
              </Text>
              <SegmentedControl
                aria-label="Direction"
                data={[
                  { value: 'outgoing', label: 'We called' },
                  { value: 'incoming', label: 'They called' },
                ]}
                {...form.getInputProps('direction')}
              />
            </Stack>
            <NumberInput label="Minutes" min={0} max={10080} allowDecimal={false} {...form.getInputProps('duration_minutes')} />
          </Group>
          <TextInput label="Phone number" placeholder="+44 20 7946 0000" {...form.getInputProps('phone_number')} />
          <Textarea label="What was said" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={log.isPending}>
              Log call
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function TaskDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const log = useLogActivity(target.kind, target.id);
  // Tomorrow at nine, fixed when the dialog opens.
  const [tomorrow] = useState(() => {
    const date = new Date(Date.now() + 24 * 3600 * 1000);
    date.setHours(9, 0, 0, 0);
    return toLocalInput(date);
  });
  const form = useForm({
    initialValues: { subject: '', due_at: tomorrow, priority: 'normal', description: '' },
    validate: { subject: (v) => (v.trim() ? null : 'What is to be done?') },
  });
  const submit = form.onSubmit((values) =>
    log.mutate(
      {
        activity_type: 'task',
        subject: values.subject.trim(),
        due_at: fromLocalInput(values.due_at),
        priority: values.priority === 'high' ? 'high' : values.priority === 'low' ? 'low' : 'normal',
        description: text(values.description),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Task planned', message: values.subject });
          onClose();
        },
        onError: (error) => showSubmitError(form, error, ['subject', 'due_at', 'priority', 'description']),
      },
    ),
  );
  return (
    <Modal opened onClose={onClose} title="New task" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Subject" placeholder="Send the proposal" withAsterisk data-autofocus {...form.getInputProps('subject')} />
          <Group grow align="flex-start">
            <TextInput type="datetime-local" label="Due" {...form.getInputProps('due_at')} />
            <Select
              label="Priority"
              data={[
                { value: 'low', label: 'Low' },
                { value: 'normal', label: 'Normal' },
                { value: 'high', label: 'High' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('priority')}
            />
          </Group>
          <Textarea label="Details" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={log.isPending}>
              Add task
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function NoteDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const add = useAddNote(target.kind, target.id);
  const [files, setFiles] = useState<File[]>([]);
  const form = useForm({
    initialValues: { subject: '', body: '' },
    validate: { body: (v, values) => (v.trim() || values.subject.trim() || files.length > 0 ? null : 'Write something or attach a file') },
  });
  const submit = form.onSubmit((values) => {
    const subject = text(values.subject) ?? (values.body.trim() ? null : (files[0]?.name ?? null));
    add.mutate(
      { subject, body: text(values.body), files },
      {
        onSuccess: ({ uploadError }) => {
          if (uploadError) {
            notifications.show({
              color: 'orange',
              title: 'Note saved without its files',
              message: `${problemDetail(uploadError)} Attach smaller files to the note again.`,
              autoClose: false,
            });
          } else {
            notifications.show({ color: 'teal', title: 'Note added', message: subject ?? 'On the timeline' });
          }
          onClose();
        },
        onError: (error) => showSubmitError(form, error, ['subject', 'body']),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title="Add a note" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Title" placeholder="Meeting minutes" data-autofocus {...form.getInputProps('subject')} />
          <Textarea label="Note" autosize minRows={4} maxRows={12} {...form.getInputProps('body')} />
          <FileInput
            label="Files"
            description="Letters, product sheets, signed offers: up to 25 MB each."
            placeholder="Choose files"
            multiple
            clearable
            leftSection={<IconPaperclip size={16} />}
            value={files}
            onChange={setFiles}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={add.isPending}>
              Add note
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function EmailDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const templates = useEmailTemplates(target.kind);
  const render = useRenderTemplate();
  const log = useLogActivity(target.kind, target.id);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const [empty, setEmpty] = useState<string[]>([]);
  const form = useForm({
    initialValues: { to_address: '', subject: '', description: '' },
    validate: {
      to_address: (v) => (v.trim() ? null : 'Who is the email to?'),
      subject: (v) => (v.trim() ? null : 'Give the email a subject'),
    },
  });

  const choose = (id: string | null) => {
    setTemplateId(id);
    setEmpty([]);
    if (!id) return;
    render.mutate(
      { templateId: id, recordId: target.id },
      {
        onSuccess: (email) => {
          form.setValues({ to_address: email.to_address ?? form.values.to_address, subject: email.subject, description: email.body });
          setEmpty(email.empty_placeholders);
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Could not fill the template', message: problemDetail(error) }),
      },
    );
  };

  const mailto = `mailto:${encodeURIComponent(form.values.to_address.trim())}?subject=${encodeURIComponent(form.values.subject)}&body=${encodeURIComponent(form.values.description)}`;

  const submit = form.onSubmit((values) =>
    log.mutate(
      {
        activity_type: 'email',
        status: 'completed',
        direction: 'outgoing',
        subject: values.subject.trim(),
        description: text(values.description),
        to_address: values.to_address.trim(),
        email_template_id: templateId,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Email logged', message: values.subject });
          onClose();
        },
        onError: (error) => showSubmitError(form, error, ['to_address', 'subject', 'description']),
      },
    ),
  );

  return (
    <Modal opened onClose={onClose} title="Write an email" size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label="Template"
            placeholder={templates.data?.length ? 'Start from a template' : 'No templates for this kind of record yet'}
            data={(templates.data ?? []).map((t) => ({ value: t.id, label: t.name }))}
            value={templateId}
            onChange={choose}
            disabled={!templates.data?.length}
            clearable
            searchable
          />
          {empty.length > 0 && (
            <Alert color="yellow" variant="light">
              This record has no {empty.join(', ').replaceAll('_', ' ')}: those places were left empty.
            </Alert>
          )}
          <TextInput label="To" placeholder="name@company.example" withAsterisk {...form.getInputProps('to_address')} />
          <TextInput label="Subject" withAsterisk {...form.getInputProps('subject')} />
          <Textarea label="Message" autosize minRows={8} maxRows={20} {...form.getInputProps('description')} />
          <Text size="xs" c="dimmed">
            Send it from your mail program, then log it here so the whole team sees it on the timeline.
          </Text>
          <Group justify="space-between">
            <Button component="a" href={mailto} variant="light" leftSection={<IconMail size={16} />}>
              Open in mail program
            </Button>
            <Group>
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={log.isPending || render.isPending}>
                Log as sent
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function MeetingDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const log = useLogActivity(target.kind, target.id);
  // Tomorrow from ten to eleven, fixed when the dialog opens.
  const [slot] = useState(() => {
    const start = new Date(Date.now() + 24 * 3600 * 1000);
    start.setHours(10, 0, 0, 0);
    return { starts: toLocalInput(start), ends: toLocalInput(new Date(start.getTime() + 3600 * 1000)) };
  });
  const form = useForm({
    initialValues: { subject: `Meeting with ${target.name}`, starts_at: slot.starts, ends_at: slot.ends, location: '', description: '' },
    validate: {
      subject: (v) => (v.trim() ? null : 'What is the meeting about?'),
      starts_at: (v) => (fromLocalInput(v) ? null : 'When does it start?'),
      ends_at: (v) => (fromLocalInput(v) ? null : 'When does it end?'),
    },
  });
  const submit = form.onSubmit((values) =>
    log.mutate(
      {
        activity_type: 'appointment',
        subject: values.subject.trim(),
        starts_at: fromLocalInput(values.starts_at),
        ends_at: fromLocalInput(values.ends_at),
        location: text(values.location),
        description: text(values.description),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Meeting planned', message: values.subject });
          onClose();
        },
        onError: (error) => showSubmitError(form, error, ['subject', 'starts_at', 'ends_at', 'location', 'description']),
      },
    ),
  );
  return (
    <Modal opened onClose={onClose} title="Plan a meeting" size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Subject" withAsterisk data-autofocus {...form.getInputProps('subject')} />
          <Group grow align="flex-start">
            <TextInput type="datetime-local" label="Starts" withAsterisk {...form.getInputProps('starts_at')} />
            <TextInput type="datetime-local" label="Ends" withAsterisk {...form.getInputProps('ends_at')} />
          </Group>
          <TextInput label="Location" placeholder="Their office, or a video call link" {...form.getInputProps('location')} />
          <Textarea label="Agenda" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={log.isPending}>
              Plan meeting
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
