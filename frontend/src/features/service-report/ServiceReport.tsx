// The service report: cases opened and resolved, average times to the first response and to the
// resolution, breaches, reactivations and time spent, over a period, by owner, queue, product,
// case type or period; a summary, two charts and the table of the figures.
import { Card, Group, Paper, SegmentedControl, Select, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';

import { formatMinutes } from '@/shared/service/words';
import { formatDate, formatNumber } from '@/shared/ui/format';
import { PageHeader } from '@/shared/ui/PageHeader';
import { EmptyState, QueryError } from '@/shared/ui/States';

import { useServiceReport, type GroupBy, type ServiceFigures } from './api';
import { BarList, ColumnChart, type Datum } from './Charts';
import { GROUPINGS, isPeriod, percent, presets, reportRows, type ReportRow } from './report';

const OPENED = { name: 'Opened', color: 'var(--mantine-color-blue-5)' };
const RESOLVED = { name: 'Resolved', color: 'var(--mantine-color-teal-5)' };
const FIRST_RESPONSE = { name: 'First response', color: 'var(--mantine-color-grape-5)' };
const RESOLUTION = { name: 'Resolution', color: 'var(--mantine-color-orange-5)' };

const count = (value: number) => formatNumber(Math.round(value));
const hours = (minutes: number) => (minutes >= 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes)} m`);

function isGroupBy(value: string | null): value is GroupBy {
  return GROUPINGS.some((g) => g.value === value);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function ServiceReport() {
  const [params, setParams] = useSearchParams();
  const [today] = useState(() => new Date());
  const ranges = presets(today);
  const fallback = ranges[1] ?? { value: '30d', label: 'Last 30 days', from: '', to: '' };
  const groupParam = params.get('group_by');
  const groupBy: GroupBy = isGroupBy(groupParam) ? groupParam : 'owner';
  const from = DATE.test(params.get('from') ?? '') ? (params.get('from') ?? '') : fallback.from;
  const to = DATE.test(params.get('to') ?? '') ? (params.get('to') ?? '') : fallback.to;
  const preset = ranges.find((r) => r.from === from && r.to === to)?.value ?? 'custom';
  const report = useServiceReport(groupBy, from, to);
  const rows = report.data ? reportRows(report.data) : [];
  const totals = report.data?.totals;

  const set = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  const opened: Datum[] = rows.map((r) => ({ key: r.key ?? 'none', label: isPeriod(groupBy) ? r.short : r.label, values: [r.cases_opened, r.cases_resolved] }));
  const times: Datum[] = rows.map((r) => ({
    key: r.key ?? 'none',
    label: isPeriod(groupBy) ? r.short : r.label,
    values: [r.avg_first_response_minutes ?? null, r.avg_resolution_minutes ?? null],
  }));
  const Chart = isPeriod(groupBy) ? ColumnChart : BarList;
  const empty = totals?.cases_opened === 0;

  return (
    <>
      <PageHeader
        title="Service report"
        description="How the service desk is doing: the cases opened in a period, how fast they were answered and solved, and the promises missed."
      />
      <Paper withBorder radius="md" p="sm" mb="lg">
        <Group gap="sm" wrap="wrap" align="flex-end">
          <Stack gap={4}>
            <Text size="xs" fw={600} c="dimmed">
              By
            </Text>
            <SegmentedControl aria-label="Group by" data={GROUPINGS} value={groupBy} onChange={(value) => set({ group_by: value === 'owner' ? null : value })} />
          </Stack>
          <Select
            label="Period"
            aria-label="Period"
            data={[...ranges.map((r) => ({ value: r.value, label: r.label })), { value: 'custom', label: 'Custom' }]}
            value={preset}
            onChange={(value) => {
              const range = ranges.find((r) => r.value === value);
              if (range) set({ from: range === fallback ? null : range.from, to: range === fallback ? null : range.to });
            }}
            allowDeselect={false}
            w={170}
          />
          <TextInput type="date" label="From" value={from} max={to} onChange={(e) => DATE.test(e.currentTarget.value) && set({ from: e.currentTarget.value })} w={160} />
          <TextInput type="date" label="To" value={to} min={from} onChange={(e) => DATE.test(e.currentTarget.value) && set({ to: e.currentTarget.value })} w={160} />
        </Group>
      </Paper>
      {report.error ? (
        <QueryError error={report.error} onRetry={() => void report.refetch()} />
      ) : !totals ? (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }}>
            {[0, 1, 2, 3, 4, 5].map((i) => (
              <Skeleton key={i} height={92} radius="md" />
            ))}
          </SimpleGrid>
          <Skeleton height={300} radius="md" />
        </Stack>
      ) : (
        <Stack gap="lg" style={{ opacity: report.isFetching ? 0.6 : 1, transition: 'opacity 150ms' }}>
          <Summary totals={totals} />
          {empty ? (
            <Card withBorder radius="md" padding="xl">
              <EmptyState title="No cases in this period" description={`No case was opened from ${formatDate(from)} to ${formatDate(to)}. Try a longer period.`} />
            </Card>
          ) : (
            <>
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
                <Card withBorder radius="md" padding="lg">
                  <Title order={5}>Opened and resolved</Title>
                  <Text size="xs" c="dimmed" mb="md">
                    Cases opened in the period, and how many of them are resolved.
                  </Text>
                  <Chart label="Cases opened and resolved" series={[OPENED, RESOLVED]} data={opened} format={count} />
                </Card>
                <Card withBorder radius="md" padding="lg">
                  <Title order={5}>Average times</Title>
                  <Text size="xs" c="dimmed" mb="md">
                    To the first response and to the resolution, on the service-level clock (pauses left out).
                  </Text>
                  <Chart label="Average times to the first response and to the resolution" series={[FIRST_RESPONSE, RESOLUTION]} data={times} format={formatMinutes} axis={hours} />
                </Card>
              </SimpleGrid>
              <FiguresTable rows={rows} totals={totals} groupBy={groupBy} />
            </>
          )}
        </Stack>
      )}
    </>
  );
}

function Summary({ totals: t }: { totals: ServiceFigures }) {
  const resolvedRate = percent(t.cases_resolved, t.cases_opened);
  const reactivationRate = percent(t.reactivations, t.cases_resolved);
  const breaches = t.first_response_breaches + t.resolution_breaches;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md">
      <Kpi label="Cases opened" value={formatNumber(t.cases_opened)} hint={`${formatNumber(t.cases_open)} still open`} />
      <Kpi label="Resolved" value={formatNumber(t.cases_resolved)} hint={resolvedRate === null ? 'Of none' : `${resolvedRate}% of those opened`} color="teal" />
      <Kpi label="First response" value={t.avg_first_response_minutes === null || t.avg_first_response_minutes === undefined ? '—' : formatMinutes(t.avg_first_response_minutes)} hint="On average" />
      <Kpi label="Resolution" value={t.avg_resolution_minutes === null || t.avg_resolution_minutes === undefined ? '—' : formatMinutes(t.avg_resolution_minutes)} hint="On average" />
      <Kpi
        label="Breaches"
        value={formatNumber(breaches)}
        hint={`${t.first_response_breaches} response, ${t.resolution_breaches} resolution`}
        color={breaches > 0 ? 'red' : undefined}
      />
      <Kpi label="Reactivated" value={reactivationRate === null ? '—' : `${reactivationRate}%`} hint={`${t.reactivations} of ${t.cases_resolved} resolved`} />
    </SimpleGrid>
  );
}

function Kpi({ label, value, hint, color }: { label: string; value: string; hint: string; color?: string }) {
  return (
    <Card withBorder radius="md" padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
        {label}
      </Text>
      <Text fz={26} fw={700} c={color} lh={1.3}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {hint}
      </Text>
    </Card>
  );
}

const minutes = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatMinutes(value));

function FiguresTable({ rows, totals: t, groupBy }: { rows: ReportRow[]; totals: ServiceFigures; groupBy: GroupBy }) {
  const groupLabel = GROUPINGS.find((g) => g.value === groupBy)?.label ?? 'Group';
  // The charts show the quiet periods; the table keeps to those with cases.
  const shown = rows.filter((r) => r.cases_opened > 0);
  const left = rows.length - shown.length;
  return (
    <Card withBorder radius="md" padding={0}>
      <Group px="lg" pt="lg" pb="xs" justify="space-between">
        <Title order={5}>Figures by {groupLabel.toLowerCase()}</Title>
        {left > 0 && isPeriod(groupBy) && (
          <Text size="xs" c="dimmed">
            {left} {groupBy === 'day' ? 'day' : groupBy}
            {left === 1 ? '' : 's'} without cases left out
          </Text>
        )}
      </Group>
      <Table.ScrollContainer minWidth={980}>
        <Table verticalSpacing="xs" horizontalSpacing="md" striped highlightOnHover aria-label="Service figures">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{groupLabel}</Table.Th>
              <Table.Th ta="right">Opened</Table.Th>
              <Table.Th ta="right">Resolved</Table.Th>
              <Table.Th ta="right">Open</Table.Th>
              <Table.Th ta="right">Avg first response</Table.Th>
              <Table.Th ta="right">Avg resolution</Table.Th>
              <Table.Th ta="right">Response breaches</Table.Th>
              <Table.Th ta="right">Resolution breaches</Table.Th>
              <Table.Th ta="right">Reactivations</Table.Th>
              <Table.Th ta="right">Time spent</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.key ?? 'none'} style={r.cases_opened === 0 ? { color: 'var(--mantine-color-dimmed)' } : undefined}>
                <Table.Td>
                  <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
                    {r.label}
                  </Text>
                </Table.Td>
                <Num value={formatNumber(r.cases_opened)} />
                <Num value={formatNumber(r.cases_resolved)} />
                <Num value={formatNumber(r.cases_open)} />
                <Num value={minutes(r.avg_first_response_minutes)} />
                <Num value={minutes(r.avg_resolution_minutes)} />
                <Num value={formatNumber(r.first_response_breaches)} alarm={r.first_response_breaches > 0} />
                <Num value={formatNumber(r.resolution_breaches)} alarm={r.resolution_breaches > 0} />
                <Num value={formatNumber(r.reactivations)} />
                <Num value={formatMinutes(r.time_spent_minutes)} />
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr style={{ fontWeight: 700 }}>
              <Table.Th>All cases</Table.Th>
              <Num value={formatNumber(t.cases_opened)} strong />
              <Num value={formatNumber(t.cases_resolved)} strong />
              <Num value={formatNumber(t.cases_open)} strong />
              <Num value={minutes(t.avg_first_response_minutes)} strong />
              <Num value={minutes(t.avg_resolution_minutes)} strong />
              <Num value={formatNumber(t.first_response_breaches)} strong alarm={t.first_response_breaches > 0} />
              <Num value={formatNumber(t.resolution_breaches)} strong alarm={t.resolution_breaches > 0} />
              <Num value={formatNumber(t.reactivations)} strong />
              <Num value={formatMinutes(t.time_spent_minutes)} strong />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

function Num({ value, alarm, strong }: { value: string; alarm?: boolean; strong?: boolean }) {
  return (
    <Table.Td ta="right">
      <Text size="sm" c={alarm ? 'red' : undefined} fw={strong ? 700 : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {value}
      </Text>
    </Table.Td>
  );
}
