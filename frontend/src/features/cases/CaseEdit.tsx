import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { isOpen } from '@/shared/service/words';
import { FormPage } from '@/shared/ui/FormPage';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { useCase, useUpdateCase, type Case } from './api';
import { CASE_FORM_FIELDS, CaseInputs, caseFormValues, toCaseFields, useCaseForm } from './CaseInputs';

export function CaseEdit() {
  const { id = '' } = useParams();
  const kase = useCase(id);
  return (
    <RecordLoader query={kase} what="case" listPath="/cases" listLabel="cases">
      {(loaded) =>
        !loaded.allowed.has('update') ? (
          <NoAccess
            title="You may not change this case"
            description="Your roles let you see it, not change it. Its owner or a service manager can."
            back={{ to: `/cases/${loaded.record.id}`, label: 'Back to the case' }}
          />
        ) : !isOpen(loaded.record.status) ? (
          <NoAccess
            title="This case is closed"
            description="A resolved or cancelled case is not changed: reactivate it first, on the case page."
            back={{ to: `/cases/${loaded.record.id}`, label: 'Back to the case' }}
          />
        ) : (
          <EditForm kase={loaded.record} />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ kase }: { kase: Case }) {
  const navigate = useNavigate();
  const form = useCaseForm(caseFormValues(kase));
  const update = useUpdateCase(kase.id);
  const page = `/cases/${kase.id}`;

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toCaseFields(values, { withQueue: false }), kase);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { body: patch, version: kase.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: `${saved.number} ${saved.title}` });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, CASE_FORM_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${kase.number}`}
      crumbs={[
        { label: 'Cases', to: '/cases' },
        { label: kase.number, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <CaseInputs form={form} current={kase} />
    </FormPage>
  );
}
