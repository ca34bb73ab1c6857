// A searchable select of records fetched from the API as you type.
import { Loader, Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import type { Option } from '@/shared/api/lookups';


type Props = {
  label: string;
  placeholder?: string;
  value: string | null;
  onChange: (value: string | null) => void;
  /** Records matching the text (empty text: the most relevant few). */
  search: (text: string) => Promise<Option[]>;
  /** The label of the current value, when it is not among the results. */
  selected?: Option | null;
  error?: string | undefined;
  description?: string;
  queryKey: string;
  exclude?: string;
};

export function RecordPicker(props: Props) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 200);
  const results = useQuery({
    queryKey: [props.queryKey, 'picker', debounced],
    queryFn: () => props.search(debounced),
    staleTime: 30_000,
  });
  const options = (results.data ?? []).filter((o) => o.value !== props.exclude);
  if (props.selected && !options.some((o) => o.value === props.selected?.value)) {
    options.unshift(props.selected);
  }
  return (
    <Select
      label={props.label}
      placeholder={props.placeholder}
      description={props.description}
      data={options}
      value={props.value}
      onChange={(value) => props.onChange(value)}
      searchable
      clearable
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: all }) => all}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      error={props.error}
    />
  );
}
