// The dialogs that change the tree: a new unit below another, a new name, a new parent.
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';

import { fieldErrors, problemDetail } from '@/shared/api/problem';
import { UnitSelect } from '@/shared/ui/OrgInputs';

import { subtreeIds, useCreateUnit, useUpdateUnit, type UnitNode } from './api';

export type UnitDialogMode = { kind: 'create'; parent: UnitNode } | { kind: 'rename'; unit: UnitNode } | { kind: 'move'; unit: UnitNode };

type Values = { name: string; parent_id: string | null };

const TITLES = { create: 'New business unit', rename: 'Rename business unit', move: 'Move business unit' };

export function UnitDialog({ mode, onClose }: { mode: UnitDialogMode; onClose: () => void }) {
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const [problem, setProblem] = useState<string | null>(null);
  const unit = mode.kind === 'create' ? null : mode.unit;
  const form = useForm<Values>({
    initialValues: {
      name: unit && mode.kind === 'rename' ? unit.name : '',
      parent_id: mode.kind === 'create' ? mode.parent.id : (unit?.parent_id ?? null),
    },
    validate: {
      name: (value) => (mode.kind !== 'move' && !value.trim() ? 'Enter a name' : null),
      parent_id: (value) => (mode.kind !== 'rename' && !value ? 'Choose the unit it sits under' : null),
    },
  });

  const onError = (error: unknown) => {
    const errors = fieldErrors(error);
    const known = Object.keys(errors).filter((f) => f === 'name' || f === 'parent_id');
    if (known.length > 0) form.setErrors(Object.fromEntries(known.map((f) => [f, errors[f] ?? ''])));
    else setProblem(problemDetail(error));
  };

  const submit = form.onSubmit((values) => {
    setProblem(null);
    if (mode.kind === 'create') {
      create.mutate(
        // The form requires a parent before it submits.
        { name: values.name.trim(), parent_id: values.parent_id ?? '' },
        {
          onSuccess: (created) => {
            notifications.show({ color: 'teal', title: 'Business unit created', message: created.name });
            onClose();
          },
          onError,
        },
      );
      return;
    }
    if (!unit) return;
    const patch = mode.kind === 'rename' ? { name: values.name.trim() } : { parent_id: values.parent_id };
    update.mutate(
      { id: unit.id, version: unit.version, patch },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: mode.kind === 'rename' ? 'Business unit renamed' : 'Business unit moved', message: saved.name });
          onClose();
        },
        onError,
      },
    );
  });

  return (
    <Modal opened onClose={onClose} title={TITLES[mode.kind]} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {mode.kind === 'move' && unit && (
            <Text size="sm" c="dimmed">
              <strong>{unit.name}</strong> moves with every unit below it. Its users, teams and records stay in it.
            </Text>
          )}
          {mode.kind !== 'move' && <TextInput label="Name" placeholder="Sales Europe" withAsterisk data-autofocus {...form.getInputProps('name')} />}
          {mode.kind !== 'rename' && (
            <UnitSelect
              label={mode.kind === 'move' ? 'New parent unit' : 'Parent unit'}
              description={mode.kind === 'create' ? 'The unit it sits under.' : 'Not the unit itself, nor a unit below it.'}
              value={form.values.parent_id}
              onChange={(value) => form.setFieldValue('parent_id', value)}
              error={form.errors.parent_id as string | undefined}
              exclude={mode.kind === 'move' && unit ? subtreeIds(unit) : undefined}
              withAsterisk
            />
          )}
          {problem && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle />} role="alert">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {mode.kind === 'create' ? 'Create unit' : mode.kind === 'rename' ? 'Rename' : 'Move'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
