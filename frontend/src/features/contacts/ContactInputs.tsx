// The contact form's fields, shared by the create and edit screens.
import { Group, Select, Switch, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { searchAccounts } from '@/shared/api/lookups';
import { AddressInputs } from '@/shared/ui/AddressInputs';
import { FormSection } from '@/shared/ui/FormSection';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { CONTACT_METHODS, type Contact, type ContactFields } from './api';

export type ContactFormValues = {
  salutation: string;
  first_name: string;
  last_name: string;
  job_title: string;
  department: string;
  account_id: string | null;
  email: string;
  phone: string;
  mobile_phone: string;
  preferred_contact_method: string | null;
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  birthdate: string;
  do_not_email: boolean;
  do_not_phone: boolean;
  do_not_bulk_email: boolean;
  description: string;
  external_id: string;
};

export const CONTACT_FIELDS = [
  'salutation', 'first_name', 'last_name', 'job_title', 'department', 'account_id', 'email', 'phone', 'mobile_phone',
  'preferred_contact_method', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country', 'birthdate',
  'do_not_email', 'do_not_phone', 'do_not_bulk_email', 'description', 'external_id',
] as const;

export function contactFormValues(contact?: Contact, defaults?: Partial<ContactFormValues>): ContactFormValues {
  return {
    salutation: contact?.salutation ?? '',
    first_name: contact?.first_name ?? '',
    last_name: contact?.last_name ?? '',
    job_title: contact?.job_title ?? '',
    department: contact?.department ?? '',
    account_id: contact?.account_id ?? null,
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    mobile_phone: contact?.mobile_phone ?? '',
    preferred_contact_method: contact?.preferred_contact_method ?? null,
    address_line1: contact?.address_line1 ?? '',
    address_line2: contact?.address_line2 ?? '',
    city: contact?.city ?? '',
    region: contact?.region ?? '',
    postal_code: contact?.postal_code ?? '',
    country: contact?.country ?? '',
    birthdate: contact?.birthdate ?? '',
    do_not_email: contact?.do_not_email ?? false,
    do_not_phone: contact?.do_not_phone ?? false,
    do_not_bulk_email: contact?.do_not_bulk_email ?? false,
    description: contact?.description ?? '',
    external_id: contact?.external_id ?? '',
    ...defaults,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The API's fields from the form's values (blank text is null: the field is cleared). */
export function toContactFields(values: ContactFormValues): ContactFields {
  return {
    salutation: text(values.salutation),
    first_name: text(values.first_name),
    last_name: values.last_name.trim(),
    job_title: text(values.job_title),
    department: text(values.department),
    account_id: values.account_id,
    email: text(values.email),
    phone: text(values.phone),
    mobile_phone: text(values.mobile_phone),
    preferred_contact_method: (values.preferred_contact_method as ContactFields['preferred_contact_method']) ?? null,
    address_line1: text(values.address_line1),
    address_line2: text(values.address_line2),
    city: text(values.city),
    region: text(values.region),
    postal_code: text(values.postal_code),
    country: text(values.country),
    birthdate: text(values.birthdate),
    do_not_email: values.do_not_email,
    do_not_phone: values.do_not_phone,
    do_not_bulk_email: values.do_not_bulk_email,
    description: text(values.description),
    external_id: text(values.external_id),
  };
}

export function useContactForm(initial: ContactFormValues) {
  return useForm<ContactFormValues>({
    initialValues: initial,
    validate: {
      last_name: (value) => (value.trim() ? null : 'Last name is required'),
      email: (value) => (value.trim() && !/^\S+@\S+\.\S+$/.test(value.trim()) ? 'Enter an email address such as name@example.com' : null),
    },
  });
}

type Props = {
  form: ReturnType<typeof useContactForm>;
  account?: { value: string; label: string } | null;
};

export function ContactInputs({ form, account }: Props) {
  return (
    <>
      <FormSection title="Person" description="Who they are and where they work.">
        <Group grow align="flex-start">
          <TextInput label="Salutation" placeholder="Ms." maw={140} {...form.getInputProps('salutation')} />
          <TextInput label="First name" {...form.getInputProps('first_name')} />
          <TextInput label="Last name" withAsterisk {...form.getInputProps('last_name')} />
        </Group>
        <RecordPicker
          label="Account"
          placeholder="Search accounts…"
          queryKey="accounts"
          search={searchAccounts}
          selected={account ?? null}
          value={form.values.account_id}
          onChange={(value) => form.setFieldValue('account_id', value)}
          error={form.errors.account_id as string | undefined}
        />
        <Group grow align="flex-start">
          <TextInput label="Job title" {...form.getInputProps('job_title')} />
          <TextInput label="Department" {...form.getInputProps('department')} />
        </Group>
      </FormSection>
      <FormSection title="Reaching them" description="How to get in touch, and how they prefer it.">
        <TextInput label="Email" type="email" placeholder="name@company.com" {...form.getInputProps('email')} />
        <Group grow align="flex-start">
          <TextInput label="Business phone" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Mobile phone" type="tel" {...form.getInputProps('mobile_phone')} />
        </Group>
        <Select label="Preferred contact method" data={CONTACT_METHODS} clearable {...form.getInputProps('preferred_contact_method')} />
      </FormSection>
      <FormSection title="Consent" description="What they agreed to. Every channel respects these.">
        <Switch label="Do not email" {...form.getInputProps('do_not_email', { type: 'checkbox' })} />
        <Switch label="Do not phone" {...form.getInputProps('do_not_phone', { type: 'checkbox' })} />
        <Switch label="No marketing (bulk) emails" {...form.getInputProps('do_not_bulk_email', { type: 'checkbox' })} />
      </FormSection>
      <FormSection title="Address">
        <AddressInputs field={(name) => form.getInputProps(name)} />
      </FormSection>
      <FormSection title="More" last>
        <TextInput label="Birthday" type="date" maw={220} {...form.getInputProps('birthdate')} />
        <Textarea label="Description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
        <TextInput label="External id" description="Used by sync scripts; must be unique." {...form.getInputProps('external_id')} />
      </FormSection>
    </>
  );
}
