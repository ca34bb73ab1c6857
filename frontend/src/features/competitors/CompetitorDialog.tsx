// Creating or editing a competitor: its name, website, and where it beats us and we beat it.
import { Button, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';

import { changedFields, showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { useCreateCompetitor, useUpdateCompetitor, type Competitor, type CompetitorFields } from './api';

type Values = { name: string; website: string; strengths: string; weaknesses: string };

const FIELDS = ['name', 'website', 'strengths', 'weaknesses'] as const;

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function toFields(values: Values): CompetitorFields {
  return { name: values.name.trim(), website: text(values.website), strengths: text(values.strengths), weaknesses: text(values.weaknesses) };
}

/** `competitor` null: a new one. */
export function CompetitorDialog({ competitor, onClose }: { competitor: Competitor | null; onClose: () => void }) {
  const create = useCreateCompetitor();
  const update = useUpdateCompetitor();
  const form = useForm<Values>({
    initialValues: {
      name: competitor?.name ?? '',
      website: competitor?.website ?? '',
      strengths: competitor?.strengths ?? '',
      weaknesses: competitor?.weaknesses ?? '',
    },
    validate: { name: (value) => (value.trim() ? null : 'Enter the company’s name') },
  });

  const submit = form.onSubmit((values) => {
    const fields = toFields(values);
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, FIELDS);
    if (!competitor) {
      create.mutate(fields, {
        onSuccess: (created) => {
          notifications.show({ color: 'teal', title: 'Competitor added', message: created.name });
          onClose();
        },
        onError,
      });
      return;
    }
    const patch = changedFields(fields, competitor);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: competitor.id, version: competitor.version, patch },
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
    <Modal opened onClose={onClose} title={competitor ? `Edit ${competitor.name}` : 'New competitor'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" placeholder="Adventure Works" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Website" placeholder="https://adventure-works.example" {...form.getInputProps('website')} />
          <Textarea label="Strengths" description="Where it beats us." autosize minRows={2} maxRows={6} {...form.getInputProps('strengths')} />
          <Textarea label="Weaknesses" description="Where we beat it." autosize minRows={2} maxRows={6} {...form.getInputProps('weaknesses')} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {competitor ? 'Save changes' : 'Add competitor'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
