import { notifications } from '@mantine/notifications';
import { useNavigate, useSearchParams } from 'react-router';

import { useAccountOption } from '@/shared/api/lookups';
import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { AccountInputs, ACCOUNT_FIELDS, accountFormValues, toAccountFields, useAccountForm } from './AccountInputs';
import { useCreateAccount } from './api';

export function AccountCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const parentId = params.get('parent_account_id');
  const parent = useAccountOption(parentId);
  const form = useAccountForm(accountFormValues(undefined, { parent_account_id: parentId }));
  const create = useCreateAccount();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toAccountFields(values), {
        onSuccess: (account) => {
          notifications.show({ color: 'teal', title: 'Account created', message: account.name });
          void navigate(`/accounts/${account.id}`);
        },
        onError: (error) => showSubmitError(form, error, ACCOUNT_FIELDS),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage
      title="New account"
      crumbs={[{ label: 'Accounts', to: '/accounts' }]}
      onSubmit={submit}
      submitting={create.isPending}
      submitLabel="Create account"
      cancelTo={parentId ? `/accounts/${parentId}` : '/accounts'}
    >
      <AccountInputs form={form} parent={parent.data ?? null} />
    </FormPage>
  );
}
