// The dialogs of a case's actions: resolve with the resolution, cancel with a reason, escalate
// with the reason and an optional queue, assign to a user or a queue. A refusal shows in the
// dialog: on its field when it is about one (422), else as the server's sentence (409).
import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';

import { searchOwners, useOwnerNames } from '@/shared/api/lookups';
import { ApiProblem, fieldErrors, problemDetail } from '@/shared/api/problem';
import { useQueues } from '@/shared/service/api';
import { formatAllotment, formatMinutes } from '@/shared/service/words';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { useAssignCase, useCancelCase, useEscalateCase, useResolveCase, useContractSummary, type Case } from './api';

type DialogProps = { kase: Case; onClose: () => void };

/** A refusal's words: the field's message when it is about `field`, else the problem's detail. */
function refusal(error: unknown, field: string): { field: string | null; other: string | null } {
  const onField = fieldErrors(error)[field] ?? null;
  if (onField) return { field: onField, other: null };
  if (error instanceof ApiProblem && error.status === 412) {
    return { field: null, other: 'Someone changed the case meanwhile; it has been reloaded. Check it, then try again.' };
  }
  return { field: null, other: problemDetail(error) };
}

function Refusal({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle />} role="alert">
      {message}
    </Alert>
  );
}

function Actions({ onClose, submit, label, color, pending }: { onClose: () => void; submit: () => void; label: string; color?: string; pending: boolean }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        Back
      </Button>
      <Button color={color} onClick={submit} loading={pending}>
        {label}
      </Button>
    </Group>
  );
}

export function ResolveDialog({ kase: c, onClose }: DialogProps) {
  const resolve = useResolveCase(c.id);
  const contract = useContractSummary(c.contract_id);
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<{ field: string | null; other: string | null }>({ field: null, other: null });
  const submit = () => {
    if (!resolution.trim()) {
      setError({ field: 'Write how it was solved: the next agent and the customer read it.', other: null });
      return;
    }
    resolve.mutate(
      { body: { resolution: resolution.trim() }, version: c.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: `${saved.number} resolved`, message: saved.resolution_breached ? 'Resolved after its deadline.' : 'Resolved in time.' });
          onClose();
        },
        onError: (e) => setError(refusal(e, 'resolution')),
      },
    );
  };
  const draws = contract.data
    ? contract.data.allotment_type === 'cases'
      ? `It draws 1 case from ${contract.data.number} (${formatAllotment(contract.data.allotment_remaining, 'cases')} left).`
      : `It draws the ${formatMinutes(c.time_spent_minutes)} spent from ${contract.data.number} (${formatAllotment(contract.data.allotment_remaining, 'minutes')} left).`
    : null;
  return (
    <Modal opened onClose={onClose} title={`Resolve ${c.number}`} size="lg" centered>
      <Stack>
        <Textarea
          label="Resolution"
          description="How it was solved, in words the customer understands."
          value={resolution}
          onChange={(e) => {
            setResolution(e.currentTarget.value);
            setError({ field: null, other: null });
          }}
          error={error.field}
          withAsterisk
          autosize
          minRows={4}
          maxRows={12}
          data-autofocus
        />
        {draws && (
          <Text size="sm" c="dimmed">
            {draws}
          </Text>
        )}
        <Refusal message={error.other} />
        <Actions onClose={onClose} submit={submit} label="Resolve case" color="teal" pending={resolve.isPending} />
      </Stack>
    </Modal>
  );
}

export function CancelDialog({ kase: c, onClose }: DialogProps) {
  const cancel = useCancelCase(c.id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<{ field: string | null; other: string | null }>({ field: null, other: null });
  const submit = () =>
    cancel.mutate(
      { body: { reason: reason.trim() || null }, version: c.version },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', title: `${saved.number} cancelled`, message: 'It can be reactivated if the customer comes back.' });
          onClose();
        },
        onError: (e) => setError(refusal(e, 'reason')),
      },
    );
  return (
    <Modal opened onClose={onClose} title={`Cancel ${c.number}`} centered>
      <Stack>
        <Text size="sm" c="dimmed">
          The case closes without a resolution and draws nothing from a contract.
        </Text>
        <Textarea
          label="Reason"
          placeholder="Duplicate of CAS-000120; the customer solved it themselves…"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error.field}
          autosize
          minRows={2}
          maxRows={8}
          data-autofocus
        />
        <Refusal message={error.other} />
        <Actions onClose={onClose} submit={submit} label="Cancel case" color="red" pending={cancel.isPending} />
      </Stack>
    </Modal>
  );
}

export function EscalateDialog({ kase: c, onClose }: DialogProps) {
  const escalate = useEscalateCase(c.id);
  const queues = useQueues();
  const [reason, setReason] = useState('');
  const [queue, setQueue] = useState<string | null>(null);
  const [error, setError] = useState<{ field: string | null; other: string | null }>({ field: null, other: null });
  const escalation = queues.data?.find((q) => q.is_escalation && q.is_active);
  const submit = () => {
    if (!reason.trim()) {
      setError({ field: 'Why can the front line not decide?', other: null });
      return;
    }
    escalate.mutate(
      { body: { reason: reason.trim(), queue_id: queue }, version: c.version },
      {
        onSuccess: (saved) => {
          const to = saved.queue_id ? queues.data?.find((q) => q.id === saved.queue_id)?.name : null;
          notifications.show({ color: 'grape', title: `${saved.number} escalated`, message: to && saved.queue_id !== c.queue_id ? `It waits in ${to}.` : 'It went to the owner’s manager.' });
          onClose();
        },
        onError: (e) => {
          const fields = fieldErrors(e);
          if (fields.queue_id) setError({ field: null, other: fields.queue_id });
          else setError(refusal(e, 'reason'));
        },
      },
    );
  };
  return (
    <Modal opened onClose={onClose} title={`Escalate ${c.number}`} size="lg" centered>
      <Stack>
        <Textarea
          label="Reason"
          description="What needs a manager’s decision: a refund, an upgrade, an angry customer."
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError({ field: null, other: null });
          }}
          error={error.field}
          withAsterisk
          autosize
          minRows={3}
          maxRows={8}
          data-autofocus
        />
        <Select
          label="To the queue"
          placeholder={escalation ? `Owner’s manager, else ${escalation.name}` : 'The owner’s manager'}
          description="Empty: to the owner’s manager, else to the escalation queue."
          data={(queues.data ?? []).filter((q) => q.is_active).map((q) => ({ value: q.id, label: q.is_escalation ? `${q.name} (escalation)` : q.name }))}
          value={queue}
          onChange={setQueue}
          clearable
          searchable
          comboboxProps={{ withinPortal: false }}
        />
        <Refusal message={error.other} />
        <Actions onClose={onClose} submit={submit} label="Escalate" color="grape" pending={escalate.isPending} />
      </Stack>
    </Modal>
  );
}

type Target = 'user' | 'queue';

export function AssignDialog({ kase: c, onClose, initial = 'user' }: DialogProps & { initial?: Target }) {
  const assign = useAssignCase(c.id);
  const queues = useQueues();
  const owner = useOwnerNames([c.owner_id]).data?.get(c.owner_id);
  const [target, setTarget] = useState<Target>(initial);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [queueId, setQueueId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const current = c.queue_id ? queues.data?.find((q) => q.id === c.queue_id) : undefined;

  const submit = () => {
    const body = target === 'user' ? { owner_id: ownerId } : { queue_id: queueId };
    if (target === 'user' ? !ownerId : !queueId) {
      setError(target === 'user' ? 'Choose who takes the case.' : 'Choose the queue it goes to.');
      return;
    }
    assign.mutate(
      { body, version: c.version },
      {
        onSuccess: (saved) => {
          const queue = queues.data?.find((q) => q.id === saved.queue_id);
          notifications.show({
            color: 'teal',
            title: `${saved.number} assigned`,
            message: target === 'queue' ? `It waits in ${queue?.name ?? 'the queue'} until someone takes it.` : 'It has a new owner.',
          });
          onClose();
        },
        onError: (e) => {
          const fields = fieldErrors(e);
          setError(fields.owner_id ?? fields.user_id ?? fields.queue_id ?? problemDetail(e));
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Assign ${c.number}`} size="lg" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          Owned by <strong>{owner?.name ?? '…'}</strong>
          {current ? (
            <>
              , in the queue <strong>{current.name}</strong>
            </>
          ) : null}
          . Give it to someone who works it, or put it in a queue to wait until someone takes it.
        </Text>
        <SegmentedControl
          aria-label="Assign to"
          value={target}
          onChange={(value) => {
            setTarget(value === 'queue' ? 'queue' : 'user');
            setError(null);
          }}
          data={[
            { value: 'user', label: 'A user or team' },
            { value: 'queue', label: 'A queue' },
          ]}
        />
        {target === 'user' ? (
          <RecordPicker
            label="New owner"
            placeholder="Search users and teams…"
            queryKey="owners"
            search={searchOwners}
            exclude={c.owner_id}
            value={ownerId}
            onChange={(value) => {
              setOwnerId(value);
              setError(null);
            }}
            withAsterisk
            autoFocus
            withinPortal={false}
          />
        ) : (
          <Select
            label="Queue"
            placeholder="Choose…"
            data={(queues.data ?? [])
              .filter((q) => q.is_active)
              .map((q) => ({ value: q.id, label: `${q.name} · ${q.figures.cases_waiting} waiting` }))}
            value={queueId}
            onChange={(value) => {
              setQueueId(value);
              setError(null);
            }}
            withAsterisk
            searchable
            nothingFoundMessage="No active queue"
            comboboxProps={{ withinPortal: false }}
          />
        )}
        <Refusal message={error} />
        <Actions onClose={onClose} submit={submit} label="Assign" pending={assign.isPending} />
      </Stack>
    </Modal>
  );
}
