// A team's page: its members (added and removed here), its business unit and roles.
import { ActionIcon, Anchor, Badge, Button, Card, Grid, Group, Modal, Stack, Text, Title, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconUserMinus, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import type { Schemas } from '@/shared/api/client';
import { useAllRoles, useUnits, useUsersById } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { DetailList } from '@/shared/ui/DetailList';
import { UsersMultiSelect } from '@/shared/ui/OrgInputs';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordActions, RecordLoader } from '@/shared/ui/RecordPage';
import { EmptyState } from '@/shared/ui/States';

import { useAddMembers, useDeleteTeam, useRemoveMember, useTeam, type TeamDetail } from './api';

type User = Schemas['User'];

export function TeamShow() {
  const { id = '' } = useParams();
  const team = useTeam(id);
  return (
    <RecordLoader query={team} what="team" listPath="/admin/teams" listLabel="teams">
      {(record) => <TeamView team={record} />}
    </RecordLoader>
  );
}

function TeamView({ team }: { team: TeamDetail }) {
  const navigate = useNavigate();
  const privileges = usePrivileges();
  const canUpdate = privileges.can('teams', 'update');
  const remove = useDeleteTeam(team.id);
  const removeMember = useRemoveMember(team.id);
  const [adding, setAdding] = useState(false);
  const { byId: units } = useUnits();
  const roles = useAllRoles(privileges.can('roles', 'read'));
  const members = useUsersById(team.member_ids);
  const rows = team.member_ids
    .map((id) => members.data?.get(id))
    .filter((u): u is User => Boolean(u))
    .sort((a, b) => a.full_name.localeCompare(b.full_name));

  const onDelete = () =>
    remove.mutate(team.version, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Team deleted', message: team.name });
        void navigate('/admin/teams');
      },
      onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${team.name}`, message: problemDetail(error), autoClose: 10_000 }),
    });

  const confirmRemove = (user: User) =>
    modals.openConfirmModal({
      title: `Remove ${user.full_name} from ${team.name}?`,
      children: <Text size="sm">They lose the roles the team gives, and the team’s records unless their own roles reach them.</Text>,
      labels: { confirm: 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        removeMember.mutate(user.id, {
          onSuccess: () => notifications.show({ color: 'teal', title: 'Member removed', message: user.full_name }),
          onError: (error) => notifications.show({ color: 'red', title: 'Could not remove the member', message: problemDetail(error) }),
        }),
    });

  const columns: Column<User>[] = [
    {
      key: 'name',
      header: 'Name',
      render: (u) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/admin/users/${u.id}`} fw={600} size="sm">
            {u.full_name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {u.job_title}
          </Text>
        </Stack>
      ),
    },
    { key: 'email', header: 'Email', render: (u) => <Text size="sm">{u.email}</Text> },
    ...(canUpdate
      ? [
          {
            key: 'remove',
            header: '',
            width: 56,
            align: 'right' as const,
            render: (u: User) => (
              <Tooltip label="Remove from the team">
                <ActionIcon variant="subtle" color="red" aria-label={`Remove ${u.full_name}`} onClick={() => confirmRemove(u)}>
                  <IconUserMinus size={17} />
                </ActionIcon>
              </Tooltip>
            ),
          },
        ]
      : []),
  ];

  const unit = units.get(team.business_unit_id);

  return (
    <>
      <PageHeader
        title={team.name}
        crumbs={[
          { label: 'Administration', to: '/admin' },
          { label: 'Teams', to: '/admin/teams' },
        ]}
        description={team.description ?? undefined}
        actions={
          <RecordActions
            editTo={`/admin/teams/${team.id}/edit`}
            canUpdate={canUpdate}
            canDelete={privileges.can('teams', 'delete')}
            what="team"
            name={team.name}
            consequence="Its members keep their own roles. A team that still owns records cannot be deleted."
            onDelete={onDelete}
          />
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Card withBorder radius="md" padding={0}>
            <Group justify="space-between" px="lg" pt="lg" pb="xs">
              <Title order={5}>
                Members{' '}
                <Badge size="sm" variant="light" ml={4}>
                  {team.member_ids.length}
                </Badge>
              </Title>
              {canUpdate && (
                <Button size="xs" variant="light" leftSection={<IconUserPlus size={14} />} onClick={() => setAdding(true)}>
                  Add members
                </Button>
              )}
            </Group>
            <DataTable
              label="Members"
              columns={columns}
              rows={team.member_ids.length === 0 ? [] : members.data ? rows : undefined}
              rowKey={(u) => u.id}
              loading={members.isFetching}
              empty={<EmptyState title="No members yet" description="Add the users who work together in this team." />}
            />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <Card withBorder radius="md" padding="lg">
              <Title order={5} mb="md">
                About
              </Title>
              <DetailList
                cols={1}
                items={[
                  { label: 'Business unit', value: unit?.path.join(' › ') },
                  {
                    label: 'Roles',
                    value:
                      team.role_ids.length > 0 ? (
                        <Group gap={6}>
                          {team.role_ids.map((id) => (
                            <Badge key={id} variant="light" radius="sm" tt="none">
                              {roles.data?.find((r) => r.id === id)?.name ?? 'Role'}
                            </Badge>
                          ))}
                        </Group>
                      ) : null,
                  },
                ]}
              />
            </Card>
            <RecordMetaCard record={team} />
          </Stack>
        </Grid.Col>
      </Grid>
      {adding && <AddMembersDialog team={team} onClose={() => setAdding(false)} />}
    </>
  );
}

function AddMembersDialog({ team, onClose }: { team: TeamDetail; onClose: () => void }) {
  const [userIds, setUserIds] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>();
  const add = useAddMembers(team.id);
  const submit = () => {
    if (userIds.length === 0) {
      setError('Choose at least one user');
      return;
    }
    add.mutate(userIds, {
      onSuccess: () => {
        notifications.show({ color: 'teal', title: 'Members added', message: `${userIds.length} added to ${team.name}.` });
        onClose();
      },
      onError: (e) => setError(problemDetail(e)),
    });
  };
  return (
    <Modal opened onClose={onClose} title={`Add members to ${team.name}`} centered>
      <Stack gap="md">
        <UsersMultiSelect
          label="Users"
          value={userIds}
          onChange={(ids) => {
            setUserIds(ids);
            setError(undefined);
          }}
          exclude={new Set(team.member_ids)}
          error={error}
          autoFocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={add.isPending}>
            Add
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
