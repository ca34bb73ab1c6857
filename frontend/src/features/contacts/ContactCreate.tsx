import { Button, Group, Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { PageHeader } from '@/shared/ui/PageHeader';

import { useCreateContact } from './api';
import { CONTACT_FIELDS, ContactInputs, contactFormValues, toContactFields, useContactForm } from './ContactInputs';

export function ContactCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const accountId = params.get('account_id');
  const account = useQuery({
    queryKey: ['accounts', 'one', accountId],
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id: accountId ?? '' } } })),
    enabled: Boolean(accountId),
  });
  const form = useContactForm(contactFormValues(undefined, { account_id: accountId }));
  const create = useCreateContact();
  const back = accountId ? `/accounts/${accountId}` : '/contacts';

  const submit = form.onSubmit((values) =>
    create.mutate(toContactFields(values), {
      onSuccess: (contact) => {
        notifications.show({ color: 'teal', title: 'Contact created', message: contact.full_name });
        void navigate(accountId ? back : `/contacts/${contact.id}`);
      },
      onError: (error) => showSubmitError(form, error, CONTACT_FIELDS),
    }),
  scrollToFirstError);

  return (
    <>
      <PageHeader
        title="New contact"
        crumbs={account.data ? [{ label: 'Accounts', to: '/accounts' }, { label: account.data.name, to: back }] : [{ label: 'Contacts', to: '/contacts' }]}
      />
      <Paper withBorder radius="md" px="xl" py="xs" component="form" onSubmit={submit} noValidate>
        <ContactInputs form={form} account={account.data ? { value: account.data.id, label: account.data.name } : null} />
        <Group justify="flex-end" py="lg">
          <Button variant="default" component={Link} to={back}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create contact
          </Button>
        </Group>
      </Paper>
    </>
  );
}
