import { Button, Group, Paper } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';

import { api, unwrap } from '@/shared/api/client';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordLoader } from '@/shared/ui/RecordPage';

import { useContact, useUpdateContact, type Contact } from './api';
import { CONTACT_FIELDS, ContactInputs, contactFormValues, toContactFields, useContactForm } from './ContactInputs';

export function ContactEdit() {
  const { id = '' } = useParams();
  const contact = useContact(id);
  return (
    <RecordLoader query={contact} what="contact" listPath="/contacts" listLabel="contacts">
      {(record) => <EditForm contact={record} />}
    </RecordLoader>
  );
}

function EditForm({ contact }: { contact: Contact }) {
  const navigate = useNavigate();
  const form = useContactForm(contactFormValues(contact));
  const update = useUpdateContact(contact.id);
  const account = useQuery({
    queryKey: ['accounts', 'one', contact.account_id],
    queryFn: () => unwrap(api.GET('/api/v1/accounts/{id}', { params: { path: { id: contact.account_id ?? '' } } })),
    enabled: Boolean(contact.account_id),
  });

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toContactFields(values), contact);
    if (Object.keys(patch).length === 0) {
      void navigate(`/contacts/${contact.id}`);
      return;
    }
    update.mutate(
      { patch, version: contact.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.full_name });
          void navigate(`/contacts/${saved.id}`);
        },
        onError: (error) => showSubmitError(form, error, CONTACT_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <>
      <PageHeader
        title={`Edit ${contact.full_name}`}
        crumbs={[
          { label: 'Contacts', to: '/contacts' },
          { label: contact.full_name, to: `/contacts/${contact.id}` },
        ]}
      />
      <Paper withBorder radius="md" px="xl" py="xs" component="form" onSubmit={submit} noValidate>
        <ContactInputs form={form} account={account.data ? { value: account.data.id, label: account.data.name } : null} />
        <Group justify="flex-end" py="lg">
          <Button variant="default" component={Link} to={`/contacts/${contact.id}`}>
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
