// The security log's words: what each kind of event is called, and its particulars in a line.
import type { Schemas } from '@/shared/api/client';
import { humanize } from '@/shared/ui/format';

export type SecurityEvent = Schemas['SecurityEvent'];
export type EventKind = Schemas['SecurityEventKind'];

export const EVENT_KINDS: { value: EventKind; label: string; color: string }[] = [
  { value: 'sign_in', label: 'Signed in', color: 'teal' },
  { value: 'sign_in_failed', label: 'Sign-in failed', color: 'red' },
  { value: 'refresh_token_reused', label: 'Refresh token reused', color: 'red' },
  { value: 'password_changed', label: 'Password changed', color: 'blue' },
  { value: 'api_key_created', label: 'API key created', color: 'blue' },
  { value: 'api_key_revoked', label: 'API key revoked', color: 'orange' },
  { value: 'role_changed', label: 'Role changed', color: 'grape' },
  { value: 'roles_assigned', label: 'Roles given', color: 'grape' },
  { value: 'user_disabled', label: 'User disabled', color: 'orange' },
  { value: 'user_enabled', label: 'User enabled', color: 'teal' },
];

export function kindOf(kind: EventKind) {
  return EVENT_KINDS.find((k) => k.value === kind) ?? { value: kind, label: humanize(kind), color: 'gray' };
}

/** Ids the log carries for machines; people read the names next to them. */
const HIDDEN = new Set(['role_id', 'api_key_id', 'user_id', 'team_id']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function show(value: unknown, key: string, names: ReadonlyMap<string, string>): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return key.endsWith('_id') || key.endsWith('_ids') ? (names.get(value) ?? value) : humanizeWord(key, value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    return value.map((item) => (isRecord(item) && 'entity' in item ? privilege(item) : show(item, key, names))).join(', ');
  }
  return JSON.stringify(value);
}

/** Words the server sends as codes ("bad_credentials") read as words. */
function humanizeWord(key: string, value: string): string {
  return key === 'reason' || key === 'change' || key === 'method' ? humanize(value).toLowerCase() : value;
}

function privilege(p: Record<string, unknown>): string {
  const part = (v: unknown) => (typeof v === 'string' ? v : '');
  return `${part(p.entity)} ${part(p.action)}: ${humanize(part(p.depth)).toLowerCase()}`;
}

/** The particulars of an event as label–value pairs (role ids named when known). */
export function describeDetails(details: unknown, names: ReadonlyMap<string, string> = new Map()): { label: string; value: string }[] {
  if (!isRecord(details)) return [];
  return Object.entries(details)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => ({ label: key === 'role_ids' ? 'Roles' : humanize(key), value: show(value, key, names) }));
}

/** The team an event is about (roles given to a team), if any. */
export function teamOf(details: unknown): string | null {
  return isRecord(details) && typeof details.team_id === 'string' ? details.team_id : null;
}
