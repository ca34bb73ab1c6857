import { Badge } from '@mantine/core';

import { RELATIONSHIP_TYPES, type Account } from './api';

export function RelationshipBadge({ value }: { value: Account['relationship_type'] }) {
  const type = RELATIONSHIP_TYPES.find((t) => t.value === value);
  if (!type) return null;
  return (
    <Badge variant="light" color={type.color} radius="sm">
      {type.label}
    </Badge>
  );
}
