// Moves several users to a new manager and/or business unit at once.
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';

import { searchUsers } from '@/shared/api/lookups';
import { fieldErrors, problemDetail } from '@/shared/api/problem';
import { UnitSelect } from '@/shared/ui/OrgInputs';
import { RecordPicker } from '@/shared/ui/RecordPicker';

import { useReassignUsers } from './api';

type Props = { userIds: string[]; onClose: () => void; onDone: () => void };

export function ReassignDialog({ userIds, onClose, onDone }: Props) {
  const [managerId, setManagerId] = useState<string | null>(null);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const reassign = useReassignUsers();
  const count = `${userIds.length} ${userIds.length === 1 ? 'user' : 'users'}`;

  const submit = () => {
    setProblem(null);
    setErrors({});
    if (!managerId && !unitId) {
      setProblem('Choose a new manager, a new business unit, or both.');
      return;
    }
    reassign.mutate(
      { user_ids: userIds, manager_id: managerId, business_unit_id: unitId },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Users reassigned', message: `${count} moved.` });
          onDone();
        },
        onError: (error) => {
          const fields = fieldErrors(error);
          const known = Object.fromEntries(Object.entries(fields).filter(([f]) => f === 'manager_id' || f === 'business_unit_id'));
          setErrors(known);
          if (Object.keys(known).length === 0) setProblem(problemDetail(error));
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={`Reassign ${count}`} centered>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Every selected user moves, or none does. Leave a field empty to keep it as it is.
        </Text>
        <RecordPicker
          label="New manager"
          placeholder="Search users…"
          queryKey="users"
          search={searchUsers}
          value={managerId}
          onChange={setManagerId}
          exclude={userIds}
          error={errors.manager_id}
        />
        <UnitSelect label="New business unit" value={unitId} onChange={setUnitId} clearable error={errors.business_unit_id} />
        {problem && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} role="alert">
            {problem}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} loading={reassign.isPending}>
            Reassign
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
