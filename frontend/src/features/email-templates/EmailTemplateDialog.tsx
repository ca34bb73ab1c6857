// Creating or editing an email template: the kind of record it is for, a subject and a text with
// placeholders inserted from the fields that kind of record has.
import { Badge, Button, Group, Modal, ScrollArea, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useRef } from 'react';

import { changedFields, showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { useCreateTemplate, useUpdateTemplate, type EmailTemplate, type EmailTemplateFields } from './api';
import { ENTITY_LABELS, RECORD_FIELDS, USER_FIELDS, insertPlaceholder } from './placeholders';

type Entity = EmailTemplateFields['entity'];
type Values = { name: string; entity: Entity; subject: string; body: string; description: string; is_active: boolean };

const FIELDS = ['name', 'entity', 'subject', 'body', 'description'] as const;

/** `template` null: a new one. */
export function EmailTemplateDialog({ template, onClose }: { template: EmailTemplate | null; onClose: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const body = useRef<HTMLTextAreaElement>(null);
  const form = useForm<Values>({
    initialValues: {
      name: template?.name ?? '',
      entity: template?.entity ?? 'contacts',
      subject: template?.subject ?? '',
      body: template?.body ?? '',
      description: template?.description ?? '',
      is_active: template?.is_active ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the template'),
      subject: (v) => (v.trim() ? null : 'Write the subject'),
      body: (v) => (v.trim() ? null : 'Write the text'),
    },
  });

  const insert = (name: string) => {
    const at = body.current?.selectionStart ?? null;
    const next = insertPlaceholder(form.values.body, name, at);
    form.setFieldValue('body', next.text);
    requestAnimationFrame(() => {
      body.current?.focus();
      body.current?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  const submit = form.onSubmit((values) => {
    const fields: EmailTemplateFields = {
      name: values.name.trim(),
      entity: values.entity,
      subject: values.subject.trim(),
      body: values.body,
      description: values.description.trim() || null,
      is_active: values.is_active,
    };
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, FIELDS);
    if (!template) {
      create.mutate(fields, {
        onSuccess: (created) => {
          notifications.show({ color: 'teal', title: 'Template added', message: created.name });
          onClose();
        },
        onError,
      });
      return;
    }
    const patch = changedFields(fields, template);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: template.id, version: template.version, patch },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.name });
          onClose();
        },
        onError,
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={template ? `Edit ${template.name}` : 'New email template'} size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start">
            <TextInput label="Name" placeholder="Thank you for the meeting" withAsterisk data-autofocus {...form.getInputProps('name')} />
            <Select
              label="For"
              description="Its placeholders are this kind of record's fields."
              data={(Object.keys(ENTITY_LABELS) as Entity[]).map((e) => ({ value: e, label: ENTITY_LABELS[e] }))}
              allowDeselect={false}
              {...form.getInputProps('entity')}
            />
          </Group>
          <TextInput label="Subject" placeholder="Thank you, {{first_name}}" withAsterisk {...form.getInputProps('subject')} />
          <Textarea ref={body} label="Text" withAsterisk autosize minRows={8} maxRows={18} {...form.getInputProps('body')} />
          <Stack gap={6}>
            <Text size="xs" c="dimmed">
              Insert a placeholder at the cursor:
            </Text>
            <ScrollArea.Autosize mah={96}>
              <Group gap={6}>
                {[...RECORD_FIELDS[form.values.entity], ...USER_FIELDS].map((name) => (
                  <Badge
                    key={name}
                    component="button"
                    type="button"
                    variant="light"
                    color={name.startsWith('user.') ? 'grape' : 'blue'}
                    radius="sm"
                    tt="none"
                    style={{ cursor: 'pointer' }}
                    onClick={() => insert(name)}
                  >
                    {name}
                  </Badge>
                ))}
              </Group>
            </ScrollArea.Autosize>
          </Stack>
          <Textarea label="What it is for" autosize minRows={1} maxRows={4} {...form.getInputProps('description')} />
          <Switch label="Offered when writing emails" {...form.getInputProps('is_active', { type: 'checkbox' })} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {template ? 'Save changes' : 'Add template'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
