// The placeholders a template may use, as the server checks them (crm-activities templates.rs).
import type { Schemas } from '@/shared/api/client';

type Entity = Schemas['RegardingType'];

export const RECORD_FIELDS: Record<Entity, readonly string[]> = {
  accounts: ['name', 'account_number', 'industry', 'employees', 'annual_revenue', 'currency', 'website', 'email', 'phone', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country'],
  contacts: ['salutation', 'first_name', 'last_name', 'full_name', 'job_title', 'department', 'email', 'phone', 'mobile_phone', 'address_line1', 'address_line2', 'city', 'region', 'postal_code', 'country'],
  leads: ['subject', 'salutation', 'first_name', 'last_name', 'full_name', 'company_name', 'job_title', 'email', 'phone', 'mobile_phone', 'website', 'city', 'region', 'country', 'industry'],
  opportunities: ['name', 'estimated_revenue', 'currency', 'estimated_close_date', 'stage', 'probability', 'actual_revenue', 'actual_close_date'],
  cases: ['number', 'title', 'description', 'priority', 'status', 'product', 'subject', 'resolution', 'resolve_by_at'],
};

export const USER_FIELDS = ['user.full_name', 'user.email', 'user.job_title', 'user.phone'] as const;

export const ENTITY_LABELS: Record<Entity, string> = {
  accounts: 'Accounts',
  contacts: 'Contacts',
  leads: 'Leads',
  opportunities: 'Opportunities',
  cases: 'Cases',
};

/** Inserts `{{name}}` into a text at the cursor (or at the end). */
export function insertPlaceholder(text: string, name: string, at: number | null): { text: string; cursor: number } {
  const token = `{{${name}}}`;
  const position = at === null || at < 0 || at > text.length ? text.length : at;
  return { text: text.slice(0, position) + token + text.slice(position), cursor: position + token.length };
}
