// What every record screen does around its content: loading, "not found", errors; and the
// Edit / Delete actions of its header.
import { ActionIcon, Anchor, Button, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { IconDots, IconEdit, IconTrash } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

import { ApiProblem } from '@/shared/api/problem';

import { NotFound, PageLoader, QueryError } from './States';

type LoaderProps<T> = {
  query: UseQueryResult<T>;
  /** What the record is, for "this account does not exist". */
  what: string;
  /** Where "back" goes. */
  listPath: string;
  listLabel: string;
  children: (record: T) => ReactNode;
};

/** Renders a record once it is loaded; a 404 shows "not found", other errors offer a retry. */
export function RecordLoader<T>({ query, what, listPath, listLabel, children }: LoaderProps<T>) {
  if (query.isPending) return <PageLoader />;
  if (query.isError) {
    if (query.error instanceof ApiProblem && query.error.status === 404) {
      return (
        <NotFound
          what={what}
          back={
            <Anchor component={Link} to={listPath}>
              Back to {listLabel}
            </Anchor>
          }
        />
      );
    }
    return <QueryError error={query.error} onRetry={() => void query.refetch()} />;
  }
  return <>{children(query.data)}</>;
}

type ActionsProps = {
  editTo: string;
  canUpdate: boolean;
  canDelete: boolean;
  /** "account", "contact". */
  what: string;
  name: string;
  /** What deleting does to related records, for the confirmation. */
  consequence: string;
  onDelete: () => void;
};

/** Edit, and Delete behind a menu and a confirmation. */
export function RecordActions({ editTo, canUpdate, canDelete, what, name, consequence, onDelete }: ActionsProps) {
  const confirm = () =>
    modals.openConfirmModal({
      title: `Delete ${name}?`,
      children: <Text size="sm">{consequence} This cannot be undone.</Text>,
      labels: { confirm: `Delete ${what}`, cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: onDelete,
    });
  return (
    <>
      {canUpdate && (
        <Button component={Link} to={editTo} variant="default" leftSection={<IconEdit size={16} />}>
          Edit
        </Button>
      )}
      {canDelete && (
        <Menu position="bottom-end" shadow="md">
          <Menu.Target>
            <ActionIcon variant="default" size="lg" aria-label="More actions">
              <IconDots size={18} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={confirm}>
              Delete {what}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      )}
    </>
  );
}
