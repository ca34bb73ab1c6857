// The user form's fields, shared by the create and edit screens.
import { Group, PasswordInput, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { searchUsers, type Option } from '@/shared/api/lookups';
import { ADDRESS_FIELDS, AddressInputs } from '@/shared/ui/AddressInputs';
import { FormSection } from '@/shared/ui/FormSection';
import { RoleMultiSelect, UnitSelect } from '@/shared/ui/OrgInputs';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import type { NewUser, UserDetail, UserPatch } from './api';

export type UserFormValues = {
  email: string;
  full_name: string;
  job_title: string;
  phone: string;
  mobile_phone: string;
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  country: string;
  business_unit_id: string | null;
  manager_id: string | null;
  role_ids: string[];
  password: string;
};

export const USER_FIELDS = [
  'email', 'full_name', 'job_title', 'phone', 'mobile_phone', ...ADDRESS_FIELDS, 'business_unit_id', 'manager_id', 'role_ids', 'password',
] as const;

export function userFormValues(user?: UserDetail, defaults?: Partial<UserFormValues>): UserFormValues {
  return {
    email: user?.email ?? '',
    full_name: user?.full_name ?? '',
    job_title: user?.job_title ?? '',
    phone: user?.phone ?? '',
    mobile_phone: user?.mobile_phone ?? '',
    address_line1: user?.address_line1 ?? '',
    address_line2: user?.address_line2 ?? '',
    city: user?.city ?? '',
    region: user?.region ?? '',
    postal_code: user?.postal_code ?? '',
    country: user?.country ?? '',
    business_unit_id: user?.business_unit_id ?? null,
    manager_id: user?.manager_id ?? null,
    role_ids: user?.role_ids ?? [],
    password: '',
    ...defaults,
  };
}

const text = (value: string): string | null => (value.trim() === '' ? null : value.trim());

function personFields(values: UserFormValues) {
  return {
    email: values.email.trim(),
    full_name: values.full_name.trim(),
    job_title: text(values.job_title),
    phone: text(values.phone),
    mobile_phone: text(values.mobile_phone),
    address_line1: text(values.address_line1),
    address_line2: text(values.address_line2),
    city: text(values.city),
    region: text(values.region),
    postal_code: text(values.postal_code),
    country: text(values.country),
    // The form requires a unit before it submits.
    business_unit_id: values.business_unit_id ?? '',
    manager_id: values.manager_id,
  };
}

export function toNewUser(values: UserFormValues): NewUser {
  return { ...personFields(values), role_ids: values.role_ids, password: values.password };
}

/** The fields that differ from the user (roles compared as a set). */
export function toUserPatch(values: UserFormValues, user: UserDetail): UserPatch {
  const next = personFields(values);
  const patch: UserPatch = {};
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if ((user[key] ?? null) !== (next[key] ?? null)) (patch as Record<string, unknown>)[key] = next[key];
  }
  const sorted = (ids: readonly string[]) => [...ids].sort().join(',');
  if (sorted(values.role_ids) !== sorted(user.role_ids)) patch.role_ids = values.role_ids;
  return patch;
}

export function useUserForm(initial: UserFormValues, creating: boolean) {
  return useForm<UserFormValues>({
    initialValues: initial,
    validate: {
      full_name: (value) => (value.trim() ? null : 'Enter the name'),
      email: (value) => (/^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter an email address such as name@example.com'),
      business_unit_id: (value) => (value ? null : 'Choose the business unit'),
      password: (value) => (!creating || value.length >= 10 ? null : 'Use at least 10 characters'),
    },
  });
}

type Props = {
  form: ReturnType<typeof useUserForm>;
  creating: boolean;
  userId?: string;
  manager?: Option | null;
};

export function UserInputs({ form, creating, userId, manager }: Props) {
  return (
    <>
      <FormSection title="Person" description="Who they are; the email is how they sign in.">
        <TextInput label="Full name" placeholder="Ada Lovelace" withAsterisk {...form.getInputProps('full_name')} />
        <TextInput label="Email" placeholder="ada@example.com" type="email" withAsterisk autoComplete="off" {...form.getInputProps('email')} />
        <TextInput label="Job title" placeholder="Account Executive" {...form.getInputProps('job_title')} />
      </FormSection>
      <FormSection title="Phones" description="How colleagues reach them.">
        <Group grow align="flex-start">
          <TextInput label="Work phone" placeholder="+1 555 0100" type="tel" {...form.getInputProps('phone')} />
          <TextInput label="Mobile phone" type="tel" {...form.getInputProps('mobile_phone')} />
        </Group>
      </FormSection>
      <FormSection title="Address" description="Where they work.">
        <AddressInputs field={(name) => form.getInputProps(name)} />
      </FormSection>
      <FormSection
        title="Organization and roles"
        description="The business unit and the manager decide whose records the roles reach; the roles decide what they may do."
        last={!creating}
      >
        <UnitSelect
          label="Business unit"
          value={form.values.business_unit_id}
          onChange={(value) => form.setFieldValue('business_unit_id', value)}
          error={form.errors.business_unit_id as string | undefined}
          withAsterisk
        />
        <RecordPicker
          label="Manager"
          placeholder="Search users…"
          queryKey="users"
          search={searchUsers}
          selected={manager ?? null}
          exclude={userId}
          value={form.values.manager_id}
          onChange={(value) => form.setFieldValue('manager_id', value)}
          error={form.errors.manager_id as string | undefined}
        />
        <RoleMultiSelect
          label="Roles"
          description="Teams the user joins may give more."
          value={form.values.role_ids}
          onChange={(value) => form.setFieldValue('role_ids', value)}
          error={form.errors.role_ids as string | undefined}
        />
      </FormSection>
      {creating && (
        <FormSection title="Sign-in" description="Give the user this password; they change it after signing in." last>
          <PasswordInput label="Initial password" description="At least 10 characters." withAsterisk autoComplete="new-password" {...form.getInputProps('password')} />
        </FormSection>
      )}
    </>
  );
}
