import { notifications } from '@mantine/notifications';
import { useNavigate } from 'react-router';

import { ApiProblem } from '@/shared/api/problem';
import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';

import { useCreateUser } from './api';
import { toNewUser, USER_FIELDS, UserInputs, userFormValues, useUserForm } from './UserInputs';

export function UserCreate() {
  const navigate = useNavigate();
  const form = useUserForm(userFormValues(), true);
  const create = useCreateUser();

  const submit = form.onSubmit(
    (values) =>
      create.mutate(toNewUser(values), {
        onSuccess: (user) => {
          notifications.show({ color: 'teal', title: 'User created', message: `${user.full_name} can sign in as ${user.email}.` });
          void navigate(`/admin/users/${user.id}`);
        },
        onError: (error) => {
          // A taken email is a conflict, not a validation error: show it on the field all the same.
          if (error instanceof ApiProblem && error.status === 409 && error.detail.includes('email')) {
            form.setFieldError('email', error.detail);
            scrollToFirstError();
            return;
          }
          showSubmitError(form, error, USER_FIELDS);
        },
      }),
    scrollToFirstError,
  );

  return (
    <FormPage
      title="New user"
      crumbs={[
        { label: 'Administration', to: '/admin' },
        { label: 'Users', to: '/admin/users' },
      ]}
      onSubmit={submit}
      submitting={create.isPending}
      submitLabel="Create user"
      cancelTo="/admin/users"
    >
      <UserInputs form={form} creating />
    </FormPage>
  );
}
