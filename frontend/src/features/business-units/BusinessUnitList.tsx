// The organization as a tree of business units: how many people each holds, and the changes an
// administrator makes to the structure (add a unit below another, rename, move, delete).
import { ActionIcon, Badge, Button, Menu, Paper, Text, ThemeIcon, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowsMove,
  IconBuilding,
  IconChevronDown,
  IconChevronRight,
  IconDots,
  IconHierarchy2,
  IconPencil,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';

import { useUnitTree } from '@/shared/api/lookups';
import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, PageLoader, QueryError } from '@/shared/ui/States';

import { allIds, descendantCount, useDeleteUnit, type UnitNode } from './api';
import classes from './BusinessUnits.module.css';
import { UnitDialog, type UnitDialogMode } from './UnitDialog';

export function BusinessUnitList() {
  const tree = useUnitTree();
  const privileges = usePrivileges();
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<UnitDialogMode | null>(null);
  const remove = useDeleteUnit();
  const canCreate = privileges.can('business-units', 'create');
  const canUpdate = privileges.can('business-units', 'update');
  const canDelete = privileges.can('business-units', 'delete');
  const root = tree.data?.[0];

  const toggle = (id: string) =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const confirmDelete = (unit: UnitNode) =>
    modals.openConfirmModal({
      title: `Delete ${unit.name}?`,
      children: (
        <Text size="sm">
          Only an empty unit can be deleted: one without units below it, users, teams, roles or records. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete unit', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: unit.id, version: unit.version },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Business unit deleted', message: unit.name }),
            onError: (error) =>
              notifications.show({ color: 'red', title: `Could not delete ${unit.name}`, message: problemDetail(error), autoClose: 10_000 }),
          },
        ),
    });

  const renderNode = (node: UnitNode, guides: number): ReactNode => {
    const open = !collapsed.has(node.id);
    const isRoot = !node.parent_id;
    const below = descendantCount(node);
    const actions = [
      canCreate && (
        <Menu.Item key="add" leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'create', parent: node })}>
          Add a unit below
        </Menu.Item>
      ),
      canUpdate && (
        <Menu.Item key="rename" leftSection={<IconPencil size={16} />} onClick={() => setDialog({ kind: 'rename', unit: node })}>
          Rename
        </Menu.Item>
      ),
      canUpdate && !isRoot && (
        <Menu.Item key="move" leftSection={<IconArrowsMove size={16} />} onClick={() => setDialog({ kind: 'move', unit: node })}>
          Move under another unit
        </Menu.Item>
      ),
      canDelete && !isRoot && <Menu.Divider key="divider" />,
      canDelete && !isRoot && (
        <Menu.Item key="delete" color="red" leftSection={<IconTrash size={16} />} onClick={() => confirmDelete(node)}>
          Delete
        </Menu.Item>
      ),
    ].filter(Boolean);
    return (
      <div key={node.id} role="treeitem" aria-expanded={node.children.length > 0 ? open : undefined} aria-label={node.name}>
        <div className={classes.row}>
          <div className={classes.name}>
            {Array.from({ length: guides }, (_, i) => (
              <span key={i} className={classes.guide} aria-hidden />
            ))}
            <span className={classes.toggle}>
              {node.children.length > 0 && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="sm"
                  onClick={() => toggle(node.id)}
                  aria-label={`${open ? 'Collapse' : 'Expand'} ${node.name}`}
                >
                  {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
                </ActionIcon>
              )}
            </span>
            <ThemeIcon variant="light" color={isRoot ? 'blue' : 'gray'} size={30} radius="md" className={classes.icon}>
              {isRoot ? <IconBuilding size={17} /> : <IconHierarchy2 size={17} />}
            </ThemeIcon>
            <Text fw={isRoot ? 700 : 600} size="sm" truncate style={{ minWidth: 48 }}>
              {node.name}
            </Text>
            {isRoot && (
              <Badge variant="light" size="sm" radius="sm" visibleFrom="sm" style={{ flexShrink: 0 }}>
                Organization
              </Badge>
            )}
            {!open && below > 0 && (
              <Text size="xs" c="dimmed" visibleFrom="sm" style={{ flexShrink: 0 }}>
                {below} {below === 1 ? 'unit' : 'units'} below
              </Text>
            )}
          </div>
          <Text className={classes.count} size="sm" c={node.user_count === 0 ? 'dimmed' : undefined}>
            {node.user_count} {node.user_count === 1 ? 'user' : 'users'}
          </Text>
          <div className={classes.actions}>
            {actions.length > 0 && (
              <Menu position="bottom-end" shadow="md" withinPortal>
                <Menu.Target>
                  <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${node.name}`}>
                    <IconDots size={18} />
                  </ActionIcon>
                </Menu.Target>
                <Menu.Dropdown>{actions}</Menu.Dropdown>
              </Menu>
            )}
          </div>
        </div>
        {open && node.children.length > 0 && <div role="group">{node.children.map((child) => renderNode(child, guides + 1))}</div>}
      </div>
    );
  };

  return (
    <>
      <PageHeader
        title="Business units"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The organization and the units below it. Users, teams, roles and records belong to a unit; a manager’s reach follows the tree."
        actions={
          canCreate &&
          root && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'create', parent: root })}>
              New business unit
            </Button>
          )
        }
      />
      {tree.isPending ? (
        <PageLoader />
      ) : tree.error ? (
        <QueryError error={tree.error} onRetry={() => void tree.refetch()} />
      ) : (
        <Paper withBorder radius="md">
          <div className={classes.head}>
            <Text className={classes.name} size="sm" fw={600}>
              Unit
            </Text>
            <Text className={classes.count} size="sm" fw={600}>
              Users
            </Text>
            <div className={classes.actions}>
              <Tooltip label={collapsed.size > 0 ? 'Expand all' : 'Collapse all'}>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={collapsed.size > 0 ? 'Expand all' : 'Collapse all'}
                  onClick={() => setCollapsed(collapsed.size > 0 ? new Set() : new Set(allIds(tree.data).filter((id) => id !== root?.id)))}
                >
                  {collapsed.size > 0 ? <IconChevronRight size={18} /> : <IconChevronDown size={18} />}
                </ActionIcon>
              </Tooltip>
            </div>
          </div>
          {tree.data.length === 0 ? (
            <EmptyState title="No business units" />
          ) : (
            <div role="tree" aria-label="Business units">
              {tree.data.map((node) => renderNode(node, 0))}
            </div>
          )}
        </Paper>
      )}
      {dialog && <UnitDialog mode={dialog} onClose={() => setDialog(null)} />}
    </>
  );
}
