import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';

import { useTeam, useUpdateTeam, type TeamDetail } from './api';
import { TEAM_FIELDS, TeamInputs, teamFormValues, toTeamPatch, useTeamForm } from './TeamInputs';

export function TeamEdit() {
  const { id = '' } = useParams();
  const team = useTeam(id);
  return (
    <RecordLoader query={team} what="team" listPath="/admin/teams" listLabel="teams">
      {(record) => <EditForm team={record} />}
    </RecordLoader>
  );
}

function EditForm({ team }: { team: TeamDetail }) {
  const navigate = useNavigate();
  const form = useTeamForm(teamFormValues(team));
  const update = useUpdateTeam(team.id);
  const page = `/admin/teams/${team.id}`;
  const submit = form.onSubmit((values) => {
    const patch = toTeamPatch(values, team);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { patch, version: team.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.name });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, TEAM_FIELDS),
      },
    );
  }, scrollToFirstError);
  return (
    <FormPage
      title={`Edit ${team.name}`}
      crumbs={[
        { label: 'Administration', to: '/admin' },
        { label: 'Teams', to: '/admin/teams' },
        { label: team.name, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <TeamInputs form={form} />
    </FormPage>
  );
}
