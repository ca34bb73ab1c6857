import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { useCreateTeam } from './api';
import { TEAM_FIELDS, TeamInputs, teamFormValues, toTeamFields, useTeamForm } from './TeamInputs';

export function TeamCreate() {
  const navigate = useNavigate();
  const form = useTeamForm(teamFormValues());
  const create = useCreateTeam();
  const submit = form.onSubmit(
    (values) =>
      create.mutate(toTeamFields(values), {
        onSuccess: (team) => {
          notifications.show({ color: 'teal', title: 'Team created', message: team.name });
          void navigate(`/admin/teams/${team.id}`);
        },
        onError: (error) => showSubmitError(form, error, TEAM_FIELDS),
      }),
    scrollToFirstError,
  );
  return (
    <FormPage
      title="New team"
      crumbs={[
        { label: 'Administration', to: '/admin' },
        { label: 'Teams', to: '/admin/teams' },
      ]}
      onSubmit={submit}
      submitting={create.isPending}
      submitLabel="Create team"
      cancelTo="/admin/teams"
    >
      <TeamInputs form={form} />
    </FormPage>
  );
}
