import { notifications } from '@mantine/notifications';
import { useNavigate, useSearchParams } from 'react-router';

import { useAccountOption } from '@/shared/api/lookups';
import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { useCreateContact } from './api';
import { CONTACT_FIELDS, ContactInputs, contactFormValues, toContactFields, useContactForm } from './ContactInputs';

export function ContactCreate() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const accountId = params.get('account_id');
  const account = useAccountOption(accountId);
  const form = useContactForm(contactFormValues(undefined, { account_id: accountId }));
  const create = useCreateContact();
  const back = accountId ? `/accounts/${accountId}` : '/contacts';

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toContactFields(values), {
        onSuccess: (contact) => {
          notifications.show({ color: 'teal', title: 'Contact created', message: contact.full_name });
          void navigate(accountId ? back : `/contacts/${contact.id}`);
        },
        onError: (error) => showSubmitError(form, error, CONTACT_FIELDS),
      }),
    scrollToFirstError,
  );

  return (
    <FormPage
      title="New contact"
      crumbs={account.data ? [{ label: 'Accounts', to: '/accounts' }, { label: account.data.label, to: back }] : [{ label: 'Contacts', to: '/contacts' }]}
      onSubmit={submit}
      submitting={create.isPending}
      submitLabel="Create contact"
      cancelTo={back}
    >
      <ContactInputs form={form} account={account.data ?? null} />
    </FormPage>
  );
}
