// The templates knowledge articles are written from: the sections they ask for, in order, with
// what the writer puts in each.
import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { useArticleTemplates, type ArticleTemplate } from '@/shared/knowledge/api';
import { usePrivileges } from '@/shared/session/useSession';
import { formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useDeleteTemplate } from './api';
import { ArticleTemplateDialog } from './ArticleTemplateDialog';

export function ArticleTemplateList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('article-templates', 'create');
  const canUpdate = privileges.can('article-templates', 'update');
  const canDelete = privileges.can('article-templates', 'delete');
  const templates = useArticleTemplates();
  const remove = useDeleteTemplate();
  // undefined: no dialog; null: a new template.
  const [editing, setEditing] = useState<ArticleTemplate | null | undefined>(undefined);
  const rows = templates.data ?? [];

  const confirmDelete = (t: ArticleTemplate) =>
    modals.openConfirmModal({
      title: `Delete ${t.name}?`,
      children: <Text size="sm">Articles written from it keep their sections. A template articles name may be retired instead. This cannot be undone.</Text>,
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

  return (
    <>
      <PageHeader
        title="Article templates"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The sections knowledge articles are written in. A writer who chooses one gets its headings, each with what to put in it, so that every known issue reads the same way."
        actions={
          canCreate && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing(null)}>
              New template
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        {templates.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={templates.error} onRetry={() => void templates.refetch()} />
          </div>
        ) : templates.isPending ? (
          <Stack p="md" gap="sm">
            {[0, 1].map((i) => (
              <Skeleton key={i} height={36} />
            ))}
          </Stack>
        ) : rows.length === 0 ? (
          <EmptyState
            title="No article templates yet"
            description="Add the shapes your answers take, such as “Known issue: symptom, cause, resolution” or “How-to: goal, steps”."
            action={
              canCreate && (
                <Button size="xs" mt="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing(null)}>
                  New template
                </Button>
              )
            }
          />
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Article templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Template</Table.Th>
                  <Table.Th>Sections</Table.Th>
                  <Table.Th w={140}>Changed</Table.Th>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th w={96} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((t) => (
                  <Table.Tr key={t.id} aria-label={t.name} style={t.is_active ? undefined : { opacity: 0.7 }}>
                    <Table.Td>
                      <Text size="sm" fw={600}>
                        {t.name}
                      </Text>
                      {t.description && (
                        <Text size="xs" c="dimmed" lineClamp={1} maw={360}>
                          {t.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {t.sections.map((s, i) => (
                          <Badge key={s.title} variant="light" color="gray" radius="sm" tt="none">
                            {i + 1}. {s.title}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c="dimmed">
                        {formatRelative(t.updated_at)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={t.is_active ? 'teal' : 'gray'} radius="sm">
                        {t.is_active ? 'Offered' : 'Retired'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <RowActions name={t.name} onEdit={canUpdate ? () => setEditing(t) : undefined} onDelete={canDelete ? () => confirmDelete(t) : undefined} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
      {editing !== undefined && <ArticleTemplateDialog template={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
