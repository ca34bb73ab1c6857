import { Button, Group, Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordLoader } from '@/shared/ui/RecordPage';

import { AccountInputs, ACCOUNT_FIELDS, accountFormValues, toAccountFields, useAccountForm } from './AccountInputs';
import { useAccount, useUpdateAccount, type Account } from './api';

export function AccountEdit() {
  const { id = '' } = useParams();
  const account = useAccount(id);
  return (
    <RecordLoader query={account} what="account" listPath="/accounts" listLabel="accounts">
      {(record) => <EditForm account={record} />}
    </RecordLoader>
  );
}

function EditForm({ account }: { account: Account }) {
  const navigate = useNavigate();
  const form = useAccountForm(accountFormValues(account));
  const update = useUpdateAccount(account.id);
  const parent = useQuery({
    queryKey: ['accounts', 'one', account.parent_account_id],
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id: account.parent_account_id ?? '' } } })),
    enabled: Boolean(account.parent_account_id),
  });

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toAccountFields(values), account);
    if (Object.keys(patch).length === 0) {
      void navigate(`/accounts/${account.id}`);
      return;
    }
    update.mutate(
      { patch, version: account.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.name });
          void navigate(`/accounts/${saved.id}`);
        },
        onError: (error) => showSubmitError(form, error, ACCOUNT_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <>
      <PageHeader
        title={`Edit ${account.name}`}
        crumbs={[
          { label: 'Accounts', to: '/accounts' },
          { label: account.name, to: `/accounts/${account.id}` },
        ]}
      />
      <Paper withBorder radius="md" px="xl" py="xs" component="form" onSubmit={submit} noValidate>
        <AccountInputs form={form} accountId={account.id} parent={parent.data ? { value: parent.data.id, label: parent.data.name } : null} />
        <Group justify="flex-end" py="lg">
          <Button variant="default" component={Link} to={`/accounts/${account.id}`}>
            Cancel
          </Button>
          <Button type="submit" loading={update.isPending}>
            Save changes
          </Button>
        </Group>
      </Paper>
    </>
  );
}
