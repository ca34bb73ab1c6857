import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { useOpportunity, useUpdateOpportunity, type Opportunity } from './api';
import {
  OpportunityInputs,
  opportunityFormField,
  opportunityFormFields,
  opportunityFormValues,
  toOpportunityFields,
  useOpportunityForm,
} from './OpportunityInputs';

export function OpportunityEdit() {
  const { id = '' } = useParams();
  const opportunity = useOpportunity(id);
  return (
    <RecordLoader query={opportunity} what="opportunity" listPath="/opportunities" listLabel="opportunities">
      {(loaded) =>
        loaded.allowed.has('update') ? (
          <EditForm opportunity={loaded.record} />
        ) : (
          <NoAccess
            title="You may not change this opportunity"
            description="Your roles let you see it, not change it. Its owner or an administrator can."
            back={{ to: `/opportunities/${loaded.record.id}`, label: 'Back to the opportunity' }}
          />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ opportunity }: { opportunity: Opportunity }) {
  const navigate = useNavigate();
  const form = useOpportunityForm(opportunityFormValues(opportunity));
  const update = useUpdateOpportunity(opportunity.id);
  const page = `/opportunities/${opportunity.id}`;

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toOpportunityFields(values), opportunity);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { patch, version: opportunity.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.name });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, opportunityFormFields(values), opportunityFormField),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${opportunity.name}`}
      crumbs={[
        { label: 'Opportunities', to: '/opportunities' },
        { label: opportunity.name, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <OpportunityInputs form={form} current={opportunity} />
    </FormPage>
  );
}
