// The case form's fields, shared by the create and edit screens: what the customer needs, who the
// customer is, what it is about and how urgent, and (on creation) its queue and contract.
import { Group, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { searchAccounts, searchContacts, useAccountOption, useContactOption } from '@/shared/api/lookups';
import { picklistOptions, useCasePicklist, useQueues, type CasePicklist } from '@/shared/service/api';
import { ORIGIN, ORIGINS, PRIORITIES, PRIORITY, type CasePriority, type Origin } from '@/shared/service/words';
import { FormSection } from '@/shared/ui/FormSection';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { searchContracts, useContractSummary, type Case, type CaseFields } from './api';

export type CaseFormValues = {
  title: string;
  description: string;
  account_id: string | null;
  contact_id: string | null;
  product: string | null;
  subject: string | null;
  case_type: string | null;
  severity: string | null;
  origin: Origin;
  priority: CasePriority;
  queue_id: string | null;
  contract_id: string | null;
};

/** The form's fields, which are also the API's (for the server's field errors). */
export const CASE_FORM_FIELDS = [
  'title', 'description', 'account_id', 'contact_id', 'product', 'subject', 'case_type', 'severity', 'origin', 'priority', 'queue_id', 'contract_id',
] as const;

export function caseFormValues(kase?: Case, preset?: { accountId?: string | null; contactId?: string | null }): CaseFormValues {
  return {
    title: kase?.title ?? '',
    description: kase?.description ?? '',
    account_id: kase ? (kase.account_id ?? null) : (preset?.accountId ?? null),
    contact_id: kase ? (kase.contact_id ?? null) : (preset?.contactId ?? null),
    product: kase?.product ?? null,
    subject: kase?.subject ?? null,
    case_type: kase?.case_type ?? null,
    severity: kase?.severity ?? null,
    origin: kase?.origin ?? 'phone',
    priority: kase?.priority ?? 'normal',
    queue_id: kase?.queue_id ?? null,
    contract_id: kase?.contract_id ?? null,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The API's fields from the form's values; the queue only on creation (a case changes queue by assignment). */
export function toCaseFields(values: CaseFormValues, { withQueue }: { withQueue: boolean }): CaseFields {
  const fields: CaseFields = {
    title: values.title.trim(),
    description: text(values.description),
    account_id: values.account_id,
    contact_id: values.contact_id,
    product: values.product,
    subject: values.subject,
    case_type: values.case_type,
    severity: values.severity,
    origin: values.origin,
    priority: values.priority,
    contract_id: values.contract_id,
  };
  return withQueue ? { ...fields, queue_id: values.queue_id } : fields;
}

export function useCaseForm(initial: CaseFormValues) {
  return useForm<CaseFormValues>({
    initialValues: initial,
    validate: {
      title: (value) => (value.trim() ? null : 'What does the customer need?'),
      account_id: (value, values) => (value || values.contact_id ? null : 'Choose the customer: an account, a contact, or both'),
    },
  });
}

type Form = ReturnType<typeof useCaseForm>;

export function CaseInputs({ form, current }: { form: Form; current?: Case }) {
  const account = useAccountOption(form.values.account_id);
  const contact = useContactOption(form.values.contact_id);
  const contract = useContractSummary(form.values.contract_id);
  const queues = useQueues();
  const customer = { accountId: form.values.account_id, contactId: form.values.contact_id };
  const queueData = (queues.data ?? [])
    .filter((q) => q.is_active || q.id === form.values.queue_id)
    .map((q) => ({ value: q.id, label: q.is_escalation ? `${q.name} (escalation)` : q.name }));

  return (
    <>
      <FormSection title="The request" description="What the customer needs, in a line, and the details in their words.">
        <TextInput label="Title" placeholder="Printer jams on every page" withAsterisk {...form.getInputProps('title')} />
        <Textarea label="Description" placeholder="What happened, what they tried, what they expect." autosize minRows={4} maxRows={12} {...form.getInputProps('description')} />
      </FormSection>
      <FormSection title="Customer" description="The company, the person, or both. Their contract in force covers the case.">
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
          description={form.values.account_id ? 'People at the account' : undefined}
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
      </FormSection>
      <FormSection title="Classification" description="How it reached you, how urgent it is, and what it is about. The priority sets its deadlines.">
        <Group grow align="flex-start">
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Priority
            </Text>
            <SegmentedControl
              aria-label="Priority"
              data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
              value={form.values.priority}
              onChange={(value) => form.setFieldValue('priority', PRIORITIES.find((p) => p === value) ?? 'normal')}
              color={PRIORITY[form.values.priority].color}
            />
            {typeof form.errors.priority === 'string' && (
              <Text size="xs" c="red">
                {form.errors.priority}
              </Text>
            )}
          </Stack>
          <Select
            label="Origin"
            data={ORIGINS.map((o) => ({ value: o, label: ORIGIN[o] }))}
            allowDeselect={false}
            value={form.values.origin}
            onChange={(value) => form.setFieldValue('origin', ORIGINS.find((o) => o === value) ?? 'phone')}
            error={form.errors.origin}
          />
        </Group>
        <Group grow align="flex-start">
          <PicklistSelect form={form} field="product" label="Product" current={current?.product} />
          <PicklistSelect form={form} field="subject" label="Subject" current={current?.subject} />
        </Group>
        <Group grow align="flex-start">
          <PicklistSelect form={form} field="case_type" label="Case type" current={current?.case_type} />
          <PicklistSelect form={form} field="severity" label="Severity" current={current?.severity} />
        </Group>
      </FormSection>
      <FormSection
        title="Service"
        description={
          current
            ? 'The contract it is served under. Its queue changes with Assign, on the case page.'
            : 'Left empty, the routing rules choose the queue, and the customer’s contract in force is found.'
        }
        last
      >
        {!current && (
          <Select
            label="Queue"
            placeholder="Chosen by the routing rules"
            data={queueData}
            clearable
            searchable
            nothingFoundMessage="No such queue"
            {...form.getInputProps('queue_id')}
          />
        )}
        <RecordPicker
          label="Contract"
          placeholder={form.values.account_id || form.values.contact_id ? 'The one in force' : 'Choose the customer first'}
          description="Drafts and active contracts of the customer."
          queryKey={`contracts-${form.values.account_id ?? ''}-${form.values.contact_id ?? ''}`}
          search={(value) => (form.values.account_id || form.values.contact_id ? searchContracts(value, customer) : Promise.resolve([]))}
          selected={contract.data ? { value: contract.data.id, label: `${contract.data.number} · ${contract.data.name}` } : null}
          value={form.values.contract_id}
          onChange={(value) => form.setFieldValue('contract_id', value)}
          error={form.errors.contract_id as string | undefined}
        />
      </FormSection>
    </>
  );
}

function PicklistSelect({ form, field, label, current }: { form: Form; field: CasePicklist; label: string; current: string | null | undefined }) {
  const values = useCasePicklist(field);
  const data = picklistOptions(values.data, current);
  return (
    <Select
      label={label}
      placeholder={values.isPending ? 'Loading…' : data.length === 0 ? 'None yet: added under Picklists' : 'Choose…'}
      data={data}
      clearable
      searchable
      disabled={!values.isPending && data.length === 0}
      {...form.getInputProps(field)}
    />
  );
}
