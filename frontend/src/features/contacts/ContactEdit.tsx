import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { useAccountOption } from '@/shared/api/lookups';
import { FormPage } from '@/shared/ui/FormPage';
import { changedFields, scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { NoAccess } from '@/shared/ui/States';

import { useContact, useUpdateContact, type Contact } from './api';
import { CONTACT_FIELDS, ContactInputs, contactFormValues, toContactFields, useContactForm } from './ContactInputs';

export function ContactEdit() {
  const { id = '' } = useParams();
  const contact = useContact(id);
  return (
    <RecordLoader query={contact} what="contact" listPath="/contacts" listLabel="contacts">
      {(loaded) =>
        loaded.allowed.has('update') ? (
          <EditForm contact={loaded.record} />
        ) : (
          <NoAccess
            title="You may not change this contact"
            description="Your roles let you see it, not change it. Its owner or an administrator can."
            back={{ to: `/contacts/${loaded.record.id}`, label: 'Back to the contact' }}
          />
        )
      }
    </RecordLoader>
  );
}

function EditForm({ contact }: { contact: Contact }) {
  const navigate = useNavigate();
  const form = useContactForm(contactFormValues(contact));
  const update = useUpdateContact(contact.id);
  const account = useAccountOption(contact.account_id);
  const page = `/contacts/${contact.id}`;

  const submit = form.onSubmit((values) => {
    const patch = changedFields(toContactFields(values), contact);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { patch, version: contact.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.full_name });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, CONTACT_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${contact.full_name}`}
      crumbs={[
        { label: 'Contacts', to: '/contacts' },
        { label: contact.full_name, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <ContactInputs form={form} account={account.data ?? null} />
    </FormPage>
  );
}
