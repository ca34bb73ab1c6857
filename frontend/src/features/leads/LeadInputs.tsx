// The lead form's fields, shared by the create and edit screens. The picklist fields (source,
// rating, need, decision timeline) offer the active choices of their picklist.
import { Group, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { AddressInputs } from '@/shared/ui/AddressInputs';
import { FormSection } from '@/shared/ui/FormSection';
import { CURRENCIES } from '@/shared/ui/money';

import { usePicklist, usePicklistLabels, type Lead, type LeadFields } from './api';

export type LeadFormValues = {
  salutation: string;
  first_name: string;
  last_name: string;
  job_title: string;
  company_name: string;
  industry: string;
  employees: number | string;
  website: string;
  email: string;
  phone: string;
  mobile_phone: string;
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  subject: string;
  status: string | null;
  source: string | null;
  rating: string | null;
  need: string | null;
  decision_timeline: string | null;
  is_decision_maker: string | null;
  budget_amount: string;
  currency: string | null;
  description: string;
};

export const LEAD_FIELDS = [
  'salutation', 'first_name', 'last_name', 'job_title', 'company_name', 'industry', 'employees', 'website', 'email', 'phone',
  'mobile_phone', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country', 'subject', 'status', 'source',
  'rating', 'need', 'decision_timeline', 'is_decision_maker', 'budget_amount', 'currency', 'description',
] as const;

/** Whether a lead's status may be set in the form (qualifying and disqualifying are actions). */
export function statusEditable(lead?: Lead): boolean {
  return !lead || lead.status === 'new' || lead.status === 'contacted';
}

export function leadFormValues(lead?: Lead): LeadFormValues {
  return {
    salutation: lead?.salutation ?? '',
    first_name: lead?.first_name ?? '',
    last_name: lead?.last_name ?? '',
    job_title: lead?.job_title ?? '',
    company_name: lead?.company_name ?? '',
    industry: lead?.industry ?? '',
    employees: lead?.employees ?? '',
    website: lead?.website ?? '',
    email: lead?.email ?? '',
    phone: lead?.phone ?? '',
    mobile_phone: lead?.mobile_phone ?? '',
    address_line1: lead?.address_line1 ?? '',
    address_line2: lead?.address_line2 ?? '',
    city: lead?.city ?? '',
    region: lead?.region ?? '',
    postal_code: lead?.postal_code ?? '',
    country: lead?.country ?? '',
    subject: lead?.subject ?? '',
    status: lead?.status ?? 'new',
    source: lead?.source ?? null,
    rating: lead?.rating ?? null,
    need: lead?.need ?? null,
    decision_timeline: lead?.decision_timeline ?? null,
    is_decision_maker: lead?.is_decision_maker === true ? 'yes' : lead?.is_decision_maker === false ? 'no' : null,
    budget_amount: lead?.budget_amount ?? '',
    currency: lead?.currency ?? null,
    description: lead?.description ?? '',
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

/** The API's fields from the form's values (blank text is null: the field is cleared). */
export function toLeadFields(values: LeadFormValues, withStatus: boolean): LeadFields {
  const fields: LeadFields = {
    salutation: text(values.salutation),
    first_name: text(values.first_name),
    last_name: text(values.last_name),
    job_title: text(values.job_title),
    company_name: text(values.company_name),
    industry: text(values.industry),
    employees: typeof values.employees === 'number' ? values.employees : null,
    website: text(values.website),
    email: text(values.email),
    phone: text(values.phone),
    mobile_phone: text(values.mobile_phone),
    address_line1: text(values.address_line1),
    address_line2: text(values.address_line2),
    city: text(values.city),
    region: text(values.region),
    postal_code: text(values.postal_code),
    country: text(values.country),
    subject: text(values.subject),
    source: values.source,
    rating: values.rating,
    need: values.need,
    decision_timeline: values.decision_timeline,
    is_decision_maker: values.is_decision_maker === 'yes' ? true : values.is_decision_maker === 'no' ? false : null,
    budget_amount: text(values.budget_amount),
    currency: values.currency,
    description: text(values.description),
  };
  if (withStatus && (values.status === 'new' || values.status === 'contacted')) fields.status = values.status;
  return fields;
}

export function useLeadForm(initial: LeadFormValues) {
  return useForm<LeadFormValues>({
    initialValues: initial,
    validate: {
      last_name: (value, values) => (value.trim() || values.company_name.trim() ? null : 'Enter a last name, or a company below'),
      company_name: (value, values) => (value.trim() || values.last_name.trim() ? null : 'Enter a company, or a last name above'),
      budget_amount: (value) => (value.trim() && !/^\d+(\.\d+)?$/.test(value.trim()) ? 'Enter an amount such as 25000.00' : null),
      currency: (value, values) => (values.budget_amount.trim() && !value ? 'Choose the currency of the budget' : null),
    },
  });
}

type Form = ReturnType<typeof useLeadForm>;

type PicklistProps = {
  form: Form;
  field: 'source' | 'rating' | 'need' | 'decision_timeline';
  label: string;
  placeholder: string;
};

/** A picklist field: its active choices, and the record's own value even when it was retired since. */
function PicklistSelect({ form, field, label, placeholder }: PicklistProps) {
  const active = usePicklist('leads', field);
  const labels = usePicklistLabels('leads', field).data;
  const data = (active.data ?? []).map((v) => ({ value: v.value, label: v.label }));
  const current = form.values[field];
  if (current && !data.some((d) => d.value === current)) data.push({ value: current, label: `${labels?.get(current) ?? current} (retired)` });
  return (
    <Select
      label={label}
      placeholder={active.isPending ? 'Loading…' : placeholder}
      data={data}
      clearable
      searchable={data.length > 8}
      nothingFoundMessage="No such choice"
      {...form.getInputProps(field)}
    />
  );
}

export function LeadInputs({ form, withStatus }: { form: Form; withStatus: boolean }) {
  return (
    <>
      <FormSection title="Person" description="Who showed interest. A lead needs a last name or a company.">
        <Group grow align="flex-start">
          <TextInput label="Salutation" placeholder="Ms." maw={140} {...form.getInputProps('salutation')} />
          <TextInput label="First name" {...form.getInputProps('first_name')} />
          <TextInput label="Last name" {...form.getInputProps('last_name')} />
        </Group>
        <TextInput label="Job title" placeholder="Head of Purchasing" {...form.getInputProps('job_title')} />
      </FormSection>
      <FormSection title="Company" description="The company they work for, or the company that is the lead.">
        <TextInput label="Company" placeholder="Contoso Ltd" {...form.getInputProps('company_name')} />
        <Group grow align="flex-start">
          <TextInput label="Industry" placeholder="Manufacturing" {...form.getInputProps('industry')} />
          <NumberInput label="Employees" min={0} allowDecimal={false} thousandSeparator="," {...form.getInputProps('employees')} />
        </Group>
        <TextInput label="Website" placeholder="https://contoso.example" {...form.getInputProps('website')} />
      </FormSection>
      <FormSection title="Reaching them" description="How to get in touch.">
        <TextInput label="Email" type="email" placeholder="name@company.com" {...form.getInputProps('email')} />
        <Group grow align="flex-start">
          <TextInput label="Business phone" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Mobile phone" type="tel" {...form.getInputProps('mobile_phone')} />
        </Group>
      </FormSection>
      <FormSection title="Qualification" description="Where the lead came from, how promising it is, and what they need.">
        <TextInput label="Subject" placeholder="500 licenses for the sales team" {...form.getInputProps('subject')} />
        <Group grow align="flex-start">
          {withStatus && (
            <Select
              label="Status"
              data={[
                { value: 'new', label: 'New' },
                { value: 'contacted', label: 'Contacted' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('status')}
            />
          )}
          <PicklistSelect form={form} field="source" label="Source" placeholder="Where it came from" />
          <PicklistSelect form={form} field="rating" label="Rating" placeholder="How promising" />
        </Group>
        <Group grow align="flex-start">
          <PicklistSelect form={form} field="need" label="Need" placeholder="How much they need it" />
          <PicklistSelect form={form} field="decision_timeline" label="Decision timeline" placeholder="When they decide" />
          <Select
            label="Decision maker"
            placeholder="Not known"
            data={[
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            clearable
            {...form.getInputProps('is_decision_maker')}
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="Budget" placeholder="25000.00" inputMode="decimal" {...form.getInputProps('budget_amount')} />
          <Select label="Currency" placeholder="EUR" data={CURRENCIES} searchable clearable {...form.getInputProps('currency')} />
        </Group>
      </FormSection>
      <FormSection title="Address" description="Where they are.">
        <AddressInputs field={(name) => form.getInputProps(name)} />
      </FormSection>
      <FormSection title="Notes" last>
        <Textarea label="Description" autosize minRows={3} maxRows={10} {...form.getInputProps('description')} />
      </FormSection>
    </>
  );
}
