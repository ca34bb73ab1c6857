import { Group, TextInput } from '@mantine/core';
import type { GetInputPropsReturnType } from '@mantine/form';

export const ADDRESS_FIELDS = ['address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country'] as const;
export type AddressField = (typeof ADDRESS_FIELDS)[number];

/** The postal address fields every record with an address has. */
export function AddressInputs({ field }: { field: (name: AddressField) => GetInputPropsReturnType }) {
  return (
    <>
      <TextInput label="Street" {...field('address_line1')} />
      <TextInput label="Street, second line" {...field('address_line2')} />
      <Group grow align="flex-start">
        <TextInput label="City" {...field('city')} />
        <TextInput label="State or region" {...field('region')} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label="Postal code" {...field('postal_code')} />
        <TextInput label="Country" {...field('country')} />
      </Group>
    </>
  );
}

/** One line per part of an address that is filled in, for display. */
export function formatAddress(record: Partial<Record<AddressField, string | null>>): string {
  const cityLine = [record.postal_code, record.city].filter(Boolean).join(' ');
  return [record.address_line1, record.address_line2, cityLine, record.region, record.country].filter(Boolean).join('\n');
}
