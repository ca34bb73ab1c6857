// A searchable select of records fetched from the API as you type.
import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import type { Option, OptionGroup } from '@/shared/api/lookups';

type Props = {
  label: string;
  placeholder?: string;
  value: string | null;
  onChange: (value: string | null) => void;
  /** Records matching the text (empty text: the most relevant few), flat or in groups. */
  search: (text: string) => Promise<Option[] | OptionGroup[]>;
  /** The label of the current value, when it is not among the results. */
  selected?: Option | null;
  error?: string | undefined;
  description?: string;
  queryKey: string;
  /** Ids not to offer (the record itself, for a parent). */
  exclude?: string | readonly string[];
  withAsterisk?: boolean;
  clearable?: boolean;
  autoFocus?: boolean;
  /** The accessible name when there is no visible label. */
  ariaLabel?: string;
  /** Keeps the dropdown inside a modal. */
  withinPortal?: boolean;
};

function isGroup(entry: Option | OptionGroup): entry is OptionGroup {
  return 'group' in entry;
}

export function RecordPicker(props: Props) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 200);
  const results = useQuery({
    queryKey: [props.queryKey, 'picker', debounced],
    queryFn: () => props.search(debounced),
    staleTime: 30_000,
  });
  const excluded = new Set(typeof props.exclude === 'string' ? [props.exclude] : (props.exclude ?? []));
  const keep = (o: Option) => !excluded.has(o.value);
  const data: (Option | OptionGroup)[] = (results.data ?? [])
    .map((entry: Option | OptionGroup) => (isGroup(entry) ? { group: entry.group, items: entry.items.filter(keep) } : entry))
    .filter((entry) => (isGroup(entry) ? entry.items.length > 0 : keep(entry)));
  const present = data.some((entry) => (isGroup(entry) ? entry.items.some((o) => o.value === props.selected?.value) : entry.value === props.selected?.value));
  if (props.selected && !present) data.unshift(props.selected);
  return (
    <Select
      label={props.label || undefined}
      aria-label={props.ariaLabel}
      placeholder={props.placeholder}
      description={props.description}
      data={data}
      value={props.value}
      onChange={(value) => props.onChange(value)}
      searchable
      clearable={props.clearable ?? true}
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      error={props.error}
      withAsterisk={props.withAsterisk}
      autoFocus={props.autoFocus}
      comboboxProps={props.withinPortal === false ? { withinPortal: false } : undefined}
    />
  );
}
