import { Group, Tooltip } from '@mantine/core';
import { IconMailOff, IconPhoneOff, IconSpeakerphone } from '@tabler/icons-react';

import type { Contact } from './api';

/** The contact's "do not" flags, as quiet icons. */
export function ConsentIcons({ contact }: { contact: Contact }) {
  const flags = [
    contact.do_not_email && { label: 'Does not want emails', icon: <IconMailOff size={16} /> },
    contact.do_not_phone && { label: 'Does not want calls', icon: <IconPhoneOff size={16} /> },
    contact.do_not_bulk_email && { label: 'No marketing emails', icon: <IconSpeakerphone size={16} /> },
  ].filter((f): f is { label: string; icon: React.JSX.Element } => Boolean(f));
  if (flags.length === 0) return null;
  return (
    <Group gap={6} c="orange.7">
      {flags.map((f) => (
        <Tooltip key={f.label} label={f.label}>
          <span aria-label={f.label} style={{ display: 'inline-flex' }}>
            {f.icon}
          </span>
        </Tooltip>
      ))}
    </Group>
  );
}
