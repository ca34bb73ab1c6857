// Creating or changing an article template: its name, what it is for, and its sections in order,
// each a heading and what the writer puts in it.
import { ActionIcon, Button, Group, Modal, Paper, Stack, Switch, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';

import type { ArticleTemplate } from '@/shared/knowledge/api';
import { showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { useCreateTemplate, useUpdateTemplate, type ArticleTemplateFields } from './api';

type SectionValues = { key: string; title: string; instructions: string };
type Values = { name: string; description: string; sections: SectionValues[]; is_active: boolean };

const MAX_SECTIONS = 20;

let nextKey = 0;
const key = () => {
  nextKey += 1;
  return `template-section-${nextKey}`;
};

/** The API's name of a field to the form's: `sections[1].title` -> `sections.1.title`. */
const formField = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

/** `template` null: a new one. */
export function ArticleTemplateDialog({ template, onClose }: { template: ArticleTemplate | null; onClose: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const form = useForm<Values>({
    initialValues: {
      name: template?.name ?? '',
      description: template?.description ?? '',
      sections: template
        ? template.sections.map((s) => ({ key: key(), title: s.title, instructions: s.instructions ?? '' }))
        : [
            { key: key(), title: '', instructions: '' },
          ],
      is_active: template?.is_active ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the template: Known issue, How-to…'),
      sections: {
        title: (value, values) => {
          const title = value.trim();
          if (!title) return 'Give the section a heading';
          return values.sections.filter((s) => s.title.trim().toLowerCase() === title.toLowerCase()).length > 1 ? 'Two sections have this heading' : null;
        },
      },
    },
  });
  const sections = form.values.sections;

  const submit = form.onSubmit((values) => {
    const fields: ArticleTemplateFields = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      sections: values.sections.map((s) => ({ title: s.title.trim(), instructions: s.instructions.trim() || null })),
      is_active: values.is_active,
    };
    const known = ['name', 'description', 'sections', 'is_active', ...values.sections.flatMap((_, i) => [`sections.${i}.title`, `sections.${i}.instructions`])];
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, known, formField);
    const onSuccess = (saved: ArticleTemplate) => {
      notifications.show({ color: 'teal', title: template ? 'Template saved' : 'Template added', message: saved.name });
      onClose();
    };
    if (template) update.mutate({ id: template.id, version: template.version, fields }, { onSuccess, onError });
    else create.mutate(fields, { onSuccess, onError });
  });

  return (
    <Modal opened onClose={onClose} title={template ? `Edit ${template.name}` : 'New article template'} size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" placeholder="Known issue" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" description="When a writer chooses it." autosize minRows={2} maxRows={4} {...form.getInputProps('description')} />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Sections, in order
            </Text>
            {typeof form.errors.sections === 'string' && (
              <Text size="xs" c="red">
                {form.errors.sections}
              </Text>
            )}
            {sections.map((section, index) => (
              <Paper key={section.key} withBorder p="sm" radius="md" role="group" aria-label={`Section ${index + 1}`}>
                <Group align="flex-start" gap="sm" wrap="nowrap">
                  <Text size="sm" fw={700} c="dimmed" mt={30} w={20} ta="right">
                    {index + 1}
                  </Text>
                  <Stack gap="xs" style={{ flex: 1 }}>
                    <TextInput label="Heading" placeholder={['Symptom', 'Cause', 'Resolution'][index] ?? 'Heading'} withAsterisk {...form.getInputProps(`sections.${index}.title`)} />
                    <Textarea
                      label="Instructions"
                      description="What the writer puts in it; shown as help in the editor."
                      placeholder="What the customer sees or says, in their words, with the error message."
                      autosize
                      minRows={1}
                      maxRows={4}
                      {...form.getInputProps(`sections.${index}.instructions`)}
                    />
                  </Stack>
                  <Stack gap={2} mt={24}>
                    <Tooltip label="Move up" withArrow>
                      <ActionIcon variant="subtle" color="gray" disabled={index === 0} onClick={() => form.reorderListItem('sections', { from: index, to: index - 1 })} aria-label={`Move section ${index + 1} up`}>
                        <IconArrowUp size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Move down" withArrow>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        disabled={index === sections.length - 1}
                        onClick={() => form.reorderListItem('sections', { from: index, to: index + 1 })}
                        aria-label={`Move section ${index + 1} down`}
                      >
                        <IconArrowDown size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Remove" withArrow>
                      <ActionIcon variant="subtle" color="red" disabled={sections.length === 1} onClick={() => form.removeListItem('sections', index)} aria-label={`Remove section ${index + 1}`}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Stack>
                </Group>
              </Paper>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                disabled={sections.length >= MAX_SECTIONS}
                onClick={() => form.insertListItem('sections', { key: key(), title: '', instructions: '' })}
              >
                Add a section
              </Button>
            </Group>
          </Stack>
          <Switch label="Offered" description="Off retires it: writers no longer choose it; articles written from it keep their sections." {...form.getInputProps('is_active', { type: 'checkbox' })} />
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
