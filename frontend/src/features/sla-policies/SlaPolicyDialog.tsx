// Creating or editing a service-level policy: its name, whether it is the default, and its
// targets per priority in minutes (a small table, each row on or off).
import { Button, Checkbox, Group, Modal, NumberInput, Stack, Switch, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';

import { PriorityBadge } from '@/shared/service/Badges';
import { formatMinutes, PRIORITIES } from '@/shared/service/words';
import { showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { useCreatePolicy, useUpdatePolicy, type SlaPolicy, type SlaPolicyFields } from './api';
import { rowError, targetField, targetRows, toTargets, type TargetRows } from './targets';

type Values = { name: string; description: string; is_default: boolean; targets: TargetRows };

const FIELDS = ['name', 'description', 'is_default', 'targets', ...PRIORITIES.flatMap((p) => [`targets.${p}.first_response_minutes`, `targets.${p}.resolution_minutes`])];

/** `policy` null: a new one. */
export function SlaPolicyDialog({ policy, onClose }: { policy: SlaPolicy | null; onClose: () => void }) {
  const create = useCreatePolicy();
  const update = useUpdatePolicy();
  const form = useForm<Values>({
    initialValues: {
      name: policy?.name ?? '',
      description: policy?.description ?? '',
      is_default: policy?.is_default ?? false,
      targets: targetRows(policy?.targets),
    },
    validate: (values) => {
      const errors: Record<string, string> = {};
      if (!values.name.trim()) errors.name = 'Name the policy: Standard, Premium…';
      for (const p of PRIORITIES) {
        const e = rowError(values.targets[p]);
        if (e.first) errors[`targets.${p}.first_response_minutes`] = e.first;
        if (e.resolution) errors[`targets.${p}.resolution_minutes`] = e.resolution;
      }
      return errors;
    },
  });

  const submit = form.onSubmit((values) => {
    const targets = toTargets(values.targets);
    const fields: SlaPolicyFields = { name: values.name.trim(), description: values.description.trim() || null, is_default: values.is_default, targets };
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, FIELDS, (f) => targetField(f, targets));
    const onSuccess = (saved: SlaPolicy) => {
      notifications.show({ color: 'teal', title: policy ? 'Policy saved' : 'Policy added', message: saved.name });
      onClose();
    };
    if (policy) update.mutate({ id: policy.id, version: policy.version, fields }, { onSuccess, onError });
    else create.mutate(fields, { onSuccess, onError });
  });

  return (
    <Modal opened onClose={onClose} title={policy ? `Edit ${policy.name}` : 'New service-level policy'} size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" placeholder="Standard" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" description="What it promises, in the words of the contracts." autosize minRows={2} maxRows={5} {...form.getInputProps('description')} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Targets
            </Text>
            <Text size="xs" c="dimmed">
              Minutes from the opening of a case, the time on hold or waiting for the customer left out. A priority without targets gives no deadlines.
            </Text>
            <Table verticalSpacing={6} withTableBorder aria-label="Targets">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={150}>Priority</Table.Th>
                  <Table.Th>First response within</Table.Th>
                  <Table.Th>Resolution within</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...PRIORITIES].reverse().map((p) => {
                  const row = form.values.targets[p];
                  return (
                    <Table.Tr key={p} aria-label={`Targets for ${p} priority`}>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Checkbox aria-label={`Targets for ${p} priority`} {...form.getInputProps(`targets.${p}.on`, { type: 'checkbox' })} />
                          <PriorityBadge priority={p} />
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <MinutesInput input={form.getInputProps(`targets.${p}.first_response_minutes`)} disabled={!row.on} value={row.first_response_minutes} label={`First response for ${p} priority`} />
                      </Table.Td>
                      <Table.Td>
                        <MinutesInput input={form.getInputProps(`targets.${p}.resolution_minutes`)} disabled={!row.on} value={row.resolution_minutes} label={`Resolution for ${p} priority`} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {typeof form.errors.targets === 'string' && (
              <Text size="sm" c="red" role="alert">
                {form.errors.targets}
              </Text>
            )}
          </Stack>
          <Switch
            label="The default policy"
            description="Cases whose contract names no policy, and cases without a contract, follow it. One policy at most is the default."
            {...form.getInputProps('is_default', { type: 'checkbox' })}
          />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {policy ? 'Save changes' : 'Add policy'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function MinutesInput({ input, disabled, value, label }: { input: GetInputPropsReturnType; disabled: boolean; value: number | string; label: string }) {
  const minutes = typeof value === 'number' ? value : Number(value);
  return (
    <Group gap="xs" wrap="nowrap">
      <NumberInput
        aria-label={label}
        min={1}
        max={525600}
        allowDecimal={false}
        suffix=" min"
        disabled={disabled}
        w={130}
        {...input}
      />
      <Text size="xs" c="dimmed" w={80}>
        {!disabled && minutes >= 60 ? `= ${formatMinutes(minutes)}` : ''}
      </Text>
    </Group>
  );
}
