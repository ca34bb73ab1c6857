import { Button, Group, Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { PageHeader } from '@/shared/ui/PageHeader';

import { AccountInputs, ACCOUNT_FIELDS, accountFormValues, toAccountFields, useAccountForm } from './AccountInputs';
import { useCreateAccount } from './api';

export function AccountCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const parentId = params.get('parent_account_id');
  const parent = useQuery({
    queryKey: ['accounts', 'one', parentId],
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id: parentId ?? '' } } })),
    enabled: Boolean(parentId),
  });
  const form = useAccountForm(accountFormValues(undefined, { parent_account_id: parentId }));
  const create = useCreateAccount();

  const submit = form.onSubmit((values) =>
    create.mutate(toAccountFields(values), {
      onSuccess: (account) => {
        notifications.show({ color: 'teal', title: 'Account created', message: account.name });
        void navigate(`/accounts/${account.id}`);
      },
      onError: (error) => showSubmitError(form, error, ACCOUNT_FIELDS),
    }),
  scrollToFirstError);

  return (
    <>
      <PageHeader title="New account" crumbs={[{ label: 'Accounts', to: '/accounts' }]} />
      <Paper withBorder radius="md" px="xl" py="xs" component="form" onSubmit={submit} noValidate>
        <AccountInputs form={form} parent={parent.data ? { value: parent.data.id, label: parent.data.name } : null} />
        <Group justify="flex-end" py="lg">
          <Button variant="default" component={Link} to={parentId ? `/accounts/${parentId}` : '/accounts'}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create account
          </Button>
        </Group>
      </Paper>
    </>
  );
}
