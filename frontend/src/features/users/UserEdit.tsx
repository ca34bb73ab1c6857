import { notifications } from '@mantine/notifications';
import { useNavigate, useParams } from 'react-router';

import { useUsersById } from '@/shared/api/lookups';
import { FormPage } from '@/shared/ui/FormPage';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { RecordLoader } from '@/shared/ui/RecordPage';

import { useUpdateUser, useUser, type UserDetail } from './api';
import { toUserPatch, USER_FIELDS, UserInputs, userFormValues, useUserForm } from './UserInputs';

export function UserEdit() {
  const { id = '' } = useParams();
  const user = useUser(id);
  return (
    <RecordLoader query={user} what="user" listPath="/admin/users" listLabel="users">
      {(record) => <EditForm user={record} />}
    </RecordLoader>
  );
}

function EditForm({ user }: { user: UserDetail }) {
  const navigate = useNavigate();
  const form = useUserForm(userFormValues(user), false);
  const update = useUpdateUser(user.id);
  const manager = useUsersById([user.manager_id]).data?.get(user.manager_id ?? '');
  const page = `/admin/users/${user.id}`;

  const submit = form.onSubmit((values) => {
    const patch = toUserPatch(values, user);
    if (Object.keys(patch).length === 0) {
      void navigate(page);
      return;
    }
    update.mutate(
      { patch, version: user.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: 'Saved', message: saved.full_name });
          void navigate(page);
        },
        onError: (error) => showSubmitError(form, error, USER_FIELDS),
      },
    );
  }, scrollToFirstError);

  return (
    <FormPage
      title={`Edit ${user.full_name}`}
      crumbs={[
        { label: 'Administration', to: '/admin' },
        { label: 'Users', to: '/admin/users' },
        { label: user.full_name, to: page },
      ]}
      onSubmit={submit}
      submitting={update.isPending}
      submitLabel="Save changes"
      cancelTo={page}
    >
      <UserInputs form={form} creating={false} userId={user.id} manager={manager ? { value: manager.id, label: manager.full_name } : null} />
    </FormPage>
  );
}
