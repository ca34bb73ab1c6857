// The roles editor's grid: a row per entity, a column per action, a depth in each cell.
import { Group, Menu, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';

import { ACTIONS, DEPTH_LABELS, DEPTHS, ENTITIES, ENTITY_ACTIONS, type Action, type Depth, type Entity, type PrivilegeGrid as Grid } from '@/shared/session/privileges';
import { humanize } from '@/shared/ui/format';

import { DepthIcon } from './DepthIcon';
import classes from './PrivilegeGrid.module.css';

export const ENTITY_LABELS: Record<Entity, string> = {
  accounts: 'Accounts',
  contacts: 'Contacts',
  leads: 'Leads',
  opportunities: 'Opportunities',
  cases: 'Cases',
  contracts: 'Contracts',
  activities: 'Activities',
  notes: 'Notes',
  'email-templates': 'Email templates',
  competitors: 'Competitors',
  'sales-stages': 'Sales stages',
  queues: 'Queues',
  'routing-rules': 'Routing rules',
  'sla-policies': 'Service levels',
  'contract-templates': 'Contract templates',
  'knowledge-articles': 'Knowledge articles',
  'article-templates': 'Article templates',
  users: 'Users',
  'business-units': 'Business units',
  teams: 'Teams',
  roles: 'Roles',
  'api-keys': 'API keys',
  'security-events': 'Security log',
  picklists: 'Picklists',
};

/** The short words of the cells; the legend and the menus say them in full. */
const SHORT: Record<Depth, string> = {
  none: 'None',
  own: 'Own',
  business_unit: 'Unit',
  business_unit_tree: 'Unit & below',
  organization: 'Organization',
};

export const DEPTH_HELP: Record<Depth, string> = {
  none: 'Not allowed',
  own: 'Records they own, and those of the people reporting to them',
  business_unit: 'Records in their business unit',
  business_unit_tree: 'Records in their business unit and the units below it',
  organization: 'Every record of the organization',
};

type Props = {
  grid: Grid;
  /** Without it, the grid is read-only. */
  onChange?: (entity: Entity, action: Action, depth: Depth) => void;
  /** Every cell at organization depth (System Administrator). */
  everything?: boolean;
};

export function PrivilegeGrid({ grid, onChange, everything }: Props) {
  const depthAt = (entity: Entity, action: Action): Depth => (everything ? 'organization' : (grid[entity]?.[action] ?? 'none'));
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table className={classes.table} aria-label="Privileges" withColumnBorders verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th className={classes.entityHead}>Record type</Table.Th>
            {ACTIONS.map((action) => (
              <Table.Th key={action} className={classes.actionHead}>
                {humanize(action)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ENTITIES.map((entity) => (
            <Table.Tr key={entity}>
              <Table.Th scope="row" className={classes.entity}>
                {onChange ? (
                  <Menu position="bottom-start" shadow="md" withinPortal>
                    <Menu.Target>
                      <UnstyledButton className={classes.entityButton} aria-label={`Set every ${ENTITY_LABELS[entity]} privilege`}>
                        <Group gap={4} wrap="nowrap">
                          <span>{ENTITY_LABELS[entity]}</span>
                          <IconChevronDown size={14} className={classes.chevron} />
                        </Group>
                      </UnstyledButton>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Label>Every action on {ENTITY_LABELS[entity].toLowerCase()}</Menu.Label>
                      {DEPTHS.map((depth) => (
                        <Menu.Item
                          key={depth}
                          leftSection={<DepthIcon depth={depth} />}
                          onClick={() => {
                            for (const action of ENTITY_ACTIONS[entity]) onChange(entity, action, depth);
                          }}
                        >
                          {DEPTH_LABELS[depth]}
                        </Menu.Item>
                      ))}
                    </Menu.Dropdown>
                  </Menu>
                ) : (
                  ENTITY_LABELS[entity]
                )}
              </Table.Th>
              {ACTIONS.map((action) =>
                ENTITY_ACTIONS[entity].includes(action) ? (
                  <Table.Td key={action} className={classes.cell}>
                    <DepthCell entity={entity} action={action} depth={depthAt(entity, action)} onChange={onChange} />
                  </Table.Td>
                ) : (
                  <Table.Td key={action} className={classes.blank} aria-label={`${ENTITY_LABELS[entity]} have no ${action} privilege`} />
                ),
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DepthCell({ entity, action, depth, onChange }: { entity: Entity; action: Action; depth: Depth; onChange?: Props['onChange'] }) {
  const label = `${ENTITY_LABELS[entity]}, ${action}: ${DEPTH_LABELS[depth]}`;
  const face = (
    <Group gap={6} wrap="nowrap">
      <DepthIcon depth={depth} />
      <Text size="xs" c={depth === 'none' ? 'dimmed' : undefined} fw={depth === 'none' ? 400 : 500}>
        {SHORT[depth]}
      </Text>
    </Group>
  );
  if (!onChange) {
    return (
      <div className={classes.readonly} aria-label={label} title={DEPTH_HELP[depth]}>
        {face}
      </div>
    );
  }
  return (
    <Menu position="bottom-start" shadow="md" withinPortal width={300}>
      <Menu.Target>
        <UnstyledButton className={classes.depthButton} aria-label={label} title={DEPTH_HELP[depth]}>
          {face}
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {ENTITY_LABELS[entity]} · {humanize(action)}
        </Menu.Label>
        {DEPTHS.map((option) => (
          <Menu.Item
            key={option}
            leftSection={<DepthIcon depth={option} />}
            rightSection={option === depth ? <IconCheck size={14} /> : null}
            onClick={() => onChange(entity, action, option)}
          >
            <Stack gap={0}>
              <Text size="sm">{DEPTH_LABELS[option]}</Text>
              <Text size="xs" c="dimmed">
                {DEPTH_HELP[option]}
              </Text>
            </Stack>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** What each circle means. */
export function DepthLegend() {
  return (
    <Group gap="lg" wrap="wrap">
      {DEPTHS.map((depth) => (
        <Group key={depth} gap={6} wrap="nowrap" title={DEPTH_HELP[depth]}>
          <DepthIcon depth={depth} />
          <Text size="xs" c="dimmed">
            <Text span size="xs" fw={600} c="var(--mantine-color-text)">
              {DEPTH_LABELS[depth]}
            </Text>
            {' – '}
            {DEPTH_HELP[depth].charAt(0).toLowerCase() + DEPTH_HELP[depth].slice(1)}
          </Text>
        </Group>
      ))}
    </Group>
  );
}
