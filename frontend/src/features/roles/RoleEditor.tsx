// The roles editor: a role's name and description, and its privileges as an entity × action grid
// of depths. New roles are made here too; the System Administrator role is shown read-only.
import { Alert, Badge, Button, Card, Grid, Group, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconLock } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';

import { problemDetail } from '@/shared/api/problem';
import { fromGrid, samePrivileges, toGrid, type Action, type Depth, type Entity, type PrivilegeGrid as GridState } from '@/shared/session/privileges';
import { usePrivileges } from '@/shared/session/useSession';
import { scrollToFirstError, showSubmitError } from '@/shared/ui/forms';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordActions, RecordLoader } from '@/shared/ui/RecordPage';

import { useCreateRole, useDeleteRole, useRole, useUpdateRole, type RoleDetail } from './api';
import { DepthLegend, PrivilegeGrid } from './PrivilegeGrid';

export function RoleShow() {
  const { id = '' } = useParams();
  const role = useRole(id);
  return (
    <RecordLoader query={role} what="role" listPath="/admin/roles" listLabel="roles">
      {(record) => <RoleEditor key={`${record.id}:${record.version}`} role={record} />}
    </RecordLoader>
  );
}

export function RoleCreate() {
  return <RoleEditor role={null} />;
}

type Values = { name: string; description: string };
const ROLE_FIELDS = ['name', 'description'] as const;

function RoleEditor({ role }: { role: RoleDetail | null }) {
  const navigate = useNavigate();
  const privileges = usePrivileges();
  const create = useCreateRole();
  const update = useUpdateRole(role?.id ?? '');
  const remove = useDeleteRole(role?.id ?? '');
  const system = role?.is_system_admin ?? false;
  const editable = !system && privileges.can('roles', role ? 'update' : 'create');
  const [grid, setGrid] = useState<GridState>(() => toGrid(role?.privileges ?? []));
  const form = useForm<Values>({
    initialValues: { name: role?.name ?? '', description: role?.description ?? '' },
    validate: { name: (v) => (v.trim() ? null : 'Enter a name') },
  });

  const nextPrivileges = fromGrid(grid);
  const privilegesChanged = !samePrivileges(nextPrivileges, role?.privileges ?? []);
  const dirty = form.isDirty() || privilegesChanged;
  const title = role ? role.name : 'New role';

  const setDepth = (entity: Entity, action: Action, depth: Depth) =>
    setGrid((current) => ({ ...current, [entity]: { ...current[entity], [action]: depth } }));

  const discard = () => {
    form.reset();
    setGrid(toGrid(role?.privileges ?? []));
  };

  const submit = form.onSubmit((values) => {
    const name = values.name.trim();
    const description = values.description.trim() || null;
    if (!role) {
      create.mutate(
        { name, description, privileges: nextPrivileges },
        {
          onSuccess: (created) => {
            notifications.show({ color: 'teal', title: 'Role created', message: created.name });
            void navigate(`/admin/roles/${created.id}`, { replace: true });
          },
          onError: (error) => showSubmitError(form, error, ROLE_FIELDS),
        },
      );
      return;
    }
    const patch = {
      ...(name !== role.name ? { name } : {}),
      ...(description !== (role.description ?? null) ? { description } : {}),
      ...(privilegesChanged ? { privileges: nextPrivileges } : {}),
    };
    if (Object.keys(patch).length === 0) return;
    // The saved version re-keys this editor (a fresh start from the saved role), so the outcome is
    // handled on the promise: callbacks given to mutate() would not run once it unmounts.
    update.mutateAsync({ patch, version: role.version }).then(
      (saved) => notifications.show({ color: 'teal', title: 'Role saved', message: `${saved.name}: its holders’ privileges changed at once.` }),
      (error: unknown) => showSubmitError(form, error, ROLE_FIELDS),
    );
  }, scrollToFirstError);

  const onDelete = () =>
    role &&
    remove.mutate(role.version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Role deleted', message: role.name });
        void navigate('/admin/roles');
      },
      onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${role.name}`, message: problemDetail(error), autoClose: 10_000 }),
    });

  return (
    <form onSubmit={submit} noValidate>
      <PageHeader
        title={title}
        crumbs={[
          { label: 'Administration', to: '/admin' },
          { label: 'Roles', to: '/admin/roles' },
        ]}
        badges={
          system ? (
            <Badge variant="light" color="grape" radius="sm" leftSection={<IconLock size={12} />}>
              System role
            </Badge>
          ) : undefined
        }
        actions={
          role &&
          !system && (
            <RecordActions
              editTo=""
              canUpdate={false}
              canDelete={privileges.can('roles', 'delete')}
              what="role"
              name={role.name}
              consequence="A role still given to users or teams cannot be deleted."
              onDelete={onDelete}
            />
          )
        }
      />
      {system && (
        <Alert variant="light" color="grape" icon={<IconInfoCircle />} mb="lg" title="Every privilege, organization-wide">
          The System Administrator role holds every privilege on every record and cannot be changed. Give it only to the people who run the CRM.
        </Alert>
      )}
      {!system && !editable && (
        <Alert variant="light" color="gray" icon={<IconLock />} mb="lg">
          You may read this role, not change it.
        </Alert>
      )}
      <Card withBorder radius="md" padding="lg" mb="lg">
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <TextInput label="Name" placeholder="Key Account Manager" withAsterisk={editable} readOnly={!editable} {...form.getInputProps('name')} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Textarea label="Description" placeholder="What the role is for" autosize minRows={1} maxRows={4} readOnly={!editable} {...form.getInputProps('description')} />
          </Grid.Col>
        </Grid>
      </Card>
      <Card withBorder radius="md" padding={0}>
        <Group justify="space-between" px="lg" pt="lg" pb="sm" align="flex-end">
          <div>
            <Title order={5}>Privileges</Title>
            <Text size="sm" c="dimmed">
              {editable ? 'Click a cell to choose how far the action reaches; click a record type to set its whole row.' : 'How far each action reaches.'}
            </Text>
          </div>
        </Group>
        <PrivilegeGrid grid={grid} everything={system} onChange={editable ? setDepth : undefined} />
        <Group px="lg" py="md" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <DepthLegend />
        </Group>
      </Card>
      {editable && (
        <Group justify="flex-end" mt="lg" gap="sm">
          {dirty && (
            <Text size="sm" c="dimmed" mr="auto">
              Unsaved changes
            </Text>
          )}
          {role ? (
            <Button variant="default" onClick={discard} disabled={!dirty}>
              Discard changes
            </Button>
          ) : (
            <Button variant="default" onClick={() => void navigate('/admin/roles')}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={create.isPending || update.isPending} disabled={Boolean(role) && !dirty}>
            {role ? 'Save changes' : 'Create role'}
          </Button>
        </Group>
      )}
    </form>
  );
}
