import { MantineProvider } from '@mantine/core';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { DataTable, type Column } from './DataTable';

type Row = { id: string; name: string };
const columns: Column<Row>[] = [{ key: 'name', header: 'Name', sortField: 'name', render: (r) => r.name }];

function renderTable(props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) {
  return render(
    <MantineProvider>
      <DataTable<Row>
        label="Things"
        columns={columns}
        rows={[{ id: '1', name: 'Alpha' }, { id: '2', name: 'Beta' }]}
        rowKey={(r) => r.id}
        loading={false}
        empty={<span>Nothing here</span>}
        {...props}
      />
    </MantineProvider>,
  );
}

describe('DataTable', () => {
  it('renders a row per record and toggles the sort of a column', () => {
    const onSort = vi.fn();
    renderTable({ sort: 'name', onSort });
    const table = screen.getByRole('table', { name: 'Things' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Sort by Name' }));
    expect(onSort).toHaveBeenCalledWith('-name');
  });

  it('shows the empty state when there are no records', () => {
    renderTable({ rows: [] });
    expect(screen.getByText('Nothing here')).toBeInTheDocument();
  });

  it('pages with next and previous and says which records are shown', () => {
    const onNext = vi.fn();
    renderTable({ page: 2, pageSize: 2, total: 5, hasNext: true, onNext, onPrevious: vi.fn() });
    expect(screen.getByText('3–4 of 5')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onNext).toHaveBeenCalled();
  });

  it('selects rows one by one and all rows of the page at once', () => {
    const onChange = vi.fn();
    const { rerender } = renderTable({ selection: { selected: new Set(), onChange, rowLabel: (r) => `Select ${r.name}` } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select Beta' }));
    expect(onChange).toHaveBeenLastCalledWith(new Set(['2']));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all rows on this page' }));
    expect(onChange).toHaveBeenLastCalledWith(new Set(['1', '2']));
    rerender(
      <MantineProvider>
        <DataTable<Row>
          label="Things"
          columns={columns}
          rows={[{ id: '1', name: 'Alpha' }, { id: '2', name: 'Beta' }]}
          rowKey={(r) => r.id}
          loading={false}
          empty={null}
          selection={{ selected: new Set(['1', '2']), onChange, rowLabel: (r) => `Select ${r.name}` }}
        />
      </MantineProvider>,
    );
    fireEvent.click(screen.getByRole('checkbox', { name: 'Select all rows on this page' }));
    expect(onChange).toHaveBeenLastCalledWith(new Set());
  });
});
