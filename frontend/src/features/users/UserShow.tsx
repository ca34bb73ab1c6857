// A user's page: who they are, where they sit in the organization, what they may do, who
// reports to them; an administrator edits them, sets their password, disables or enables them.
import { Anchor, Avatar, Badge, Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck, IconEdit, IconKey, IconUserOff } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';

import { useAllRoles, useOwnerNames, useUnits, useUsersById } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { useMe, usePrivileges } from '@/shared/session/useSession';
import { formatAddress } from '@/shared/ui/AddressInputs';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDateTime, formatRelative, initials } from '@/shared/ui/format';
import { HistoryTimeline } from '@/shared/ui/HistoryTimeline';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordLoader } from '@/shared/ui/RecordPage';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useUpdateUser, useUser, useUserHistory, useUsers, type User, type UserDetail } from './api';
import { SetPasswordDialog } from './SetPasswordDialog';
import { StatusBadge } from './StatusBadge';

export function UserShow() {
  const { id = '' } = useParams();
  const user = useUser(id);
  return (
    <RecordLoader query={user} what="user" listPath="/admin/users" listLabel="users">
      {(record) => <UserView user={record} />}
    </RecordLoader>
  );
}

const reportColumns: Column<User>[] = [
  {
    key: 'name',
    header: 'Name',
    render: (u) => (
      <Stack gap={0}>
        <Anchor component={Link} to={`/admin/users/${u.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {u.full_name}
        </Anchor>
        <Text size="xs" c="dimmed">
          {u.job_title}
        </Text>
      </Stack>
    ),
  },
  { key: 'email', header: 'Email', render: (u) => <Text size="sm">{u.email}</Text> },
  { key: 'status', header: 'Status', width: 110, render: (u) => <StatusBadge active={u.is_active} /> },
];

function UserView({ user }: { user: UserDetail }) {
  const navigate = useNavigate();
  const me = useMe();
  const privileges = usePrivileges();
  const canUpdate = privileges.can('users', 'update');
  const update = useUpdateUser(user.id);
  const [passwordOpened, password] = useDisclosure();
  const { byId: units } = useUnits();
  const roles = useAllRoles(privileges.can('roles', 'read'));
  const manager = useUsersById([user.manager_id]).data?.get(user.manager_id ?? '');
  const teams = useOwnerNames(user.team_ids);
  const reports = useUsers({ manager_id: user.id, limit: 100, sort: 'full_name' });
  const history = useUserHistory(user.id);
  const isMe = me.data?.id === user.id;
  const unit = units.get(user.business_unit_id);

  const toggleActive = () => {
    const disabling = user.is_active;
    modals.openConfirmModal({
      title: disabling ? `Disable ${user.full_name}?` : `Enable ${user.full_name}?`,
      children: (
        <Text size="sm">
          {disabling
            ? 'They are signed out at once and can no longer sign in or use the API. Their records stay theirs.'
            : 'They can sign in again with their password.'}
        </Text>
      ),
      labels: { confirm: disabling ? 'Disable user' : 'Enable user', cancel: 'Cancel' },
      confirmProps: { color: disabling ? 'red' : 'blue' },
      onConfirm: () =>
        update.mutate(
          { patch: { is_active: !disabling }, version: user.version },
          {
            onSuccess: (saved) =>
              notifications.show({ color: 'teal', title: saved.is_active ? 'User enabled' : 'User disabled', message: saved.full_name }),
            onError: (error) => notifications.show({ color: 'red', title: 'Could not change the user', message: problemDetail(error) }),
          },
        ),
    });
  };

  const roleNames = user.role_ids.map((id) => roles.data?.find((r) => r.id === id)?.name ?? null);

  return (
    <>
      <PageHeader
        title={
          <Group gap="md" wrap="nowrap">
            <Avatar size={48} radius="xl" color={user.is_active ? 'blue' : 'gray'}>
              {initials(user.full_name)}
            </Avatar>
            <span>{user.full_name}</span>
          </Group>
        }
        crumbs={[
          { label: 'Administration', to: '/admin' },
          { label: 'Users', to: '/admin/users' },
        ]}
        badges={<StatusBadge active={user.is_active} />}
        description={[user.job_title, unit?.name].filter(Boolean).join(' · ') || undefined}
        actions={
          canUpdate && (
            <>
              <Button component={Link} to={`/admin/users/${user.id}/edit`} variant="default" leftSection={<IconEdit size={16} />}>
                Edit
              </Button>
              <Button variant="default" leftSection={<IconKey size={16} />} onClick={password.open}>
                Set password
              </Button>
              {!isMe &&
                (user.is_active ? (
                  <Button variant="light" color="red" leftSection={<IconUserOff size={16} />} onClick={toggleActive} loading={update.isPending}>
                    Disable
                  </Button>
                ) : (
                  <Button variant="light" leftSection={<IconCircleCheck size={16} />} onClick={toggleActive} loading={update.isPending}>
                    Enable
                  </Button>
                ))}
            </>
          )
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Details
              </Title>
              <DetailList
                items={[
                  { label: 'Email', value: <Anchor href={`mailto:${user.email}`} size="sm">{user.email}</Anchor> },
                  { label: 'Job title', value: user.job_title },
                  { label: 'Work phone', value: user.phone },
                  { label: 'Mobile phone', value: user.mobile_phone },
                  { label: 'Address', value: formatAddress(user), span: true },
                ]}
              />
            </Card>
            <Card withBorder radius="md" padding={0}>
              <Title order={5} px="lg" pt="lg" pb="xs">
                Direct reports
              </Title>
              {reports.error ? (
                <QueryError error={reports.error} />
              ) : (
                <DataTable
                  label="Direct reports"
                  columns={reportColumns}
                  rows={reports.data?.data}
                  rowKey={(u) => u.id}
                  loading={reports.isFetching}
                  onRowClick={(u) => void navigate(`/admin/users/${u.id}`)}
                  empty={<EmptyState title="Nobody reports to them" />}
                />
              )}
            </Card>
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                History
              </Title>
              {history.error ? <QueryError error={history.error} /> : history.data ? <HistoryTimeline changes={history.data.data} meId={me.data?.id} /> : null}
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Organization
              </Title>
              <DetailList
                cols={1}
                items={[
                  { label: 'Business unit', value: unit?.path.join(' › ') },
                  {
                    label: 'Manager',
                    value: manager ? (
                      <Anchor component={Link} to={`/admin/users/${manager.id}`} size="sm">
                        {manager.full_name}
                      </Anchor>
                    ) : null,
                  },
                  {
                    label: 'Roles',
                    value:
                      user.role_ids.length > 0 ? (
                        <Group gap={6}>
                          {roleNames.map((name, i) => (
                            <Badge key={user.role_ids[i]} variant="light" radius="sm" tt="none">
                              {name ?? 'Role'}
                            </Badge>
                          ))}
                        </Group>
                      ) : null,
                  },
                  {
                    label: 'Teams',
                    value:
                      user.team_ids.length > 0 ? (
                        <Group gap={6}>
                          {user.team_ids.map((id) => (
                            <Badge key={id} component={Link} to={`/admin/teams/${id}`} variant="outline" color="gray" radius="sm" tt="none" style={{ cursor: 'pointer' }}>
                              {teams.data?.get(id)?.name ?? 'Team'}
                            </Badge>
                          ))}
                        </Group>
                      ) : null,
                  },
                ]}
              />
            </Card>
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                Record
              </Title>
              <DetailList
                cols={1}
                items={[
                  { label: 'Last sign-in', value: user.last_sign_in_at ? `${formatRelative(user.last_sign_in_at)} (${formatDateTime(user.last_sign_in_at)})` : 'Never' },
                  { label: 'Created', value: formatDateTime(user.created_at) },
                  { label: 'Last changed', value: `${formatRelative(user.updated_at)} (version ${user.version})` },
                ]}
              />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <SetPasswordDialog user={user} opened={passwordOpened} onClose={password.close} />
    </>
  );
}
