// The case page: what the customer needs, where the case is in its life cycle (start work, put on
// hold, wait for the customer, resume, resolve, cancel, reactivate), who works it and from which
// queue (assign, take, route, escalate), its deadlines counting down, its contract and
// entitlement, and its timeline with the quick actions that log the work.
import { ActionIcon, Alert, Anchor, Button, Card, Grid, Group, Menu, Stack, Stepper, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowUpRight,
  IconCheck,
  IconChevronDown,
  IconCircleCheck,
  IconCircleX,
  IconClockPause,
  IconDots,
  IconEdit,
  IconHandGrab,
  IconPlayerPlay,
  IconRoute,
  IconTrash,
  IconUserShare,
  IconX,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';

import { useAccountOption, useContactOption, useOwnerNames } from '@/shared/api/lookups';
import { ApiProblem, problemDetail } from '@/shared/api/problem';
import { picklistLabel, useCasePicklist, useQueues } from '@/shared/service/api';
import { CaseStatusBadge, EntitlementBadge, PriorityBadge } from '@/shared/service/Badges';
import { ENTITLEMENT, ORIGIN, type CaseStatus } from '@/shared/service/words';
import type { AllowedActions } from '@/shared/session/privileges';
import { useMe, usePrivileges } from '@/shared/session/useSession';
import { RecordTimeline } from '@/shared/timeline/RecordTimeline';
import { DetailList } from '@/shared/ui/DetailList';
import { formatDateTime, formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RecordMetaCard } from '@/shared/ui/RecordMeta';
import { RecordLoader } from '@/shared/ui/RecordPage';

import { caseActions, MOVES, type CaseAction, type Move } from './actions';
import { useAssignCase, useCase, useContractSummary, useDeleteCase, useReactivateCase, useRouteCase, useUpdateCase, type Case } from './api';
import { AssignDialog, CancelDialog, EscalateDialog, ResolveDialog } from './CaseDialogs';
import { KnowledgeCard } from './KnowledgeCard';
import { ServiceLevelCard } from './ServiceLevelCard';

export function CaseShow() {
  const { id = '' } = useParams();
  const kase = useCase(id);
  return (
    <RecordLoader query={kase} what="case" listPath="/cases" listLabel="cases">
      {(loaded) => <CaseView kase={loaded.record} allowed={loaded.allowed} />}
    </RecordLoader>
  );
}

type Dialog = 'resolve' | 'cancel' | 'escalate' | 'assign' | 'assign-queue' | null;

/** A refusal of a status move or an action, said plainly. */
function refused(title: string, error: unknown) {
  const stale = error instanceof ApiProblem && error.status === 412;
  notifications.show({
    color: 'red',
    title,
    message: stale ? 'The case changed since you opened it. It has been reloaded: look, then try again.' : problemDetail(error),
    autoClose: 8000,
  });
}

function CaseView({ kase: c, allowed }: { kase: Case; allowed: AllowedActions }) {
  const navigate = useNavigate();
  const me = useMe().data;
  const readsKnowledge = usePrivileges().can('knowledge-articles', 'read');
  const [dialog, setDialog] = useState<Dialog>(null);
  const update = useUpdateCase(c.id);
  const reactivate = useReactivateCase(c.id);
  const route = useRouteCase(c.id);
  const take = useAssignCase(c.id);
  const remove = useDeleteCase(c.id);
  const account = useAccountOption(c.account_id);
  const contact = useContactOption(c.contact_id);
  const queues = useQueues();
  const memberOfQueue = Boolean(
    me && c.queue_id && queues.data?.find((q) => q.id === c.queue_id)?.member_ids.includes(me.id),
  );
  const actions = caseActions(c, allowed, me?.id, memberOfQueue);
  const can = (action: CaseAction) => actions.has(action);
  const queueName = (id: string | null | undefined) => (id ? (queues.data?.find((q) => q.id === id)?.name ?? 'a queue') : null);

  const move = (to: Move) =>
    update.mutate(
      { body: { status: MOVES[to].status }, version: c.version },
      {
        onSuccess: (saved) => notifications.show({ color: 'teal', title: MOVES[to].done, message: `${saved.number} ${saved.title}` }),
        onError: (error) => refused(`Could not ${MOVES[to].label.toLowerCase()}`, error),
      },
    );

  const doRoute = () =>
    route.mutate(
      { body: null, version: c.version },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: saved.queue_id === c.queue_id ? `Already in ${queueName(saved.queue_id) ?? 'its queue'}` : `Routed to ${queueName(saved.queue_id) ?? 'a queue'}`,
            message: 'The first routing rule the case meets chose the queue.',
          }),
        onError: (error) => refused('Not routed', error),
      },
    );

  const doTake = () =>
    take.mutate(
      { body: { user_id: me?.id ?? null }, version: c.version },
      {
        onSuccess: (saved) => notifications.show({ color: 'teal', title: 'You work the case now', message: `${saved.number} is yours.` }),
        onError: (error) => refused('Could not take the case', error),
      },
    );

  const doReactivate = () =>
    reactivate.mutate(
      { body: null, version: c.version },
      {
        onSuccess: (saved) => notifications.show({ color: 'teal', title: `${saved.number} reactivated`, message: 'Back in progress; its resolution is cleared.' }),
        onError: (error) => refused('Could not reactivate', error),
      },
    );

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: `Delete ${c.number}?`,
      children: <Text size="sm">The case is deleted. A case that activities or notes regard is kept: they are its history. This cannot be undone.</Text>,
      labels: { confirm: 'Delete case', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(c.version, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'Case deleted', message: `${c.number} ${c.title}` });
            void navigate('/cases');
          },
          onError: (error) => refused('Could not delete the case', error),
        }),
    });

  const busy = update.isPending || reactivate.isPending || route.isPending || take.isPending;
  const pauses = (['hold', 'wait'] as const).filter((m) => can(m));

  return (
    <>
      <PageHeader
        title={c.title}
        crumbs={[{ label: 'Cases', to: '/cases' }]}
        badges={
          <>
            <Text ff="monospace" c="dimmed" size="sm" aria-label="Case number">
              {c.number}
            </Text>
            <CaseStatusBadge status={c.status} />
            <PriorityBadge priority={c.priority} />
            {c.entitlement === 'exhausted' && <EntitlementBadge entitlement="exhausted" />}
          </>
        }
        description={
          <>
            {account.data && (
              <Anchor component={Link} to={`/accounts/${account.data.value}`} size="sm">
                {account.data.label}
              </Anchor>
            )}
            {account.data && contact.data && ' · '}
            {contact.data && (
              <Anchor component={Link} to={`/contacts/${contact.data.value}`} size="sm">
                {contact.data.label}
              </Anchor>
            )}
            {(account.data ?? contact.data) && ' · '}
            Opened {formatRelative(c.created_at)} by {ORIGIN[c.origin].toLowerCase()}
          </>
        }
        actions={
          <>
            {(can('escalate') || can('route') || can('cancel') || can('delete')) && (
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <ActionIcon variant="default" size="lg" aria-label="More actions">
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>
                  {can('escalate') && (
                    <Menu.Item leftSection={<IconArrowUpRight size={16} />} onClick={() => setDialog('escalate')}>
                      Escalate…
                    </Menu.Item>
                  )}
                  {can('route') && (
                    <Menu.Item leftSection={<IconRoute size={16} />} onClick={doRoute}>
                      Route by the rules
                    </Menu.Item>
                  )}
                  {can('cancel') && (
                    <Menu.Item leftSection={<IconX size={16} />} onClick={() => setDialog('cancel')}>
                      Cancel case…
                    </Menu.Item>
                  )}
                  {can('delete') && (
                    <>
                      <Menu.Divider />
                      <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={confirmDelete}>
                        Delete case
                      </Menu.Item>
                    </>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
            {can('edit') && (
              <Button component={Link} to={`/cases/${c.id}/edit`} variant="default" leftSection={<IconEdit size={16} />}>
                Edit
              </Button>
            )}
            {can('assign') && (
              <Button variant="default" leftSection={<IconUserShare size={16} />} onClick={() => setDialog('assign')}>
                Assign
              </Button>
            )}
            {pauses.length > 0 && (
              <Menu position="bottom-end" shadow="md">
                <Menu.Target>
                  <Button variant="default" leftSection={<IconClockPause size={16} />} rightSection={<IconChevronDown size={14} />} loading={update.isPending}>
                    Pause
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  <Menu.Label>The service-level clock stops</Menu.Label>
                  {pauses.map((m) => (
                    <Menu.Item key={m} onClick={() => move(m)}>
                      {MOVES[m].label}
                    </Menu.Item>
                  ))}
                </Menu.Dropdown>
              </Menu>
            )}
            {can('start') && (
              <Button variant="light" leftSection={<IconPlayerPlay size={16} />} onClick={() => move('start')} disabled={busy}>
                Start work
              </Button>
            )}
            {can('resume') && (
              <Button variant="light" leftSection={<IconPlayerPlay size={16} />} onClick={() => move('resume')} disabled={busy}>
                Resume
              </Button>
            )}
            {can('resolve') && (
              <Button color="teal" leftSection={<IconCheck size={16} />} onClick={() => setDialog('resolve')}>
                Resolve
              </Button>
            )}
            {can('reactivate') && (
              <Button leftSection={<IconArrowBackUp size={16} />} onClick={doReactivate} loading={reactivate.isPending}>
                Reactivate
              </Button>
            )}
          </>
        }
      />
      <LifeCycle status={c.status} />
      <Stack gap="sm" mb="lg">
        {c.entitlement === 'exhausted' && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} title="Entitlement exhausted">
            {ENTITLEMENT.exhausted.help}
          </Alert>
        )}
        {c.is_escalated && c.status !== 'resolved' && c.status !== 'cancelled' && (
          <Alert color="grape" variant="light" icon={<IconArrowUpRight />} title={`Escalated ${formatRelative(c.escalated_at)}`}>
            {c.escalation_reason}
          </Alert>
        )}
        {c.status === 'resolved' && (
          <Alert color="teal" variant="light" icon={<IconCircleCheck />} title={`Resolved ${formatDateTime(c.resolved_at)}`}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {c.resolution}
            </Text>
          </Alert>
        )}
        {c.status === 'cancelled' && (
          <Alert color="gray" variant="light" icon={<IconCircleX />} title={`Cancelled ${formatDateTime(c.cancelled_at)}`}>
            {c.resolution ?? 'No reason given.'}
          </Alert>
        )}
      </Stack>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="lg">
            <RequestCard kase={c} />
            {readsKnowledge && <KnowledgeCard kase={c} canLink={allowed.has('update') && c.status !== 'resolved' && c.status !== 'cancelled'} />}
            <RecordTimeline kind="cases" id={c.id} name={c.title} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <ServiceLevelCard kase={c} />
            <WorkCard kase={c} canTake={can('take')} onTake={doTake} taking={take.isPending} onQueue={can('assign') ? () => setDialog('assign-queue') : undefined} />
            <RecordMetaCard record={c} />
          </Stack>
        </Grid.Col>
      </Grid>
      {dialog === 'resolve' && <ResolveDialog kase={c} onClose={() => setDialog(null)} />}
      {dialog === 'cancel' && <CancelDialog kase={c} onClose={() => setDialog(null)} />}
      {dialog === 'escalate' && <EscalateDialog kase={c} onClose={() => setDialog(null)} />}
      {dialog === 'assign' && <AssignDialog kase={c} onClose={() => setDialog(null)} />}
      {dialog === 'assign-queue' && <AssignDialog kase={c} initial="queue" onClose={() => setDialog(null)} />}
    </>
  );
}

const STEPS = ['New', 'In progress', 'Resolved'] as const;

/** New → in progress (or paused) → resolved; a cancelled case ends in red. */
function LifeCycle({ status }: { status: CaseStatus }) {
  const at = status === 'new' ? 0 : status === 'resolved' || status === 'cancelled' ? 3 : 1;
  const paused = status === 'on_hold' ? 'On hold' : status === 'waiting_for_customer' ? 'Waiting for customer' : undefined;
  return (
    <Card withBorder radius="md" padding="md" mb="md" aria-label="Life cycle">
      <Stepper active={at} size="xs" color={status === 'cancelled' ? 'gray' : undefined} allowNextStepsSelect={false}>
        {STEPS.map((label, index) => (
          <Stepper.Step
            key={label}
            label={index === 2 && status === 'cancelled' ? 'Cancelled' : label}
            description={index === 1 ? paused : undefined}
            color={index === 1 && paused ? 'yellow' : index === 2 && status === 'cancelled' ? 'gray' : undefined}
            icon={index === 1 && paused ? <IconClockPause size={14} /> : undefined}
            completedIcon={index === 2 && status === 'cancelled' ? <IconX size={14} /> : undefined}
          />
        ))}
      </Stepper>
    </Card>
  );
}

function RequestCard({ kase: c }: { kase: Case }) {
  const products = useCasePicklist('product').data;
  const subjects = useCasePicklist('subject').data;
  const types = useCasePicklist('case_type').data;
  const severities = useCasePicklist('severity').data;
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={5} mb="md">
        The request
      </Title>
      <DetailList
        cols={3}
        items={[
          { label: 'Product', value: picklistLabel(products, c.product) || null },
          { label: 'Subject', value: picklistLabel(subjects, c.subject) || null },
          { label: 'Case type', value: picklistLabel(types, c.case_type) || null },
          { label: 'Severity', value: picklistLabel(severities, c.severity) || null },
          { label: 'Origin', value: ORIGIN[c.origin] },
          { label: 'Reactivated', value: c.reactivation_count > 0 ? `${c.reactivation_count} time${c.reactivation_count === 1 ? '' : 's'}` : 'Never' },
          { label: 'Description', value: c.description, span: true },
        ]}
      />
    </Card>
  );
}

type WorkProps = { kase: Case; canTake: boolean; onTake: () => void; taking: boolean; onQueue: (() => void) | undefined };

/** Who works the case, from which queue, under which contract. */
function WorkCard({ kase: c, canTake, onTake, taking, onQueue }: WorkProps) {
  const queues = useQueues();
  const queue = c.queue_id ? queues.data?.find((q) => q.id === c.queue_id) : undefined;
  const names = useOwnerNames([c.owner_id, c.worked_by_id]).data;
  const owner = names?.get(c.owner_id);
  const worker = c.worked_by_id ? names?.get(c.worked_by_id) : undefined;
  const contract = useContractSummary(c.contract_id);
  const open = c.status !== 'resolved' && c.status !== 'cancelled';
  return (
    <Card withBorder radius="md" padding="lg">
      <Title order={5} mb="md">
        Work
      </Title>
      <DetailList
        cols={1}
        items={[
          {
            label: 'Queue',
            value: c.queue_id ? (
              <Stack gap={4}>
                <Anchor component={Link} to={`/cases?queue=${c.queue_id}`} size="sm" fw={600}>
                  {queue?.name ?? 'Queue'}
                </Anchor>
                <Text size="xs" c={worker || !open ? 'dimmed' : 'orange'}>
                  {worker ? `Worked by ${worker.name}` : open ? `Nobody has taken it yet: queued ${formatRelative(c.queued_at)}` : 'Closed'}
                </Text>
                {canTake && (
                  <Group>
                    <Button size="compact-sm" variant="light" leftSection={<IconHandGrab size={14} />} onClick={onTake} loading={taking}>
                      Take it
                    </Button>
                  </Group>
                )}
              </Stack>
            ) : open && onQueue ? (
              <Anchor component="button" type="button" size="sm" onClick={onQueue}>
                Not in a queue: put it in one
              </Anchor>
            ) : null,
          },
          { label: 'Owner', value: owner ? `${owner.name}${owner.kind === 'team' ? ' (team)' : ''}` : null },
          {
            label: 'Contract',
            value: contract.data ? (
              <Stack gap={4}>
                <Anchor component={Link} to={`/contracts/${contract.data.id}`} size="sm" fw={600}>
                  {contract.data.number} · {contract.data.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {contract.data.allotment_remaining} of {contract.data.allotment_total} {contract.data.allotment_type} left
                </Text>
              </Stack>
            ) : c.contract_id ? (
              contract.isPending ? '…' : 'A contract you may not see'
            ) : null,
          },
          { label: 'Entitlement', value: <EntitlementBadge entitlement={c.entitlement} /> },
        ]}
      />
    </Card>
  );
}
