import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { useCreateLead } from './api';
import { LEAD_FIELDS, LeadInputs, leadFormValues, toLeadFields, useLeadForm } from './LeadInputs';

export function LeadCreate() {
  const navigate = useNavigate();
  const form = useLeadForm(leadFormValues());
  const create = useCreateLead();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toLeadFields(values, true), {
        onSuccess: (lead) => {
          notifications.show({ color: 'teal', title: 'Lead created', message: lead.full_name });
          void navigate(`/leads/${lead.id}`);
        },
        onError: (error) => showSubmitError(form, error, LEAD_FIELDS),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage title="New lead" crumbs={[{ label: 'Leads', to: '/leads' }]} onSubmit={submit} submitting={create.isPending} submitLabel="Create lead" cancelTo="/leads">
      <LeadInputs form={form} withStatus />
    </FormPage>
  );
}
