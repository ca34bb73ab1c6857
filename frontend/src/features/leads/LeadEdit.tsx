import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { useLead, useUpdateLead, type Lead } from './api';
import { LEAD_FIELDS, LeadInputs, leadFormValues, statusEditable, toLeadFields, useLeadForm } from './LeadInputs';

export function LeadEdit() {
  const { id = '' } = useParams();
  const lead = useLead(id);
  return (
    <RecordLoader query={lead} what="lead" listPath="/leads" listLabel="leads">
      {(loaded) =>
        loaded.allowed.has('update') ? (
          <EditForm lead={loaded.record} />
        ) : (
          <NoAccess
            title="You may not change this lead"
            description="Your roles let you see it, not change it. Its owner or an administrator can."
            back={{ to: `/leads/${loaded.record.id}`, label: 'Back to the lead' }}
          />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ lead }: { lead: Lead }) {
  const navigate = useNavigate();
  const form = useLeadForm(leadFormValues(lead));
  const update = useUpdateLead(lead.id);
  const withStatus = statusEditable(lead);
  const page = `/leads/${lead.id}`;

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toLeadFields(values, withStatus), lead);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { patch, version: lead.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.full_name });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, LEAD_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${lead.full_name}`}
      crumbs={[
        { label: 'Leads', to: '/leads' },
        { label: lead.full_name, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <LeadInputs form={form} withStatus={withStatus} />
    </FormPage>
  );
}
