// The service plans contracts are made from: an allotment of cases or minutes, a length, and the
// service levels promised.
import { Badge, Button, Paper, Skeleton, Stack, Table, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';

import { problemDetail } from '@/shared/api/problem';
import { useContractTemplates, useSlaPolicies } from '@/shared/service/api';
import { formatAllotment } from '@/shared/service/words';
import { usePrivileges } from '@/shared/session/useSession';
import { PageHeader } from '@/shared/ui/PageHeader';
import { RowActions } from '@/shared/ui/RowActions';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useDeleteTemplate, type ContractTemplate } from './api';
import { ContractTemplateDialog } from './ContractTemplateDialog';

export function ContractTemplateList() {
  const privileges = usePrivileges();
  const canCreate = privileges.can('contract-templates', 'create');
  const canUpdate = privileges.can('contract-templates', 'update');
  const canDelete = privileges.can('contract-templates', 'delete');
  const templates = useContractTemplates();
  const policies = useSlaPolicies();
  const remove = useDeleteTemplate();
  // undefined: no dialog; null: a new template.
  const [editing, setEditing] = useState<ContractTemplate | null | undefined>(undefined);
  const rows = templates.data ?? [];
  const policyName = (id: string | null | undefined) => (id ? (policies.data?.find((p) => p.id === id)?.name ?? '…') : 'The default policy');

  const confirmDelete = (t: ContractTemplate) =>
    modals.openConfirmModal({
      title: `Delete ${t.name}?`,
      children: <Text size="sm">Contracts made from it keep their terms. A template that contracts name may be retired instead. This cannot be undone.</Text>,
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
        title="Contract templates"
        crumbs={[{ label: 'Administration', to: '/admin' }]}
        description="The service plans you sell. A contract made from one gets its allotment, its length and its service levels; each resolved case draws from the allotment."
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
            title="No contract templates yet"
            description="Add the plans you sell, such as “Gold support: 20 cases a year, premium service levels”."
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
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover aria-label="Contract templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Template</Table.Th>
                  <Table.Th w={160}>Allotment</Table.Th>
                  <Table.Th w={120}>Length</Table.Th>
                  <Table.Th w={200}>Service levels</Table.Th>
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
                      <Text size="sm">{formatAllotment(t.allotment, t.allotment_type)}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{t.duration_days} days</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" c={t.sla_policy_id ? undefined : 'dimmed'}>
                        {policyName(t.sla_policy_id)}
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
      {editing !== undefined && <ContractTemplateDialog template={editing} onClose={() => setEditing(undefined)} />}
    </>
  );
}
