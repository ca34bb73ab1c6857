import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { useContract, useUpdateContract, type Contract } from './api';
import { CONTRACT_FORM_FIELDS, ContractInputs, contractFormValues, toContractFields, toContractNotes, useContractForm } from './ContractInputs';

export function ContractEdit() {
  const { id = '' } = useParams();
  const contract = useContract(id);
  return (
    <RecordLoader query={contract} what="contract" listPath="/contracts" listLabel="contracts">
      {(loaded) =>
        loaded.allowed.has('update') ? (
          <EditForm contract={loaded.record} />
        ) : (
          <NoAccess
            title="You may not change this contract"
            description="Your roles let you see it, not change it. Its owner or a service manager can."
            back={{ to: `/contracts/${loaded.record.id}`, label: 'Back to the contract' }}
          />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ contract }: { contract: Contract }) {
  const navigate = useNavigate();
  const [today] = useState(() => new Date());
  const form = useContractForm(contractFormValues(contract));
  const update = useUpdateContract(contract.id);
  const page = `/contracts/${contract.id}`;

  const submit = form.onSubmit((values) => {
    const fields = contract.status === 'draft' ? toContractFields(values) : toContractNotes(values);
    const patch = changedFields(fields, contract);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { body: patch, version: contract.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: `${saved.number} ${saved.name}` });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, CONTRACT_FORM_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${contract.number}`}
      crumbs={[
        { label: 'Contracts', to: '/contracts' },
        { label: contract.number, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <ContractInputs form={form} current={contract} today={today} />
    </FormPage>
  );
}
