import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { useAccountOption } from '@/shared/api/lookups';
import { FormPage } from '@/shared/ui/FormPage';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { AccountInputs, ACCOUNT_FIELDS, accountFormValues, toAccountFields, useAccountForm } from './AccountInputs';
import { useAccount, useUpdateAccount, type Account } from './api';

export function AccountEdit() {
  const { id = '' } = useParams();
  const account = useAccount(id);
  return (
    <RecordLoader query={account} what="account" listPath="/accounts" listLabel="accounts">
      {(loaded) =>
        loaded.allowed.has('update') ? (
          <EditForm account={loaded.record} />
        ) : (
          <NoAccess
            title="You may not change this account"
            description="Your roles let you see it, not change it. Its owner or an administrator can."
            back={{ to: `/accounts/${loaded.record.id}`, label: 'Back to the account' }}
          />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ account }: { account: Account }) {
  const navigate = useNavigate();
  const form = useAccountForm(accountFormValues(account));
  const update = useUpdateAccount(account.id);
  const parent = useAccountOption(account.parent_account_id);
  const page = `/accounts/${account.id}`;

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toAccountFields(values), account);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { patch, version: account.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.name });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, ACCOUNT_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${account.name}`}
      crumbs={[
        { label: 'Accounts', to: '/accounts' },
        { label: account.name, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <AccountInputs form={form} accountId={account.id} parent={parent.data ?? null} />
    </FormPage>
  );
}
