// The contract form's fields, shared by the create and edit screens: the plan it is made from,
// the customer, the coverage dates, the allotment and the service levels. Once a contract is in
// force only its name and description change.
import { Alert, Group, NumberInput, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconLock } from '@tabler/icons-react';

import { searchAccounts, searchContacts, useAccountOption, useContactOption } from '@/shared/api/lookups';
import { useContractTemplates, useSlaPolicies, type ContractTemplate } from '@/shared/service/api';
import { formatAllotment, type AllotmentType } from '@/shared/service/words';
import { formatDate } from '@/shared/ui/format';
import { FormSection } from '@/shared/ui/FormSection';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import type { Contract, ContractFields } from './api';

export type ContractFormValues = {
  template_id: string | null;
  name: string;
  description: string;
  account_id: string | null;
  contact_id: string | null;
  starts_on: string;
  ends_on: string;
  allotment_type: AllotmentType;
  allotment_total: number | string;
  sla_policy_id: string | null;
};

export const CONTRACT_FORM_FIELDS = [
  'template_id', 'name', 'description', 'account_id', 'contact_id', 'starts_on', 'ends_on', 'allotment_type', 'allotment_total', 'sla_policy_id',
] as const;

export function contractFormValues(contract?: Contract, preset?: { accountId?: string | null }): ContractFormValues {
  return {
    template_id: contract?.template_id ?? null,
    name: contract?.name ?? '',
    description: contract?.description ?? '',
    account_id: contract ? (contract.account_id ?? null) : (preset?.accountId ?? null),
    contact_id: contract?.contact_id ?? null,
    starts_on: contract?.starts_on ?? '',
    ends_on: contract?.ends_on ?? '',
    allotment_type: contract?.allotment_type ?? 'cases',
    allotment_total: contract?.allotment_total ?? '',
    sla_policy_id: contract?.sla_policy_id ?? null,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The API's fields; with a template, blank terms are left for the template to give. */
export function toContractFields(values: ContractFormValues): ContractFields {
  return {
    template_id: values.template_id,
    name: values.name.trim(),
    description: text(values.description),
    account_id: values.account_id,
    contact_id: values.contact_id,
    starts_on: text(values.starts_on),
    ends_on: text(values.ends_on),
    allotment_type: values.allotment_type,
    allotment_total: typeof values.allotment_total === 'number' ? values.allotment_total : null,
    sla_policy_id: values.sla_policy_id,
  };
}

/** Only what may change once a contract is in force. */
export function toContractNotes(values: ContractFormValues): Pick<ContractFields, 'name' | 'description'> {
  return { name: values.name.trim(), description: text(values.description) };
}

/** The last day a template's length covers from a first day (today when none): `YYYY-MM-DD`. */
export function endFromTemplate(startsOn: string, durationDays: number, today: Date): string {
  const start = /^\d{4}-\d{2}-\d{2}$/.test(startsOn) ? new Date(`${startsOn}T12:00:00Z`) : new Date(Date.UTC(today.getFullYear(), today.getMonth(), today.getDate(), 12));
  const end = new Date(start.getTime() + (durationDays - 1) * 24 * 3600 * 1000);
  return end.toISOString().slice(0, 10);
}

export function useContractForm(initial: ContractFormValues) {
  return useForm<ContractFormValues>({
    initialValues: initial,
    validate: {
      name: (value) => (value.trim() ? null : 'Name the contract: “Contoso gold support 2027”'),
      account_id: (value, values) => (value || values.contact_id ? null : 'Choose the customer: an account or a contact'),
      ends_on: (value, values) => (value || values.template_id ? (value && values.starts_on && value < values.starts_on ? 'Not before the first day' : null) : 'The last day it covers, or choose a template'),
      allotment_total: (value, values) =>
        values.template_id || (typeof value === 'number' && value >= 1) ? null : 'How many cases or minutes, or choose a template',
    },
  });
}

type Form = ReturnType<typeof useContractForm>;

export function ContractInputs({ form, current, today }: { form: Form; current?: Contract; today: Date }) {
  const templates = useContractTemplates();
  const policies = useSlaPolicies();
  const account = useAccountOption(form.values.account_id);
  const contact = useContactOption(form.values.contact_id);
  const locked = Boolean(current && current.status !== 'draft');
  const template = templates.data?.find((t) => t.id === form.values.template_id);

  const chooseTemplate = (id: string | null) => {
    form.setFieldValue('template_id', id);
    const chosen: ContractTemplate | undefined = templates.data?.find((t) => t.id === id);
    if (!chosen) return;
    // The plan's terms, which can still be changed for this customer.
    form.setFieldValue('allotment_type', chosen.allotment_type);
    form.setFieldValue('allotment_total', chosen.allotment);
    form.setFieldValue('sla_policy_id', chosen.sla_policy_id ?? null);
    if (!form.values.name.trim()) form.setFieldValue('name', chosen.name);
  };

  return (
    <>
      {locked && (
        <Alert color="gray" variant="light" icon={<IconLock />} mt="lg" title={`This contract is ${current?.status ?? ''}`}>
          Its terms were fixed when it was activated: only its name and description change now.
        </Alert>
      )}
      <FormSection title="The plan" description="Start from a template to take its allotment, length and service levels, or set the terms by hand.">
        <Select
          label="Template"
          placeholder={templates.data?.length ? 'None: terms set by hand' : 'No templates yet'}
          data={(templates.data ?? []).filter((t) => t.is_active || t.id === form.values.template_id).map((t) => ({
            value: t.id,
            label: `${t.name} · ${formatAllotment(t.allotment, t.allotment_type)}, ${t.duration_days} days`,
          }))}
          value={form.values.template_id}
          onChange={chooseTemplate}
          clearable
          searchable
          disabled={locked}
          error={form.errors.template_id}
        />
        <TextInput label="Name" placeholder="Contoso gold support 2027" withAsterisk {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} maxRows={8} {...form.getInputProps('description')} />
      </FormSection>
      <FormSection title="Customer" description="The company or the person it covers.">
        {locked ? (
          <Stack gap={2}>
            <Text size="sm" fw={500}>
              {[account.data?.label, contact.data?.label].filter(Boolean).join(' · ') || '…'}
            </Text>
            <Text size="xs" c="dimmed">
              The customer of a contract in force does not change.
            </Text>
          </Stack>
        ) : (
          <>
            <RecordPicker
              label="Account"
              placeholder="Search accounts…"
              queryKey="accounts"
              search={searchAccounts}
              selected={account.data ?? null}
              value={form.values.account_id}
              onChange={(value) => {
                form.setFieldValue('account_id', value);
                form.clearFieldError('account_id');
              }}
              error={form.errors.account_id as string | undefined}
            />
            <RecordPicker
              label="Contact"
              placeholder="Search contacts…"
              queryKey={`contacts-${form.values.account_id ?? 'all'}`}
              search={(value) => searchContacts(value, form.values.account_id)}
              selected={contact.data ?? null}
              value={form.values.contact_id}
              onChange={(value) => {
                form.setFieldValue('contact_id', value);
                form.clearFieldError('account_id');
              }}
              error={form.errors.contact_id as string | undefined}
            />
          </>
        )}
      </FormSection>
      <FormSection title="Coverage" description="The days it covers the customer’s cases, once activated.">
        <Group grow align="flex-start">
          <TextInput type="date" label="First day" description="Empty: the day it is created" disabled={locked} {...form.getInputProps('starts_on')} />
          <TextInput
            type="date"
            label="Last day"
            description={
              template && !form.values.ends_on
                ? `Empty: ${formatDate(endFromTemplate(form.values.starts_on, template.duration_days, today))} (${template.duration_days} days)`
                : 'The last day it covers'
            }
            disabled={locked}
            withAsterisk={!form.values.template_id}
            {...form.getInputProps('ends_on')}
          />
        </Group>
      </FormSection>
      <FormSection title="Allotment and service levels" description="What its cases draw down, and the deadlines they get." last>
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
            disabled={locked}
          />
        </Stack>
        <NumberInput
          label={form.values.allotment_type === 'cases' ? 'Cases included' : 'Minutes included'}
          min={1}
          max={1_000_000}
          allowDecimal={false}
          thousandSeparator=","
          maw={240}
          disabled={locked}
          withAsterisk={!form.values.template_id}
          {...form.getInputProps('allotment_total')}
        />
        <Select
          label="Service levels"
          placeholder="The default policy"
          data={(policies.data ?? []).map((p) => ({ value: p.id, label: p.is_default ? `${p.name} (default)` : p.name }))}
          clearable
          disabled={locked}
          {...form.getInputProps('sla_policy_id')}
        />
      </FormSection>
    </>
  );
}
