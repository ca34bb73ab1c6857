// A new choice for a picklist, or a new label for one (its value, what records store, never changes).
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';

import { showConflictOn, showSubmitError } from '@/shared/ui/forms';
import { valueFromLabel } from '@/shared/ui/ordering';

import { useCreatePicklistValue, useUpdatePicklistValue, type PicklistValue } from './api';

type Values = { label: string; value: string };

const FIELDS = ['label', 'value'] as const;

type Props = {
  /** The picklist a new value goes into. */
  picklist: { entity: string; field: string; label: string };
  /** The value to rename; null: a new one. */
  value: PicklistValue | null;
  onClose: () => void;
};

export function ValueDialog({ picklist, value, onClose }: Props) {
  const create = useCreatePicklistValue();
  const update = useUpdatePicklistValue();
  const [valueTouched, setValueTouched] = useState(false);
  const form = useForm<Values>({
    initialValues: { label: value?.label ?? '', value: value?.value ?? '' },
    validate: {
      label: (v) => (v.trim() ? null : 'Enter a label'),
      value: (v) => (value || /^[a-z0-9_]{1,50}$/.test(v) ? null : 'Lower-case letters, digits and _ only, such as trade_show'),
    },
  });

  const submit = form.onSubmit((values) => {
    const onError = (error: unknown) => showConflictOn(form, error, 'value') || showSubmitError(form, error, FIELDS);
    if (!value) {
      create.mutate(
        { entity: picklist.entity, field: picklist.field, label: values.label.trim(), value: values.value },
        {
          onSuccess: (created) => {
            notifications.show({ color: 'teal', title: 'Value added', message: `${created.label} in ${picklist.label}` });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    if (values.label.trim() === value.label) {
      onClose();
      return;
    }
    update.mutate(
      { id: value.id, version: value.version, patch: { label: values.label.trim() } },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Value renamed', message: saved.label });
          onClose();
        },
        onError,
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={value ? `Rename ${value.label}` : `New value in ${picklist.label}`} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label="Label"
            description="What people see."
            placeholder="Trade show"
            withAsterisk
            data-autofocus
            {...form.getInputProps('label')}
            onChange={(e) => {
              const label = e.currentTarget.value;
              form.setFieldValue('label', label);
              if (!value && !valueTouched) form.setFieldValue('value', valueFromLabel(label));
            }}
          />
          <TextInput
            label="Value"
            description={value ? 'What records store; it never changes.' : 'What records and the API store: lower-case letters, digits and _. It cannot be changed later.'}
            disabled={Boolean(value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps('value')}
            onChange={(e) => {
              setValueTouched(true);
              form.setFieldValue('value', e.currentTarget.value);
            }}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {value ? 'Rename' : 'Add value'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
