import { notifications } from '@mantine/notifications';
import { useNavigate, useSearchParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { PageLoader, QueryError } from '@/shared/ui/States';

import { useCreateOpportunity, useSalesStages, type SalesStage } from './api';
import {
  OpportunityInputs,
  opportunityFormField,
  opportunityFormFields,
  opportunityFormValues,
  toOpportunityFields,
  useOpportunityForm,
} from './OpportunityInputs';

export function OpportunityCreate() {
  const stages = useSalesStages();
  if (stages.isPending) return <PageLoader />;
  if (stages.isError) return <QueryError error={stages.error} onRetry={() => void stages.refetch()} />;
  const first = [...stages.data].sort((a, b) => a.sort_order - b.sort_order).find((s) => s.is_active);
  return <CreateForm firstStage={first} />;
}

function CreateForm({ firstStage }: { firstStage: SalesStage | undefined }) {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const back = params.get('from') === 'board' ? '/opportunities/board' : '/opportunities';
  const form = useOpportunityForm(opportunityFormValues(undefined, firstStage));
  const create = useCreateOpportunity();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toOpportunityFields(values), {
        onSuccess: (opportunity) => {
          notifications.show({ color: 'teal', title: 'Opportunity created', message: opportunity.name });
          void navigate(`/opportunities/${opportunity.id}`);
        },
        onError: (error) => showSubmitError(form, error, opportunityFormFields(values), opportunityFormField),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage
      title="New opportunity"
      crumbs={[{ label: 'Opportunities', to: back }]}
      onSubmit={submit}
      submitting={create.isPending}
      submitLabel="Create opportunity"
      cancelTo={back}
    >
      <OpportunityInputs form={form} />
    </FormPage>
  );
}
