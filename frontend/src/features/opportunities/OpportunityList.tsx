// The pipeline as a list: open opportunities by default, by stage, most likely first.
import { Anchor, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';

import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatDate, formatMoney } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { useOpportunities, useSalesStages, type Opportunity, type OpportunitySort } from './api';
import { OpportunityStatusBadge } from './StatusBadge';
import { PipelineActions } from './ViewSwitch';

const PAGE_SIZE = 25;

export function OpportunityList() {
  const navigate = useNavigate();
  const list = useListState<OpportunitySort>('-probability', ['status', 'stage']);
  const status = (list.filters.status ?? 'open') as Opportunity['status'] | 'all';
  const stages = useSalesStages();
  const stageLabel = (value: string) => stages.data?.find((s) => s.value === value)?.label ?? value;
  const opportunities = useOpportunities({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    status: status === 'all' ? undefined : status,
    stage: list.filters.stage,
    count: true,
  });

  const columns: Column<Opportunity>[] = [
    {
      key: 'name',
      header: 'Opportunity',
      sortField: 'name',
      render: (o) => (
        <Anchor component={Link} to={`/opportunities/${o.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
          {o.name}
        </Anchor>
      ),
    },
    { key: 'stage', header: 'Stage', render: (o) => <Text size="sm">{stageLabel(o.stage)}</Text> },
    { key: 'status', header: 'Status', visibleFrom: 'sm', render: (o) => <OpportunityStatusBadge status={o.status} /> },
    { key: 'probability', header: 'Probability', sortField: 'probability', render: (o) => <Text size="sm">{o.probability}%</Text> },
    {
      key: 'revenue',
      header: 'Estimated revenue',
      visibleFrom: 'md',
      render: (o) => <Text size="sm">{formatMoney(o.status === 'won' ? o.actual_revenue : o.estimated_revenue, o.currency)}</Text>,
    },
    { key: 'close', header: 'Expected close', visibleFrom: 'lg', render: (o) => <Text size="sm">{formatDate(o.actual_close_date ?? o.estimated_close_date)}</Text> },
  ];

  return (
    <>
      <PageHeader
        title="Opportunities"
        description="Potential sales, through the stages of the sales process to a win or a loss."
        actions={<PipelineActions view="list" />}
      />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <SegmentedControl
            data={[
              { value: 'open', label: 'Open' },
              { value: 'won', label: 'Won' },
              { value: 'lost', label: 'Lost' },
              { value: 'all', label: 'All' },
            ]}
            value={status}
            onChange={(value) => list.setFilter('status', value === 'open' ? null : value)}
            aria-label="Which opportunities"
          />
          <TextInput
            placeholder="Search by name…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search opportunities"
          />
          <Select
            placeholder="Any stage"
            data={(stages.data ?? []).map((s) => ({ value: s.value, label: s.label }))}
            value={list.filters.stage ?? null}
            onChange={(value) => list.setFilter('stage', value)}
            clearable
            w={180}
            aria-label="Stage"
          />
        </Group>
        {opportunities.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={opportunities.error} onRetry={() => void opportunities.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Opportunities"
            columns={columns}
            rows={opportunities.data?.data}
            rowKey={(o) => o.id}
            loading={opportunities.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as OpportunitySort)}
            onRowClick={(o) => void navigate(`/opportunities/${o.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={opportunities.data?.total ?? undefined}
            hasNext={Boolean(opportunities.data?.next_cursor)}
            onNext={() => opportunities.data?.next_cursor && list.next(opportunities.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              <Stack p="md">
                <EmptyState title="No opportunities here" description="Qualify a lead into an opportunity, or try another view." />
              </Stack>
            }
          />
        )}
      </Paper>
    </>
  );
}
