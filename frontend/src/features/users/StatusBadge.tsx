import { Badge } from '@mantine/core';

/** Whether a user may sign in. */
export function StatusBadge({ active }: { active: boolean }) {
  return active ? (
    <Badge variant="light" color="teal" radius="sm">
      Active
    </Badge>
  ) : (
    <Badge variant="light" color="gray" radius="sm">
      Disabled
    </Badge>
  );
}
