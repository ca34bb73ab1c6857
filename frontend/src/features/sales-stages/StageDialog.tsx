// A new stage of the sales process, or a change to one: its name, where it comes, and the
// probability a deal gets on entering it. Its value (what deals store) is set once.
import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';

import { changedFields, showConflictOn, showSubmitError } from '@/shared/ui/forms';
import { valueFromLabel } from '@/shared/ui/ordering';

import { useCreateStage, useUpdateStage, type SalesStage } from './api';

type Values = { label: string; value: string; default_probability: number | string; sort_order: number | string };

const FIELDS = ['label', 'value', 'default_probability', 'sort_order'] as const;

/** `stage` null: a new one, placed after `nextOrder`'s predecessors. */
export function StageDialog({ stage, nextOrder, onClose }: { stage: SalesStage | null; nextOrder: number; onClose: () => void }) {
  const create = useCreateStage();
  const update = useUpdateStage();
  const [valueTouched, setValueTouched] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      label: stage?.label ?? '',
      value: stage?.value ?? '',
      default_probability: stage?.default_probability ?? 50,
      sort_order: stage?.sort_order ?? nextOrder,
    },
    validate: {
      label: (v) => (v.trim() ? null : 'Enter a name'),
      value: (v) => (stage || /^[a-z0-9_]{1,50}$/.test(v) ? null : 'Lower-case letters, digits and _ only, such as demo'),
      default_probability: (v) => (typeof v === 'number' && v >= 0 && v <= 100 ? null : 'A whole percent, 0 to 100'),
    },
  });

  const submit = form.onSubmit((values) => {
    const onError = (error: unknown) => showConflictOn(form, error, 'value') || showSubmitError(form, error, FIELDS);
    const probability = typeof values.default_probability === 'number' ? values.default_probability : 0;
    const order = typeof values.sort_order === 'number' ? values.sort_order : null;
    if (!stage) {
      create.mutate(
        { label: values.label.trim(), value: values.value, default_probability: probability, sort_order: order },
        {
          onSuccess: (created) => {
            notifications.show({ color: 'teal', title: 'Stage added', message: `${created.label} · ${created.default_probability}%` });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    const patch = changedFields({ label: values.label.trim(), default_probability: probability, sort_order: order ?? stage.sort_order }, stage);
    if (Object.keys(patch).length === 0) {
      onClose();
      return;
    }
    update.mutate(
      { id: stage.id, version: stage.version, patch },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Stage saved', message: saved.label });
          onClose();
        },
        onError,
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={stage ? `Edit ${stage.label}` : 'New sales stage'} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Name"
            placeholder="Demo"
            withAsterisk
            data-autofocus
            {...form.getInputProps('label')}
            onChange={(e) => {
              const label = e.currentTarget.value;
              form.setFieldValue('label', label);
              if (!stage && !valueTouched) form.setFieldValue('value', valueFromLabel(label));
            }}
          />
          <TextInput
            label="Value"
            description={stage ? 'What deals store; it never changes.' : 'What deals store: lower-case letters, digits and _. It cannot be changed later.'}
            disabled={Boolean(stage)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('value')}
            onChange={(e) => {
              setValueTouched(true);
              form.setFieldValue('value', e.currentTarget.value);
            }}
          />
          <Group grow align="flex-start">
            <NumberInput
              label="Default probability"
              description="What a deal gets on entering it."
              min={0}
              max={100}
              allowDecimal={false}
              suffix="%"
              withAsterisk
              {...form.getInputProps('default_probability')}
            />
            <NumberInput
              label="Order"
              description="Stages run in ascending order."
              min={0}
              max={1000000}
              allowDecimal={false}
              {...form.getInputProps('sort_order')}
            />
          </Group>
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {stage ? 'Save changes' : 'Add stage'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
