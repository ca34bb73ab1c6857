// The team form's fields, shared by the create and edit screens.
import { Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';

import { FormSection } from '@/shared/ui/FormSection';
import { RoleMultiSelect, UnitSelect } from '@/shared/ui/OrgInputs';

import type { TeamDetail, TeamFields, TeamPatch } from './api';

export type TeamFormValues = { name: string; description: string; business_unit_id: string | null; role_ids: string[] };

export const TEAM_FIELDS = ['name', 'description', 'business_unit_id', 'role_ids'] as const;

export function teamFormValues(team?: TeamDetail): TeamFormValues {
  return {
    name: team?.name ?? '',
    description: team?.description ?? '',
    business_unit_id: team?.business_unit_id ?? null,
    role_ids: team?.role_ids ?? [],
  };
}

export function toTeamFields(values: TeamFormValues): TeamFields {
  return {
    name: values.name.trim(),
    description: values.description.trim() || null,
    // The form requires a unit before it submits.
    business_unit_id: values.business_unit_id ?? '',
    role_ids: values.role_ids,
  };
}

export function toTeamPatch(values: TeamFormValues, team: TeamDetail): TeamPatch {
  const next = toTeamFields(values);
  const patch: TeamPatch = {};
  if (next.name !== team.name) patch.name = next.name;
  if ((next.description ?? null) !== (team.description ?? null)) patch.description = next.description;
  if (next.business_unit_id !== team.business_unit_id) patch.business_unit_id = next.business_unit_id;
  const sorted = (ids: readonly string[]) => [...ids].sort().join(',');
  if (sorted(values.role_ids) !== sorted(team.role_ids)) patch.role_ids = values.role_ids;
  return patch;
}

export function useTeamForm(initial: TeamFormValues) {
  return useForm<TeamFormValues>({
    initialValues: initial,
    validate: {
      name: (value) => (value.trim() ? null : 'Enter a name'),
      business_unit_id: (value) => (value ? null : 'Choose the business unit'),
    },
  });
}

export function TeamInputs({ form }: { form: ReturnType<typeof useTeamForm> }) {
  return (
    <>
      <FormSection title="Team" description="What the team is called and what it is for.">
        <TextInput label="Name" placeholder="Key accounts Europe" withAsterisk {...form.getInputProps('name')} />
        <Textarea label="Description" autosize minRows={2} maxRows={6} {...form.getInputProps('description')} />
      </FormSection>
      <FormSection title="Organization and roles" description="The team’s records belong to its business unit; its roles reach every member." last>
        <UnitSelect
          label="Business unit"
          value={form.values.business_unit_id}
          onChange={(value) => form.setFieldValue('business_unit_id', value)}
          error={form.errors.business_unit_id as string | undefined}
          withAsterisk
        />
        <RoleMultiSelect
          label="Roles"
          description="Every member gets these roles while in the team."
          value={form.values.role_ids}
          onChange={(value) => form.setFieldValue('role_ids', value)}
          error={form.errors.role_ids as string | undefined}
        />
      </FormSection>
    </>
  );
}
