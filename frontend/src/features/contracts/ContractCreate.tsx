// A new contract: a draft, numbered by the server, made from a template or by hand. It covers
// nothing until it is activated on its page. `?account_id=` starts it for an account.
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';

import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { useCreateContract } from './api';
import { CONTRACT_FORM_FIELDS, ContractInputs, contractFormValues, toContractFields, useContractForm } from './ContractInputs';

export function ContractCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [today] = useState(() => new Date());
  const form = useContractForm(contractFormValues(undefined, { accountId: params.get('account_id') }));
  const create = useCreateContract();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toContractFields(values), {
        onSuccess: (created) => {
          notifications.show({ color: 'teal', title: `Contract ${created.number} drafted`, message: 'Activate it to cover the customer’s cases.' });
          void navigate(`/contracts/${created.id}`);
        },
        onError: (error) => showSubmitError(form, error, CONTRACT_FORM_FIELDS),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage title="New contract" crumbs={[{ label: 'Contracts', to: '/contracts' }]} onSubmit={submit} submitting={create.isPending} submitLabel="Create draft" cancelTo="/contracts">
      <ContractInputs form={form} today={today} />
    </FormPage>
  );
}
