// A new case: opened by the caller, numbered by the server, routed to a queue by the rules unless
// one is chosen. `?account_id=` or `?contact_id=` starts it for a customer.
import { notifications } from '@mantine/notifications';
import { useNavigate, useSearchParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { useCreateCase } from './api';
import { CASE_FORM_FIELDS, CaseInputs, caseFormValues, toCaseFields, useCaseForm } from './CaseInputs';

export function CaseCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const form = useCaseForm(caseFormValues(undefined, { accountId: params.get('account_id'), contactId: params.get('contact_id') }));
  const create = useCreateCase();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toCaseFields(values, { withQueue: true }), {
        onSuccess: (created) => {
          notifications.show({ color: 'teal', title: `Case ${created.number} opened`, message: created.title });
          void navigate(`/cases/${created.id}`);
        },
        onError: (error) => showSubmitError(form, error, CASE_FORM_FIELDS),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage title="New case" crumbs={[{ label: 'Cases', to: '/cases' }]} onSubmit={submit} submitting={create.isPending} submitLabel="Open case" cancelTo="/cases">
      <CaseInputs form={form} />
    </FormPage>
  );
}
