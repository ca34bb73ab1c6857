// The service contracts: who is covered, from when to when, and how much of the allotment is
// used; filtered by status, searched by number or name.
import { Anchor, Button, Group, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { ContractStatusBadge } from '@/shared/service/Badges';
import type { ContractStatus } from '@/shared/service/words';
import { useCan } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDate } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { AllotmentBar } from './AllotmentBar';
import { useContracts, useCustomerNames, type Contract, type ContractSort } from './api';

const PAGE_SIZE = 25;

const VIEWS: { value: string; label: string; statuses: ContractStatus[] | null }[] = [
  { value: 'current', label: 'Active and draft', statuses: ['active', 'draft'] },
  { value: 'active', label: 'Active', statuses: ['active'] },
  { value: 'draft', label: 'Draft', statuses: ['draft'] },
  { value: 'ended', label: 'Ended', statuses: ['expired', 'cancelled'] },
  { value: 'all', label: 'All', statuses: null },
];

export function ContractList() {
  const navigate = useNavigate();
  const canCreate = useCan('contracts', 'create');
  const list = useListState<ContractSort>('-created_at', ['view']);
  const view = VIEWS.find((v) => v.value === (list.filters.view ?? 'current')) ?? VIEWS[0];
  const contracts = useContracts({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    'status[in]': view?.statuses ?? undefined,
    count: true,
  });
  const customers = useCustomerNames(contracts.data?.data).data;

  const columns: Column<Contract>[] = [
    {
      key: 'contract',
      header: 'Contract',
      sortField: 'number',
      render: (c) => (
        <Stack gap={0}>
          <Text size="xs" c="dimmed" ff="monospace">
            {c.number}
          </Text>
          <Anchor component={Link} to={`/contracts/${c.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
            {c.name}
          </Anchor>
        </Stack>
      ),
    },
    {
      key: 'customer',
      header: 'Customer',
      render: (c) => {
        const id = c.account_id ?? c.contact_id;
        return <Text size="sm">{id ? (customers?.get(id) ?? '…') : ''}</Text>;
      },
    },
    { key: 'status', header: 'Status', width: 110, render: (c) => <ContractStatusBadge status={c.status} /> },
    {
      key: 'coverage',
      header: 'Coverage',
      sortField: 'ends_on',
      visibleFrom: 'md',
      render: (c) => (
        <Text size="sm">
          {formatDate(c.starts_on)} – {formatDate(c.ends_on)}
        </Text>
      ),
    },
    { key: 'allotment', header: 'Allotment', width: 220, render: (c) => <AllotmentBar contract={c} /> },
  ];

  return (
    <>
      <PageHeader
        title="Contracts"
        description="Service plans sold to customers: the cases or minutes of work they include, from when to when, and the service levels promised."
        actions={
          canCreate && (
            <Button component={Link} to="/contracts/new" leftSection={<IconPlus size={16} />}>
              New contract
            </Button>
          )
        }
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <SegmentedControl
            data={VIEWS.map((v) => ({ value: v.value, label: v.label }))}
            value={view?.value ?? 'current'}
            onChange={(value) => list.setFilter('view', value === 'current' ? null : value)}
            aria-label="Which contracts"
          />
          <TextInput
            placeholder="Search number or name…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search contracts"
          />
        </Group>
        {contracts.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={contracts.error} onRetry={() => void contracts.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Contracts"
            columns={columns}
            rows={contracts.data?.data}
            rowKey={(c) => c.id}
            loading={contracts.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as ContractSort)}
            onRowClick={(c) => void navigate(`/contracts/${c.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={contracts.data?.total ?? undefined}
            hasNext={Boolean(contracts.data?.next_cursor)}
            onNext={() => contracts.data?.next_cursor && list.next(contracts.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              <EmptyState
                title={list.q ? 'No matching contracts' : 'No contracts here'}
                description={list.q ? 'Try another search.' : 'Sell a service plan: make a contract from a template, then activate it.'}
                action={
                  canCreate &&
                  !list.q && (
                    <Button size="xs" mt="xs" component={Link} to="/contracts/new" leftSection={<IconPlus size={14} />}>
                      New contract
                    </Button>
                  )
                }
              />
            }
          />
        )}
      </Paper>
    </>
  );
}
