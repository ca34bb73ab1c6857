// The opportunity form's fields, shared by the create and edit screens: the deal, its customer,
// its place in the sales process, the people and competitors in it, and who gets the credit.
import { ActionIcon, Button, Group, MultiSelect, NumberInput, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { randomId } from '@mantine/hooks';
import { IconPlus, IconTrash } from '@tabler/icons-react';

import { searchAccounts, searchContacts, searchUsers, useAccountOption, useContactOption, useUsersById } from '@/shared/api/lookups';
import { FormSection } from '@/shared/ui/FormSection';
import { CURRENCIES } from '@/shared/ui/money';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { useCompetitors, useSalesStages, type Opportunity, type OpportunityFields, type SalesStage } from './api';

type KeyPersonRow = { key: string; contact_id: string | null; role: string };
type ShareRow = { key: string; user_id: string | null; share_percent: number | string };

export type OpportunityFormValues = {
  name: string;
  account_id: string | null;
  contact_id: string | null;
  estimated_revenue: string;
  currency: string | null;
  estimated_close_date: string;
  stage: string | null;
  probability: number | string;
  description: string;
  key_people: KeyPersonRow[];
  competitor_ids: string[];
  revenue_split: ShareRow[];
};

const FIELDS = [
  'name', 'account_id', 'contact_id', 'estimated_revenue', 'currency', 'estimated_close_date', 'stage', 'probability',
  'description', 'key_people', 'competitor_ids', 'revenue_split',
] as const;

/** The form's fields, with one name per row of the lists (for the server's field errors). */
export function opportunityFormFields(values: OpportunityFormValues): string[] {
  return [
    ...FIELDS,
    ...values.key_people.flatMap((_, i) => [`key_people.${i}.contact_id`, `key_people.${i}.role`]),
    ...values.revenue_split.flatMap((_, i) => [`revenue_split.${i}.user_id`, `revenue_split.${i}.share_percent`]),
  ];
}

/**
 * Where the server's field error goes on the form: `key_people[1]` is the row's contact,
 * `revenue_split[0].share_percent` the row's share, `competitor_ids[2]` the competitors.
 */
export function opportunityFormField(apiField: string): string {
  const row = /^(key_people|revenue_split|competitor_ids)\[(\d+)\](?:\.(\w+))?$/.exec(apiField);
  if (!row) return apiField;
  const [, list = '', index = '', part] = row;
  if (list === 'competitor_ids') return 'competitor_ids';
  if (part) return `${list}.${index}.${part}`;
  return `${list}.${index}.${list === 'key_people' ? 'contact_id' : 'user_id'}`;
}

export function opportunityFormValues(opportunity?: Opportunity, firstStage?: SalesStage): OpportunityFormValues {
  return {
    name: opportunity?.name ?? '',
    account_id: opportunity?.account_id ?? null,
    contact_id: opportunity?.contact_id ?? null,
    estimated_revenue: opportunity?.estimated_revenue ?? '',
    currency: opportunity?.currency ?? null,
    estimated_close_date: opportunity?.estimated_close_date ?? '',
    stage: opportunity?.stage ?? firstStage?.value ?? null,
    probability: opportunity?.probability ?? firstStage?.default_probability ?? '',
    description: opportunity?.description ?? '',
    key_people: (opportunity?.key_people ?? []).map((p) => ({ key: randomId(), contact_id: p.contact_id, role: p.role ?? '' })),
    competitor_ids: opportunity?.competitor_ids ?? [],
    revenue_split: (opportunity?.revenue_split ?? []).map((s) => ({ key: randomId(), user_id: s.user_id, share_percent: s.share_percent })),
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The API's fields from the form's values (rows without a contact or user are left out; the form refuses them first). */
export function toOpportunityFields(values: OpportunityFormValues): OpportunityFields {
  return {
    name: values.name.trim(),
    account_id: values.account_id,
    contact_id: values.contact_id,
    estimated_revenue: text(values.estimated_revenue),
    currency: values.currency,
    estimated_close_date: text(values.estimated_close_date),
    stage: values.stage,
    probability: typeof values.probability === 'number' ? values.probability : null,
    description: text(values.description),
    key_people: values.key_people.flatMap((p) => (p.contact_id ? [{ contact_id: p.contact_id, role: text(p.role) }] : [])),
    competitor_ids: values.competitor_ids,
    revenue_split: values.revenue_split.flatMap((s) =>
      s.user_id ? [{ user_id: s.user_id, share_percent: typeof s.share_percent === 'number' ? s.share_percent : 0 }] : [],
    ),
  };
}

/** The sum of the shares of a split, in whole percent. */
export function splitTotal(rows: readonly ShareRow[]): number {
  return rows.reduce((sum, row) => sum + (typeof row.share_percent === 'number' ? row.share_percent : 0), 0);
}

export function useOpportunityForm(initial: OpportunityFormValues) {
  return useForm<OpportunityFormValues>({
    initialValues: initial,
    validate: {
      name: (value) => (value.trim() ? null : 'Name is required'),
      estimated_revenue: (value) => (value.trim() && !/^\d+(\.\d+)?$/.test(value.trim()) ? 'Enter an amount such as 125000.00' : null),
      currency: (value, values) => (values.estimated_revenue.trim() && !value ? 'Choose the currency of the revenue' : null),
      key_people: { contact_id: (value) => (value ? null : 'Choose a contact, or remove the row') },
      revenue_split: {
        user_id: (value) => (value ? null : 'Choose a sales person, or remove the row'),
        share_percent: (value) => (typeof value === 'number' && value >= 1 && value <= 100 ? null : '1 to 100'),
      },
    },
  });
}

type Form = ReturnType<typeof useOpportunityForm>;

export function OpportunityInputs({ form, current }: { form: Form; current?: Opportunity }) {
  const stages = useSalesStages();
  const competitors = useCompetitors();
  const account = useAccountOption(form.values.account_id);
  const contact = useContactOption(form.values.contact_id);
  const stageData = (stages.data ?? [])
    .filter((s) => s.is_active || s.value === current?.stage)
    .map((s) => ({ value: s.value, label: s.is_active ? `${s.label} · ${s.default_probability}%` : `${s.label} (retired)` }));
  const onStage = (value: string | null) => {
    form.setFieldValue('stage', value);
    const stage = stages.data?.find((s) => s.value === value);
    // A new stage brings its probability, as the server does; it can still be changed after.
    if (stage) form.setFieldValue('probability', stage.default_probability);
  };

  return (
    <>
      <FormSection title="The deal" description="What is being sold, for how much, and when it should close.">
        <TextInput label="Name" placeholder="500 licenses for Contoso" withAsterisk {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <TextInput label="Estimated revenue" placeholder="125000.00" inputMode="decimal" {...form.getInputProps('estimated_revenue')} />
          <Select label="Currency" placeholder="EUR" data={CURRENCIES} searchable clearable {...form.getInputProps('currency')} />
        </Group>
        <TextInput label="Expected close" type="date" maw={220} {...form.getInputProps('estimated_close_date')} />
      </FormSection>
      <FormSection title="Customer" description="The company and the person you are selling to.">
        <RecordPicker
          label="Account"
          placeholder="Search accounts…"
          queryKey="accounts"
          search={searchAccounts}
          selected={account.data ?? null}
          value={form.values.account_id}
          onChange={(value) => form.setFieldValue('account_id', value)}
          error={form.errors.account_id as string | undefined}
        />
        <RecordPicker
          label="Contact"
          placeholder="Search contacts…"
          description={form.values.account_id ? 'People at the account' : undefined}
          queryKey={`contacts-${form.values.account_id ?? 'all'}`}
          search={(text) => searchContacts(text, form.values.account_id)}
          selected={contact.data ?? null}
          value={form.values.contact_id}
          onChange={(value) => form.setFieldValue('contact_id', value)}
          error={form.errors.contact_id as string | undefined}
        />
      </FormSection>
      <FormSection title="Sales process" description="Where the deal is, and how likely it is to be won.">
        <Group grow align="flex-start">
          <Select
            label="Stage"
            placeholder={stages.isPending ? 'Loading…' : 'Choose…'}
            data={stageData}
            allowDeselect={false}
            value={form.values.stage}
            onChange={onStage}
            error={form.errors.stage}
          />
          <NumberInput label="Probability" min={0} max={100} allowDecimal={false} suffix="%" clampBehavior="strict" {...form.getInputProps('probability')} />
        </Group>
        <Textarea label="Description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
      </FormSection>
      <FormSection title="People and competitors" description="Who matters in the deal, and who else is trying to win it.">
        <KeyPeople form={form} />
        <MultiSelect
          label="Competitors"
          placeholder={form.values.competitor_ids.length === 0 ? 'None met yet' : undefined}
          data={(competitors.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          searchable
          clearable
          nothingFoundMessage="No such competitor"
          {...form.getInputProps('competitor_ids')}
        />
      </FormSection>
      <FormSection title="Revenue split" description="How the credit for the revenue is shared among sales people. Empty: all of it goes to the owner." last>
        <RevenueSplit form={form} />
      </FormSection>
    </>
  );
}

function KeyPeople({ form }: { form: Form }) {
  const rows = form.values.key_people;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        Key people
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No one yet: add the decision maker, the influencers, the technical buyer.
        </Text>
      )}
      {rows.map((row, index) => (
        <KeyPersonInputs key={row.key} form={form} index={index} />
      ))}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('key_people', { key: randomId(), contact_id: null, role: '' })}
        >
          Add person
        </Button>
      </Group>
    </Stack>
  );
}

function KeyPersonInputs({ form, index }: { form: Form; index: number }) {
  const row = form.values.key_people[index];
  const selected = useContactOption(row?.contact_id);
  const taken = form.values.key_people.filter((_, i) => i !== index).flatMap((p) => (p.contact_id ? [p.contact_id] : []));
  if (!row) return null;
  return (
    <Group align="flex-start" gap="xs" wrap="nowrap">
      <div style={{ flex: 3 }}>
        <RecordPicker
          label=""
          ariaLabel={`Key person ${index + 1}`}
          placeholder="Search contacts…"
          queryKey="contacts"
          search={(text) => searchContacts(text)}
          selected={selected.data ?? null}
          exclude={taken}
          value={row.contact_id}
          onChange={(value) => form.setFieldValue(`key_people.${index}.contact_id`, value)}
          error={form.errors[`key_people.${index}.contact_id`] as string | undefined}
        />
      </div>
      <TextInput
        style={{ flex: 2 }}
        aria-label={`Role of key person ${index + 1}`}
        placeholder="Role: decision maker, influencer…"
        {...form.getInputProps(`key_people.${index}.role`)}
      />
      <ActionIcon variant="subtle" color="gray" size={36} aria-label={`Remove key person ${index + 1}`} onClick={() => form.removeListItem('key_people', index)}>
        <IconTrash size={16} />
      </ActionIcon>
    </Group>
  );
}

function RevenueSplit({ form }: { form: Form }) {
  const rows = form.values.revenue_split;
  const users = useUsersById(rows.map((r) => r.user_id)).data;
  const total = splitTotal(rows);
  const listError = form.errors.revenue_split;
  return (
    <Stack gap="xs">
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          Not split: the owner gets all the credit.
        </Text>
      )}
      {rows.map((row, index) => {
        const user = row.user_id ? users?.get(row.user_id) : undefined;
        const taken = rows.filter((_, i) => i !== index).flatMap((r) => (r.user_id ? [r.user_id] : []));
        return (
          <Group key={row.key} align="flex-start" gap="xs" wrap="nowrap">
            <div style={{ flex: 3 }}>
              <RecordPicker
                label=""
                ariaLabel={`Sales person ${index + 1}`}
                placeholder="Search users…"
                queryKey="users"
                search={searchUsers}
                selected={user ? { value: user.id, label: user.full_name } : null}
                exclude={taken}
                value={row.user_id}
                onChange={(value) => form.setFieldValue(`revenue_split.${index}.user_id`, value)}
                error={form.errors[`revenue_split.${index}.user_id`] as string | undefined}
              />
            </div>
            <NumberInput
              style={{ flex: 1 }}
              aria-label={`Share of sales person ${index + 1}`}
              min={1}
              max={100}
              allowDecimal={false}
              suffix="%"
              {...form.getInputProps(`revenue_split.${index}.share_percent`)}
            />
            <ActionIcon variant="subtle" color="gray" size={36} aria-label={`Remove sales person ${index + 1}`} onClick={() => form.removeListItem('revenue_split', index)}>
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        );
      })}
      <Group justify="space-between" align="center">
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => form.insertListItem('revenue_split', { key: randomId(), user_id: null, share_percent: rows.length === 0 ? 100 : Math.max(0, 100 - total) || '' })}
        >
          Add sales person
        </Button>
        {rows.length > 0 && (
          <Text size="sm" fw={600} c={total === 100 ? 'teal' : 'red'} aria-live="polite">
            Total {total}%{total === 100 ? '' : ' of 100%'}
          </Text>
        )}
      </Group>
      {listError && (
        <Text size="sm" c="red" role="alert" data-error="true">
          {listError}
        </Text>
      )}
    </Stack>
  );
}
