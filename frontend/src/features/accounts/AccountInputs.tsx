// The account form's fields, shared by the create and edit screens.
import { Group, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { searchAccounts } from '@/shared/api/lookups';
import { AddressInputs } from '@/shared/ui/AddressInputs';
import { FormSection } from '@/shared/ui/FormSection';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { RELATIONSHIP_TYPES, type Account, type AccountFields } from './api';

export type AccountFormValues = {
  name: string;
  account_number: string;
  relationship_type: string | null;
  industry: string;
  employees: number | string;
  annual_revenue: string;
  currency: string;
  website: string;
  email: string;
  phone: string;
  fax: string;
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  description: string;
  parent_account_id: string | null;
  external_id: string;
};

export const ACCOUNT_FIELDS = [
  'name', 'account_number', 'relationship_type', 'industry', 'employees', 'annual_revenue', 'currency', 'website', 'email',
  'phone', 'fax', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country', 'description',
  'parent_account_id', 'primary_contact_id', 'external_id',
] as const;

const INDUSTRIES = [
  'Accounting', 'Agriculture', 'Construction', 'Consulting', 'Education', 'Energy', 'Financial services', 'Government',
  'Healthcare', 'Hospitality', 'Insurance', 'Legal', 'Manufacturing', 'Media', 'Non-profit', 'Real estate', 'Retail',
  'Software', 'Telecommunications', 'Transportation', 'Wholesale',
];

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CNY', 'INR', 'BRL'];

export function accountFormValues(account?: Account, defaults?: Partial<AccountFormValues>): AccountFormValues {
  return {
    name: account?.name ?? '',
    account_number: account?.account_number ?? '',
    relationship_type: account?.relationship_type ?? null,
    industry: account?.industry ?? '',
    employees: account?.employees ?? '',
    annual_revenue: account?.annual_revenue ?? '',
    currency: account?.currency ?? '',
    website: account?.website ?? '',
    email: account?.email ?? '',
    phone: account?.phone ?? '',
    fax: account?.fax ?? '',
    address_line1: account?.address_line1 ?? '',
    address_line2: account?.address_line2 ?? '',
    city: account?.city ?? '',
    region: account?.region ?? '',
    postal_code: account?.postal_code ?? '',
    country: account?.country ?? '',
    description: account?.description ?? '',
    parent_account_id: account?.parent_account_id ?? null,
    external_id: account?.external_id ?? '',
    ...defaults,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The API's fields from the form's values (blank text is null: the field is cleared). */
export function toAccountFields(values: AccountFormValues): AccountFields {
  return {
    name: values.name.trim(),
    account_number: text(values.account_number),
    relationship_type: (values.relationship_type as AccountFields['relationship_type']) ?? null,
    industry: text(values.industry),
    employees: typeof values.employees === 'number' ? values.employees : null,
    annual_revenue: text(values.annual_revenue),
    currency: text(values.currency),
    website: text(values.website),
    email: text(values.email),
    phone: text(values.phone),
    fax: text(values.fax),
    address_line1: text(values.address_line1),
    address_line2: text(values.address_line2),
    city: text(values.city),
    region: text(values.region),
    postal_code: text(values.postal_code),
    country: text(values.country),
    description: text(values.description),
    parent_account_id: values.parent_account_id,
    external_id: text(values.external_id),
  };
}

export function useAccountForm(initial: AccountFormValues) {
  return useForm<AccountFormValues>({
    initialValues: initial,
    validate: {
      name: (value) => (value.trim() ? null : 'Name is required'),
      annual_revenue: (value) =>
        value.trim() && !/^\d+(\.\d+)?$/.test(value.trim()) ? 'Enter an amount such as 12500.00' : null,
      currency: (value, values) => (values.annual_revenue.trim() && !value ? 'Choose the currency of the revenue' : null),
    },
  });
}

type Props = {
  form: ReturnType<typeof useAccountForm>;
  accountId?: string;
  parent?: { value: string; label: string } | null;
};

export function AccountInputs({ form, accountId, parent }: Props) {
  return (
    <>
      <FormSection title="Company" description="Who the account is and what it means to you.">
        <TextInput label="Account name" placeholder="Contoso Ltd" withAsterisk {...form.getInputProps('name')} />
        <Group grow align="flex-start">
          <Select
            label="Relationship"
            placeholder="Choose…"
            data={RELATIONSHIP_TYPES.map((t) => ({ value: t.value, label: t.label }))}
            clearable
            {...form.getInputProps('relationship_type')}
          />
          <Select label="Industry" placeholder="Choose…" data={INDUSTRIES} searchable clearable {...form.getInputProps('industry')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Account number" {...form.getInputProps('account_number')} />
          <NumberInput label="Employees" min={0} allowDecimal={false} thousandSeparator="," {...form.getInputProps('employees')} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Annual revenue" placeholder="12500000.00" inputMode="decimal" {...form.getInputProps('annual_revenue')} />
          <Select label="Currency" placeholder="USD" data={CURRENCIES} searchable clearable {...form.getInputProps('currency')} />
        </Group>
      </FormSection>
      <FormSection title="Contact details" description="How to reach the company.">
        <TextInput label="Website" placeholder="https://contoso.example" {...form.getInputProps('website')} />
        <TextInput label="Email" placeholder="info@contoso.example" type="email" {...form.getInputProps('email')} />
        <Group grow align="flex-start">
          <TextInput label="Phone" placeholder="+1 555 0100" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Fax" type="tel" {...form.getInputProps('fax')} />
        </Group>
      </FormSection>
      <FormSection title="Address" description="Where the company is.">
        <AddressInputs field={(name) => form.getInputProps(name)} />
      </FormSection>
      <FormSection title="Hierarchy" description="A department or subsidiary belongs to a parent account.">
        <RecordPicker
          label="Parent account"
          placeholder="Search accounts…"
          queryKey="accounts"
          search={searchAccounts}
          selected={parent ?? null}
          exclude={accountId}
          value={form.values.parent_account_id}
          onChange={(value) => form.setFieldValue('parent_account_id', value)}
          error={form.errors.parent_account_id as string | undefined}
        />
      </FormSection>
      <FormSection title="More" description="Notes, and the id of this account in your accounting or ERP system." last>
        <Textarea label="Description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
        <TextInput label="External id" description="Used by sync scripts; must be unique." {...form.getInputProps('external_id')} />
      </FormSection>
    </>
  );
}
