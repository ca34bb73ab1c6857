// The state of a list screen: search text, sort and filters live in the URL (so a list can be
// linked and the back button works); the cursors of the pages seen so far live in memory.
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';

export type ListState<Sort extends string> = {
  search: string;
  /** The search text after typing pauses, as sent to the API. */
  q: string | undefined;
  setSearch: (text: string) => void;
  sort: Sort;
  setSort: (sort: Sort) => void;
  filters: Record<string, string>;
  setFilter: (name: string, value: string | null) => void;
  cursor: string | undefined;
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
};

export function useListState<Sort extends string>(defaultSort: Sort, filterNames: readonly string[] = []): ListState<Sort> {
  const [params, setParams] = useSearchParams();
  const [search, setSearchText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const sort = (params.get('sort') ?? defaultSort) as Sort;
  const [cursors, setCursors] = useState<string[]>([]);
  const filterKey = filterNames.map((name) => params.get(name) ?? '').join('|');

  const filters = useMemo(() => {
    const values: Record<string, string> = {};
    for (const name of filterNames) {
      const value = params.get(name);
      if (value) values[name] = value;
    }
    return values;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- filterKey captures the values
  }, [filterKey]);

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      setCursors([]);
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
    },
    [setParams],
  );

  const [lastQ, setLastQ] = useState(debounced);
  if (lastQ !== debounced) {
    // The search settled on new text: start again from the first page.
    setLastQ(debounced);
    setCursors([]);
    if ((params.get('q') ?? '') !== debounced) update({ q: debounced || null });
  }

  return {
    search,
    q: debounced || undefined,
    setSearch: setSearchText,
    sort,
    setSort: (value) => update({ sort: value === defaultSort ? null : value }),
    filters,
    setFilter: (name, value) => update({ [name]: value }),
    cursor: cursors[cursors.length - 1],
    page: cursors.length + 1,
    next: (cursor) => setCursors((stack) => [...stack, cursor]),
    previous: () => setCursors((stack) => stack.slice(0, -1)),
  };
}
