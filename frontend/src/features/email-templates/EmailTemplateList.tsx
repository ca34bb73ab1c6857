// The organization's email templates: what each is for, the record it fills from, in use or not.
import { Badge, Button, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { usePrivileges } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useDeleteTemplate, useTemplateList, type EmailTemplate, type EmailTemplateSort } from './api';
import { EmailTemplateDialog } from './EmailTemplateDialog';
import { ENTITY_LABELS } from './placeholders';

const PAGE_SIZE = 25;

export function EmailTemplateList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('email-templates', 'create');
  const canUpdate = privileges.can('email-templates', 'update');
  const canDelete = privileges.can('email-templates', 'delete');
  const list = useListState<EmailTemplateSort>('name');
  const templates = useTemplateList({ limit: PAGE_SIZE, sort: list.sort, q: list.q, cursor: list.cursor, count: true });
  const remove = useDeleteTemplate();
  const [editing, setEditing] = useState<EmailTemplate | null | undefined>(undefined);

  const confirmDelete = (t: EmailTemplate) =>
    modals.openConfirmModal({
      title: `Delete ${t.name}?`,
      children: <Text size="sm">Emails already written from it are kept. To stop offering it but keep it, turn it off instead.</Text>,
      labels: { confirm: 'Delete template', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        remove.mutate(
          { id: t.id, version: t.version },
          {
            onSuccess: () => notifications.show({ color: 'teal', title: 'Template deleted', message: t.name }),
            onError: (error) => notifications.show({ color: 'red', title: `Could not delete ${t.name}`, message: problemDetail(error) }),
          },
        ),
    });

  const columns: Column<EmailTemplate>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'name',
      render: (t) => (
        <Stack gap={0}>
          <Text fw={600} size="sm">
            {t.name}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {t.subject}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'entity',
      header: 'For',
      render: (t) => (
        <Badge variant="light" radius="sm" tt="none">
          {ENTITY_LABELS[t.entity]}
        </Badge>
      ),
    },
    {
      key: 'placeholders',
      header: 'Placeholders',
      visibleFrom: 'md',
      render: (t) => (
        <Text size="xs" c="dimmed" lineClamp={2} maw={320}>
          {t.placeholders.length ? t.placeholders.join(', ') : 'None'}
        </Text>
      ),
    },
    {
      key: 'active',
      header: 'Offered',
      render: (t) =>
        t.is_active ? (
          <Badge color="teal" variant="light" radius="sm">
            Yes
          </Badge>
        ) : (
          <Badge color="gray" variant="light" radius="sm">
            Off
          </Badge>
        ),
    },
    {
      key: 'updated',
      header: 'Changed',
      visibleFrom: 'lg',
      render: (t) => (
        <Text size="sm" c="dimmed">
          {formatRelative(t.updated_at)}
        </Text>
      ),
    },
    {
      key: 'actions',
      header: '',
      align: 'right',
      width: 96,
      render: (t) => (
        <RowActions
          name={t.name}
          onEdit={canUpdate ? () => setEditing(t) : undefined}
          onDelete={canDelete ? () => confirmDelete(t) : undefined}
        />
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Email templates"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="Emails written once and sent in two clicks: placeholders fill in the customer's name, the deal, and the sender."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New template
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <TextInput
            placeholder="Search templates…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search templates"
          />
        </Group>
        {templates.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Email templates"
            columns={columns}
            rows={templates.data?.data}
            rowKey={(t) => t.id}
            loading={templates.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as EmailTemplateSort)}
            onRowClick={canUpdate ? (t) => setEditing(t) : undefined}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={templates.data?.total ?? undefined}
            hasNext={Boolean(templates.data?.next_cursor)}
            onNext={() => templates.data?.next_cursor && list.next(templates.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              list.q ? (
                <EmptyState title="No matching templates" description="Try another search." />
              ) : (
                <EmptyState
                  title="No email templates yet"
                  description="Write the emails your team sends again and again: a thank-you after a meeting, a proposal follow-up."
                  action={
                    canCreate && (
                      <Button size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
                        New template
                      </Button>
                    )
                  }
                />
              )
            }
          />
        )}
      </Paper>
      {editing !== undefined && <EmailTemplateDialog template={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
