// Creating or editing a contract template: a service plan with its allotment (cases or minutes),
// its length, and the service levels it promises.
import { Button, Group, Modal, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';

import { useSlaPolicies } from '@/shared/service/api';
import type { AllotmentType } from '@/shared/service/words';
import { showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { useCreateTemplate, useUpdateTemplate, type ContractTemplate, type ContractTemplateFields } from './api';

type Values = {
  name: string;
  description: string;
  allotment_type: AllotmentType;
  allotment: number | string;
  duration_days: number | string;
  sla_policy_id: string | null;
  is_active: boolean;
};

const FIELDS = ['name', 'description', 'allotment_type', 'allotment', 'duration_days', 'sla_policy_id', 'is_active'] as const;

/** `template` null: a new one. */
export function ContractTemplateDialog({ template, onClose }: { template: ContractTemplate | null; onClose: () => void }) {
  const create = useCreateTemplate();
  const update = useUpdateTemplate();
  const policies = useSlaPolicies();
  const form = useForm<Values>({
    initialValues: {
      name: template?.name ?? '',
      description: template?.description ?? '',
      allotment_type: template?.allotment_type ?? 'cases',
      allotment: template?.allotment ?? 10,
      duration_days: template?.duration_days ?? 365,
      sla_policy_id: template?.sla_policy_id ?? null,
      is_active: template?.is_active ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Name the plan: Gold support, 10 hours of help…'),
      allotment: (v) => (typeof v === 'number' && v >= 1 && v <= 1_000_000 ? null : '1 to 1,000,000'),
      duration_days: (v) => (typeof v === 'number' && v >= 1 && v <= 3660 ? null : '1 to 3,660 days'),
    },
  });

  const submit = form.onSubmit((values) => {
    const fields: ContractTemplateFields = {
      name: values.name.trim(),
      description: values.description.trim() || null,
      allotment_type: values.allotment_type,
      allotment: typeof values.allotment === 'number' ? values.allotment : 0,
      duration_days: typeof values.duration_days === 'number' ? values.duration_days : null,
      sla_policy_id: values.sla_policy_id,
      is_active: values.is_active,
    };
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, FIELDS);
    const onSuccess = (saved: ContractTemplate) => {
      notifications.show({ color: 'teal', title: template ? 'Template saved' : 'Template added', message: saved.name });
      onClose();
    };
    if (template) update.mutate({ id: template.id, version: template.version, fields }, { onSuccess, onError });
    else create.mutate(fields, { onSuccess, onError });
  });

  return (
    <Modal opened onClose={onClose} title={template ? `Edit ${template.name}` : 'New contract template'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput label="Name" placeholder="Gold support" withAsterisk data-autofocus {...form.getInputProps('name')} />
          <Textarea label="Description" description="What the plan gives the customer." autosize minRows={2} maxRows={5} {...form.getInputProps('description')} />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              The allotment counts
            </Text>
            <SegmentedControl
              aria-label="The allotment counts"
              data={[
                { value: 'cases', label: 'Cases' },
                { value: 'minutes', label: 'Minutes of work' },
              ]}
              value={form.values.allotment_type}
              onChange={(value) => form.setFieldValue('allotment_type', value === 'minutes' ? 'minutes' : 'cases')}
            />
          </Stack>
          <SimpleGrid cols={2}>
            <NumberInput
              label={form.values.allotment_type === 'cases' ? 'Cases included' : 'Minutes included'}
              description="Each resolved case draws from it."
              min={1}
              max={1_000_000}
              allowDecimal={false}
              thousandSeparator=","
              withAsterisk
              {...form.getInputProps('allotment')}
            />
            <NumberInput
              label="Length"
              description="How long a contract covers."
              min={1}
              max={3660}
              allowDecimal={false}
              suffix=" days"
              withAsterisk
              {...form.getInputProps('duration_days')}
            />
          </SimpleGrid>
          <Select
            label="Service levels"
            description="The targets its contracts promise; empty: the default policy."
            placeholder="The default policy"
            data={(policies.data ?? []).map((p) => ({ value: p.id, label: p.is_default ? `${p.name} (default)` : p.name }))}
            clearable
            comboboxProps={{ withinPortal: false }}
            {...form.getInputProps('sla_policy_id')}
          />
          <Switch label="Offered" description="Off retires it: no new contracts are made from it." {...form.getInputProps('is_active', { type: 'checkbox' })} />
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
