// The table every list uses: sortable headers, clickable rows, loading and empty states, pages.
import { Box, Button, Center, Checkbox, Group, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronLeft, IconChevronRight, IconChevronUp, IconSelector } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import classes from './DataTable.module.css';

export type Column<Row> = {
  key: string;
  header: string;
  render: (row: Row) => ReactNode;
  /** The API sort field this column orders by. */
  sortField?: string;
  width?: number | string;
  visibleFrom?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  align?: 'left' | 'center' | 'right';
};

type Props<Row> = {
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey: (row: Row) => string;
  loading: boolean;
  sort?: string;
  onSort?: (sort: string) => void;
  onRowClick?: (row: Row) => void;
  rowHref?: (row: Row) => string;
  empty: ReactNode;
  /** Paging: shown when given. */
  page?: number;
  total?: number;
  pageSize?: number;
  hasNext?: boolean;
  onNext?: () => void;
  onPrevious?: () => void;
  label?: string;
  /** Rows chosen with a checkbox each, for an action on several at once. */
  selection?: Selection<Row>;
};

export type Selection<Row> = {
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
  /** What the row's checkbox says to a screen reader ("Select Ada Lovelace"). */
  rowLabel: (row: Row) => string;
  /** Rows that cannot be chosen. */
  disabled?: (row: Row) => boolean;
};

function SortIcon({ active, descending }: { active: boolean; descending: boolean }) {
  if (!active) return <IconSelector size={14} stroke={1.5} />;
  return descending ? <IconChevronDown size={14} stroke={2} /> : <IconChevronUp size={14} stroke={2} />;
}

export function DataTable<Row>(props: Props<Row>) {
  const { columns, rows, loading, sort, onSort, onRowClick, selection } = props;
  const sortField = sort?.replace(/^-/, '');
  const descending = sort?.startsWith('-') ?? false;
  const selectable = (rows ?? []).filter((row) => !selection?.disabled?.(row)).map(props.rowKey);
  const allSelected = selectable.length > 0 && selectable.every((key) => selection?.selected.has(key));
  const someSelected = selectable.some((key) => selection?.selected.has(key));
  const span = columns.length + (selection ? 1 : 0);

  const header = (
    <Table.Tr>
      {selection && (
        <Table.Th w={40}>
          <Checkbox
            aria-label="Select all rows on this page"
            checked={allSelected}
            indeterminate={someSelected && !allSelected}
            disabled={selectable.length === 0}
            onChange={() => {
              const next = new Set(selection.selected);
              for (const key of selectable) {
                if (allSelected) next.delete(key);
                else next.add(key);
              }
              selection.onChange(next);
            }}
          />
        </Table.Th>
      )}
      {columns.map((column) => (
        <Table.Th key={column.key} w={column.width} visibleFrom={column.visibleFrom} ta={column.align}>
          {column.sortField && onSort ? (
            <UnstyledButton
              className={classes.sortButton}
              onClick={() => {
                const field = column.sortField ?? '';
                onSort(sortField === field && !descending ? `-${field}` : field);
              }}
              aria-label={`Sort by ${column.header}`}
            >
              <Group gap={4} wrap="nowrap">
                <span>{column.header}</span>
                <SortIcon active={sortField === column.sortField} descending={descending} />
              </Group>
            </UnstyledButton>
          ) : (
            column.header
          )}
        </Table.Th>
      ))}
    </Table.Tr>
  );

  let body: ReactNode;
  if (loading && !rows) {
    body = Array.from({ length: 6 }, (_, i) => (
      <Table.Tr key={i}>
        {selection && <Table.Td />}
        {columns.map((column) => (
          <Table.Td key={column.key} visibleFrom={column.visibleFrom}>
            <Skeleton height={14} radius="sm" />
          </Table.Td>
        ))}
      </Table.Tr>
    ));
  } else if (!rows || rows.length === 0) {
    body = (
      <Table.Tr>
        <Table.Td colSpan={span}>
          <Center py="xl">{props.empty}</Center>
        </Table.Td>
      </Table.Tr>
    );
  } else {
    body = rows.map((row) => {
      const key = props.rowKey(row);
      const checked = selection?.selected.has(key) ?? false;
      return (
        <Table.Tr
          key={key}
          className={onRowClick ? classes.clickable : undefined}
          onClick={onRowClick ? () => onRowClick(row) : undefined}
          bg={checked ? 'var(--mantine-primary-color-light)' : undefined}
        >
          {selection && (
            <Table.Td onClick={(e) => e.stopPropagation()}>
              <Checkbox
                aria-label={selection.rowLabel(row)}
                checked={checked}
                disabled={selection.disabled?.(row) ?? false}
                onChange={(e) => {
                  const next = new Set(selection.selected);
                  if (e.currentTarget.checked) next.add(key);
                  else next.delete(key);
                  selection.onChange(next);
                }}
              />
            </Table.Td>
          )}
          {columns.map((column) => (
            <Table.Td key={column.key} visibleFrom={column.visibleFrom} ta={column.align}>
              {column.render(row)}
            </Table.Td>
          ))}
        </Table.Tr>
      );
    });
  }

  const showPager = props.onNext !== undefined && (props.hasNext || (props.page ?? 1) > 1);
  const pageSize = props.pageSize ?? 50;
  const first = ((props.page ?? 1) - 1) * pageSize + 1;
  const last = first + (rows?.length ?? 0) - 1;

  return (
    <Box>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing="sm" highlightOnHover={Boolean(onRowClick)} aria-label={props.label} aria-busy={loading}>
          <Table.Thead>{header}</Table.Thead>
          <Table.Tbody>{body}</Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {(showPager || props.total !== undefined) && rows && rows.length > 0 && (
        <Group justify="space-between" px="sm" py="xs" className={classes.footer}>
          <Text size="sm" c="dimmed">
            {first}–{last}
            {props.total !== undefined ? ` of ${new Intl.NumberFormat().format(props.total)}` : ''}
          </Text>
          {showPager && (
            <Group gap="xs">
              <Button
                variant="default"
                size="xs"
                leftSection={<IconChevronLeft size={14} />}
                disabled={(props.page ?? 1) <= 1}
                onClick={props.onPrevious}
              >
                Previous
              </Button>
              <Button
                variant="default"
                size="xs"
                rightSection={<IconChevronRight size={14} />}
                disabled={!props.hasNext}
                onClick={props.onNext}
              >
                Next
              </Button>
            </Group>
          )}
        </Group>
      )}
    </Box>
  );
}
