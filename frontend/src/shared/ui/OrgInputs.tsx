// Inputs for the organization: a business unit (shown as the tree), roles, users.
import { Group, Loader, MultiSelect, Select, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { searchUsers, useAllRoles, useUnits, useUsersById, type Option } from '@/shared/api/lookups';

type UnitSelectProps = {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  error?: string | undefined;
  description?: string;
  placeholder?: string;
  /** Units that may not be chosen (a unit and those below it, when moving it). */
  exclude?: ReadonlySet<string>;
  withAsterisk?: boolean;
  clearable?: boolean;
  autoFocus?: boolean;
  'aria-label'?: string;
  w?: number | string;
};

/** A business unit, chosen from the organization's tree (indented by level). */
export function UnitSelect(props: UnitSelectProps) {
  const { units, byId, isPending } = useUnits();
  const data = (units ?? []).map((u) => ({ value: u.id, label: u.name, disabled: props.exclude?.has(u.id) ?? false }));
  return (
    <Select
      label={props.label}
      aria-label={props['aria-label']}
      description={props.description}
      placeholder={props.placeholder ?? 'Choose a business unit…'}
      data={data}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      withAsterisk={props.withAsterisk}
      clearable={props.clearable}
      autoFocus={props.autoFocus}
      searchable
      w={props.w}
      nothingFoundMessage="No such unit"
      rightSection={isPending ? <Loader size={14} /> : undefined}
      renderOption={({ option, checked }) => {
        const unit = byId.get(option.value);
        return (
          <Group gap={6} wrap="nowrap" justify="space-between" w="100%" style={{ paddingLeft: (unit?.level ?? 0) * 16 }}>
            <Text size="sm" c={option.disabled ? 'dimmed' : undefined} fw={unit?.level === 0 ? 600 : undefined}>
              {option.label}
            </Text>
            {checked && <IconCheck size={14} color="var(--mantine-color-dimmed)" />}
          </Group>
        );
      }}
    />
  );
}

type RoleSelectProps = {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
  description?: string;
};

/** Roles, chosen from every role of the organization. */
export function RoleMultiSelect(props: RoleSelectProps) {
  const roles = useAllRoles();
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? 'Choose roles…' : undefined}
      data={(roles.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error ?? (roles.error ? 'The roles could not be loaded (you may not read roles).' : undefined)}
      searchable
      clearable
      hidePickedOptions
      nothingFoundMessage="No such role"
      rightSection={roles.isPending ? <Loader size={14} /> : undefined}
    />
  );
}

type UsersSelectProps = {
  label: string;
  value: string[];
  onChange: (value: string[]) => void;
  error?: string | undefined;
  description?: string;
  placeholder?: string;
  /** Users not to offer (already members). */
  exclude?: ReadonlySet<string>;
  autoFocus?: boolean;
};

/** Several active users, searched as you type. */
export function UsersMultiSelect(props: UsersSelectProps) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 200);
  const results = useQuery({ queryKey: ['users', 'picker', debounced], queryFn: () => searchUsers(debounced), staleTime: 30_000 });
  const [known, setKnown] = useState<ReadonlyMap<string, string>>(new Map());
  const unknown = props.value.filter((id) => !known.has(id));
  const chosen = useUsersById(unknown);
  const options = new Map<string, Option>();
  // The chosen users stay in the data so their pills keep a name while the search changes.
  for (const id of props.value) options.set(id, { value: id, label: known.get(id) ?? chosen.data?.get(id)?.full_name ?? '…' });
  for (const o of results.data ?? []) if (!props.exclude?.has(o.value)) options.set(o.value, o);
  const onChange = (ids: string[]) => {
    const next = new Map(known);
    for (const id of ids) {
      const label = options.get(id)?.label;
      if (label && label !== '…') next.set(id, label);
    }
    setKnown(next);
    props.onChange(ids);
  };
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? (props.placeholder ?? 'Search users…') : undefined}
      data={[...options.values()]}
      value={props.value}
      onChange={onChange}
      searchable
      searchValue={text}
      onSearchChange={setText}
      filter={({ options: all }) => all}
      hidePickedOptions
      error={props.error}
      autoFocus={props.autoFocus}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
    />
  );
}
