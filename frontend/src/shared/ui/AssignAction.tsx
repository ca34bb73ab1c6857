// "Assign": gives a record to another owner, a user or a team, chosen from a picker.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertTriangle, IconUserShare } from '@tabler/icons-react';
import { useState } from 'react';

import { searchOwners, useOwnerNames } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';

import { RecordPicker } from './RecordPicker';

type Props = {
  /** "account", "contact". */
  what: string;
  /** The record's name, for the dialog's title. */
  name: string;
  ownerId: string;
  /** Gives the record to the owner; a rejection shows its problem in the dialog. */
  onAssign: (ownerId: string) => Promise<unknown>;
};

export function AssignAction({ what, name, ownerId, onAssign }: Props) {
  const [opened, { open, close }] = useDisclosure();
  const [owner, setOwner] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const current = useOwnerNames([ownerId]).data?.get(ownerId);

  const dismiss = () => {
    setOwner(null);
    setError(null);
    close();
  };
  const submit = async () => {
    if (!owner) {
      setError('Choose the new owner.');
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onAssign(owner);
      dismiss();
    } catch (e) {
      setError(problemDetail(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <Button variant="default" leftSection={<IconUserShare size={16} />} onClick={open}>
        Assign
      </Button>
      <Modal opened={opened} onClose={dismiss} title={`Assign ${name}`} centered>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Owned by <strong>{current ? `${current.name}${current.kind === 'team' ? ' (team)' : ''}` : '…'}</strong> now. The {what} moves to the new
            owner&rsquo;s business unit, and its history records the change.
          </Text>
          <RecordPicker
            label="New owner"
            placeholder="Search users and teams…"
            queryKey="owners"
            search={searchOwners}
            exclude={ownerId}
            value={owner}
            onChange={(value) => {
              setOwner(value);
              setError(null);
            }}
            withAsterisk
            autoFocus
          />
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertTriangle />} role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={dismiss}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} loading={pending}>
              Assign
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
