// The leads to work: filtered by status and rating, searched by name, company, email or phone.
import { Anchor, Button, Group, Paper, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFileImport, IconPlus, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';

import { useCan } from '@/shared/session/useSession';
import { DataTable, type Column } from '@/shared/ui/DataTable';
import { formatRelative } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';
import { useListState } from '@/shared/ui/useListState';

import { usePicklist, usePicklistLabels, useLeads, type Lead, type LeadSort, type LeadStatus } from './api';
import { LeadImport } from './LeadImport';
import { LeadStatusBadge } from './LeadStatusBadge';

const PAGE_SIZE = 25;

/** The work lists: open leads by default. */
const VIEWS: { value: string; label: string; statuses: LeadStatus[] | null }[] = [
  { value: 'open', label: 'Open', statuses: ['new', 'contacted'] },
  { value: 'qualified', label: 'Qualified', statuses: ['qualified'] },
  { value: 'disqualified', label: 'Disqualified', statuses: ['disqualified'] },
  { value: 'all', label: 'All', statuses: null },
];

export function LeadList() {
  const navigate = useNavigate();
  const canImport = useCan('leads', 'create');
  const [importing, setImporting] = useState(false);
  const list = useListState<LeadSort>('-created_at', ['view', 'rating']);
  const view = VIEWS.find((v) => v.value === (list.filters.view ?? 'open')) ?? VIEWS[0];
  const ratings = usePicklist('leads', 'rating');
  const ratingLabels = usePicklistLabels('leads', 'rating').data;
  const sourceLabels = usePicklistLabels('leads', 'source').data;
  const leads = useLeads({
    limit: PAGE_SIZE,
    sort: list.sort,
    q: list.q,
    cursor: list.cursor,
    'status[in]': view?.statuses ?? undefined,
    rating: list.filters.rating,
    count: true,
  });

  const columns: Column<Lead>[] = [
    {
      key: 'name',
      header: 'Name',
      sortField: 'full_name',
      render: (l) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/leads/${l.id}`} fw={600} size="sm" onClick={(e) => e.stopPropagation()}>
            {l.full_name}
          </Anchor>
          {l.subject && (
            <Text size="xs" c="dimmed" truncate maw={260}>
              {l.subject}
            </Text>
          )}
        </Stack>
      ),
    },
    { key: 'company', header: 'Company', render: (l) => <Text size="sm">{l.company_name}</Text> },
    { key: 'status', header: 'Status', render: (l) => <LeadStatusBadge status={l.status} /> },
    { key: 'rating', header: 'Rating', visibleFrom: 'sm', render: (l) => <Text size="sm">{l.rating ? (ratingLabels?.get(l.rating) ?? l.rating) : ''}</Text> },
    { key: 'source', header: 'Source', visibleFrom: 'md', render: (l) => <Text size="sm">{l.source ? (sourceLabels?.get(l.source) ?? l.source) : ''}</Text> },
    { key: 'email', header: 'Email', visibleFrom: 'lg', render: (l) => <Text size="sm">{l.email}</Text> },
    {
      key: 'touched',
      header: 'Last worked on',
      visibleFrom: 'sm',
      render: (l) => (
        <Text size="sm" c={l.last_touched_at ? 'dimmed' : 'orange'}>
          {l.last_touched_at ? formatRelative(l.last_touched_at) : 'Not yet'}
        </Text>
      ),
    },
    {
      key: 'created',
      header: 'Created',
      sortField: 'created_at',
      visibleFrom: 'md',
      render: (l) => (
        <Text size="sm" c="dimmed">
          {formatRelative(l.created_at)}
        </Text>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="Leads"
        description="People and companies who showed interest: work them until they are qualified or not."
        actions={
          canImport && (
            <>
              <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
                Import leads
              </Button>
              <Button component={Link} to="/leads/new" leftSection={<IconPlus size={16} />}>
                New lead
              </Button>
            </>
          )
        }
      />
      <LeadImport opened={importing} onClose={() => setImporting(false)} />
      <Paper withBorder radius="md">
        <Group p="sm" gap="sm" wrap="wrap">
          <SegmentedControl
            data={VIEWS.map((v) => ({ value: v.value, label: v.label }))}
            value={view?.value ?? 'open'}
            onChange={(value) => list.setFilter('view', value === 'open' ? null : value)}
            aria-label="Which leads"
          />
          <TextInput
            placeholder="Search name, company, email, phone…"
            leftSection={<IconSearch size={16} />}
            value={list.search}
            onChange={(e) => list.setSearch(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
            aria-label="Search leads"
          />
          <Select
            placeholder="Any rating"
            data={(ratings.data ?? []).map((r) => ({ value: r.value, label: r.label }))}
            value={list.filters.rating ?? null}
            onChange={(value) => list.setFilter('rating', value)}
            clearable
            w={160}
            aria-label="Rating"
          />
        </Group>
        {leads.error ? (
          <div style={{ padding: 16 }}>
            <QueryError error={leads.error} onRetry={() => void leads.refetch()} />
          </div>
        ) : (
          <DataTable
            label="Leads"
            columns={columns}
            rows={leads.data?.data}
            rowKey={(l) => l.id}
            loading={leads.isFetching}
            sort={list.sort}
            onSort={(sort) => list.setSort(sort as LeadSort)}
            onRowClick={(l) => void navigate(`/leads/${l.id}`)}
            page={list.page}
            pageSize={PAGE_SIZE}
            total={leads.data?.total ?? undefined}
            hasNext={Boolean(leads.data?.next_cursor)}
            onNext={() => leads.data?.next_cursor && list.next(leads.data.next_cursor)}
            onPrevious={list.previous}
            empty={
              <EmptyState
                title="No leads here"
                description="Add a lead, import a list of leads from a spreadsheet, or try another view."
                action={
                  canImport && (
                    <Group gap="xs" mt="xs">
                      <Button size="xs" variant="default" leftSection={<IconFileImport size={14} />} onClick={() => setImporting(true)}>
                        Import leads
                      </Button>
                      <Button size="xs" component={Link} to="/leads/new" leftSection={<IconPlus size={14} />}>
                        New lead
                      </Button>
                    </Group>
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
