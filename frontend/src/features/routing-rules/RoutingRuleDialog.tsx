// Creating or editing a routing rule: its name, the queue it sends to, and what a case must be
// for it to apply (every condition given must hold; none takes every case).
import { Button, Divider, Group, Loader, Modal, MultiSelect, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { searchAccounts } from '@/shared/api/lookups';
import { picklistOptions, useCasePicklist, useQueues } from '@/shared/service/api';
import { ORIGIN, ORIGINS, PRIORITIES, PRIORITY, type CasePriority, type Origin } from '@/shared/service/words';
import { showConflictOn, showSubmitError } from '@/shared/ui/forms';

import { useAccountNames, useCreateRule, useUpdateRule, type RoutingRule, type RoutingRuleFields } from './api';

type Values = {
  name: string;
  queue_id: string | null;
  is_active: boolean;
  priorities: string[];
  origins: string[];
  products: string[];
  subjects: string[];
  account_ids: string[];
  title_contains: string;
};

const FIELDS = ['name', 'queue_id', 'is_active', 'priorities', 'origins', 'products', 'subjects', 'account_ids', 'title_contains'] as const;

/** `conditions.priorities[1]` -> `priorities`: the form's field for a server error. */
function formField(apiField: string): string {
  return apiField.replace(/^conditions\./, '').replace(/\[\d+\]$/, '');
}

const isPriority = (p: string): p is CasePriority => PRIORITIES.some((x) => x === p);
const isOrigin = (o: string): o is Origin => ORIGINS.some((x) => x === o);

/** `rule` null: a new one, tried after the others. */
export function RoutingRuleDialog({ rule, onClose }: { rule: RoutingRule | null; onClose: () => void }) {
  const create = useCreateRule();
  const update = useUpdateRule();
  const queues = useQueues();
  const products = useCasePicklist('product');
  const subjects = useCasePicklist('subject');
  const c = rule?.conditions;
  const form = useForm<Values>({
    initialValues: {
      name: rule?.name ?? '',
      queue_id: rule?.queue_id ?? null,
      is_active: rule?.is_active ?? true,
      priorities: c?.priorities ?? [],
      origins: c?.origins ?? [],
      products: c?.products ?? [],
      subjects: c?.subjects ?? [],
      account_ids: c?.account_ids ?? [],
      title_contains: c?.title_contains ?? '',
    },
    validate: {
      name: (value) => (value.trim() ? null : 'Say what the rule is for: “VIP customers to Escalations”'),
      queue_id: (value) => (value ? null : 'Choose the queue the cases go to'),
    },
  });

  const submit = form.onSubmit((values) => {
    const fields: RoutingRuleFields = {
      name: values.name.trim(),
      queue_id: values.queue_id ?? '',
      is_active: values.is_active,
      sort_order: rule?.sort_order ?? null,
      conditions: {
        priorities: values.priorities.filter(isPriority),
        origins: values.origins.filter(isOrigin),
        products: values.products,
        subjects: values.subjects,
        account_ids: values.account_ids,
        title_contains: values.title_contains.trim() || null,
      },
    };
    const onError = (error: unknown) => showConflictOn(form, error, 'name') || showSubmitError(form, error, FIELDS, formField);
    const onSuccess = (saved: RoutingRule) => {
      notifications.show({ color: 'teal', title: rule ? 'Rule saved' : 'Rule added', message: saved.name });
      onClose();
    };
    if (rule) update.mutate({ id: rule.id, version: rule.version, fields }, { onSuccess, onError });
    else create.mutate(fields, { onSuccess, onError });
  });

  const noConditions =
    form.values.priorities.length + form.values.origins.length + form.values.products.length + form.values.subjects.length + form.values.account_ids.length === 0 &&
    !form.values.title_contains.trim();

  return (
    <Modal opened onClose={onClose} title={rule ? `Edit ${rule.name}` : 'New routing rule'} size="xl" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" placeholder="Printer problems to Printers" withAsterisk data-autofocus {...form.getInputProps('name')} />
            <Select
              label="Send to the queue"
              placeholder="Choose…"
              withAsterisk
              data={(queues.data ?? []).filter((q) => q.is_active || q.id === form.values.queue_id).map((q) => ({ value: q.id, label: q.name }))}
              searchable
              nothingFoundMessage="No such queue: create it under Queues"
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('queue_id')}
            />
          </SimpleGrid>
          <Divider label="When the case…" labelPosition="left" />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <MultiSelect
              label="Has the priority"
              placeholder={form.values.priorities.length ? undefined : 'Any priority'}
              data={PRIORITIES.map((p) => ({ value: p, label: PRIORITY[p].label }))}
              clearable
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('priorities')}
            />
            <MultiSelect
              label="Came in by"
              placeholder={form.values.origins.length ? undefined : 'Any origin'}
              data={ORIGINS.map((o) => ({ value: o, label: ORIGIN[o] }))}
              clearable
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('origins')}
            />
            <MultiSelect
              label="Is about the product"
              placeholder={form.values.products.length ? undefined : picklistOptions(products.data).length ? 'Any product' : 'No products in the picklist yet'}
              data={picklistOptions(products.data).concat(form.values.products.filter((p) => !products.data?.some((v) => v.value === p)).map((p) => ({ value: p, label: p })))}
              clearable
              searchable
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('products')}
            />
            <MultiSelect
              label="Has the subject"
              placeholder={form.values.subjects.length ? undefined : 'Any subject'}
              data={picklistOptions(subjects.data).concat(form.values.subjects.filter((s) => !subjects.data?.some((v) => v.value === s)).map((s) => ({ value: s, label: s })))}
              clearable
              searchable
              comboboxProps={{ withinPortal: false }}
              {...form.getInputProps('subjects')}
            />
          </SimpleGrid>
          <AccountsInput value={form.values.account_ids} onChange={(ids) => form.setFieldValue('account_ids', ids)} error={form.errors.account_ids} />
          <TextInput label="Has a title containing" placeholder="printer" description="Ignoring case." {...form.getInputProps('title_contains')} />
          <Text size="sm" c={noConditions ? 'orange' : 'dimmed'}>
            {noConditions ? 'No condition: this rule takes every case that reaches it.' : 'Every condition given must hold; within one, any of the values chosen.'}
          </Text>
          <Switch label="Applied" description="Off sets the rule aside without deleting it." {...form.getInputProps('is_active', { type: 'checkbox' })} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending}>
              {rule ? 'Save changes' : 'Add rule'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Accounts chosen by searching (the VIP customers), shown by name. */
function AccountsInput({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error: unknown }) {
  const [text, setText] = useState('');
  const [debounced] = useDebouncedValue(text, 200);
  const results = useQuery({ queryKey: ['accounts', 'picker', debounced], queryFn: () => searchAccounts(debounced), staleTime: 30_000 });
  const names = useAccountNames(value).data;
  const found = results.data ?? [];
  const data = [
    ...value.filter((id) => !found.some((o) => o.value === id)).map((id) => ({ value: id, label: names?.get(id) ?? 'Account' })),
    ...found,
  ];
  return (
    <MultiSelect
      label="Is for the account"
      description="VIP customers, for instance."
      placeholder={value.length ? undefined : 'Any account: search to choose'}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      searchValue={text}
      onSearchChange={setText}
      filter={({ options }) => options}
      clearable
      rightSection={results.isFetching ? <Loader size={14} /> : undefined}
      nothingFoundMessage={results.isFetching ? 'Searching…' : 'Nothing found'}
      error={typeof error === 'string' ? error : undefined}
      comboboxProps={{ withinPortal: false }}
    />
  );
}
