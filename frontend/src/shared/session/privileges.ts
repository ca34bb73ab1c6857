// Privileges: what the signed-in user may do (from `GET /me`), and what they may do with one
// record (from its `Allowed-Actions` header). Pure functions, so screens and tests share them.
import type { components } from '@/shared/api/schema';

export type Privilege = components['schemas']['Privilege'];
export type Action = components['schemas']['Action'];
export type Depth = components['schemas']['Depth'];

/** The entities that have privileges, in the order screens list them. */
export const ENTITIES = [
  'accounts',
  'contacts',
  'leads',
  'opportunities',
  'cases',
  'contracts',
  'activities',
  'notes',
  'email-templates',
  'competitors',
  'sales-stages',
  'queues',
  'routing-rules',
  'sla-policies',
  'contract-templates',
  'knowledge-articles',
  'article-templates',
  'users',
  'business-units',
  'teams',
  'roles',
  'api-keys',
  'security-events',
  'picklists',
] as const;
export type Entity = (typeof ENTITIES)[number];

/** The actions every record entity has. */
const RECORD_ENTITY_ACTIONS = ['create', 'read', 'update', 'delete', 'assign', 'share'] as const satisfies readonly Action[];

/** The actions of the roles editor's columns (`approve` publishes knowledge articles). */
export const ACTIONS = [...RECORD_ENTITY_ACTIONS, 'approve'] as const satisfies readonly Action[];

/** The actions each entity has (the server refuses a privilege for any other). */
export const ENTITY_ACTIONS: Record<Entity, readonly Action[]> = {
  accounts: RECORD_ENTITY_ACTIONS,
  contacts: RECORD_ENTITY_ACTIONS,
  leads: RECORD_ENTITY_ACTIONS,
  opportunities: RECORD_ENTITY_ACTIONS,
  cases: RECORD_ENTITY_ACTIONS,
  contracts: RECORD_ENTITY_ACTIONS,
  activities: RECORD_ENTITY_ACTIONS,
  notes: RECORD_ENTITY_ACTIONS,
  'email-templates': ['create', 'read', 'update', 'delete'],
  competitors: RECORD_ENTITY_ACTIONS,
  'sales-stages': ['create', 'read', 'update'],
  // The service desk's configuration belongs to the organization: nobody owns, assigns or shares it.
  queues: ['create', 'read', 'update', 'delete'],
  'routing-rules': ['create', 'read', 'update', 'delete'],
  'sla-policies': ['create', 'read', 'update', 'delete'],
  'contract-templates': ['create', 'read', 'update', 'delete'],
  // Publishing knowledge is its own privilege; the templates belong to the organization.
  'knowledge-articles': [...RECORD_ENTITY_ACTIONS, 'approve'],
  'article-templates': ['create', 'read', 'update', 'delete'],
  users: RECORD_ENTITY_ACTIONS,
  'business-units': RECORD_ENTITY_ACTIONS,
  teams: RECORD_ENTITY_ACTIONS,
  roles: RECORD_ENTITY_ACTIONS,
  'api-keys': ['create', 'read', 'delete'],
  'security-events': ['read'],
  picklists: ['create', 'read', 'update'],
};

/** Depths from nothing to everything. */
export const DEPTHS = ['none', 'own', 'business_unit', 'business_unit_tree', 'organization'] as const satisfies readonly Depth[];

export const DEPTH_LABELS: Record<Depth, string> = {
  none: 'None',
  own: 'Own',
  business_unit: 'Business unit',
  business_unit_tree: 'Business unit tree',
  organization: 'Organization',
};

/** How far a depth reaches, for comparing two: 0 (none) to 4 (organization). */
export function depthRank(depth: Depth): number {
  return DEPTHS.indexOf(depth);
}

/** The deepest depth the privileges give for an action on an entity (`none` when none does). */
export function depthOf(privileges: readonly Privilege[] | undefined, entity: string, action: Action): Depth {
  let deepest: Depth = 'none';
  for (const p of privileges ?? []) {
    if (p.entity === entity && p.action === action && depthRank(p.depth) > depthRank(deepest)) deepest = p.depth;
  }
  return deepest;
}

/** Whether the privileges allow an action on an entity at all (at `own` depth or more). */
export function can(privileges: readonly Privilege[] | undefined, entity: string, action: Action): boolean {
  return depthOf(privileges, entity, action) !== 'none';
}

/** Whether the privileges allow any of the (entity, action) pairs. */
export function canAny(privileges: readonly Privilege[] | undefined, pairs: readonly (readonly [string, Action])[]): boolean {
  return pairs.some(([entity, action]) => can(privileges, entity, action));
}

/** The privileges that open the administration area: holding any one of them does. */
export const ADMIN_PRIVILEGES = [
  ['users', 'create'],
  ['users', 'update'],
  ['roles', 'read'],
  ['roles', 'update'],
  ['business-units', 'create'],
  ['business-units', 'update'],
  ['teams', 'create'],
  ['teams', 'update'],
  ['api-keys', 'read'],
  ['api-keys', 'create'],
  ['security-events', 'read'],
  ['sales-stages', 'create'],
  ['sales-stages', 'update'],
  ['competitors', 'create'],
  ['competitors', 'update'],
  ['competitors', 'delete'],
  ['picklists', 'create'],
  ['picklists', 'update'],
  ['email-templates', 'create'],
  ['email-templates', 'update'],
  ['email-templates', 'delete'],
  ['queues', 'create'],
  ['queues', 'update'],
  ['queues', 'delete'],
  ['routing-rules', 'create'],
  ['routing-rules', 'update'],
  ['routing-rules', 'delete'],
  ['sla-policies', 'create'],
  ['sla-policies', 'update'],
  ['sla-policies', 'delete'],
  ['contract-templates', 'create'],
  ['contract-templates', 'update'],
  ['contract-templates', 'delete'],
  ['article-templates', 'create'],
  ['article-templates', 'update'],
  ['article-templates', 'delete'],
] as const satisfies readonly (readonly [Entity, Action])[];

export function canAdminister(privileges: readonly Privilege[] | undefined): boolean {
  return canAny(privileges, ADMIN_PRIVILEGES);
}

/** What the caller may do with one record (beyond reading it, which they do). */
export const RECORD_ACTIONS = ['read', 'update', 'delete', 'assign', 'share'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];
export type AllowedActions = ReadonlySet<RecordAction>;

function isRecordAction(word: string): word is RecordAction {
  return (RECORD_ACTIONS as readonly string[]).includes(word);
}

/**
 * The actions of an `Allowed-Actions` header (`"update, delete, assign"`): unknown words are
 * ignored, and no header means no action beyond reading.
 */
export function parseAllowedActions(header: string | null | undefined): AllowedActions {
  const actions = new Set<RecordAction>();
  for (const part of (header ?? '').split(',')) {
    const word = part.trim().toLowerCase();
    if (isRecordAction(word)) actions.add(word);
  }
  return actions;
}

/** The `Allowed-Actions` of a response. */
export function allowedActionsOf(response: Response): AllowedActions {
  return parseAllowedActions(response.headers.get('Allowed-Actions'));
}

/** The privileges of a role as one depth per entity and action (a missing privilege is `none`). */
export type PrivilegeGrid = Record<string, Partial<Record<Action, Depth>>>;

export function toGrid(privileges: readonly Privilege[]): PrivilegeGrid {
  const grid: PrivilegeGrid = {};
  for (const p of privileges) {
    const row = (grid[p.entity] ??= {});
    const current = row[p.action];
    if (current === undefined || depthRank(p.depth) > depthRank(current)) row[p.action] = p.depth;
  }
  return grid;
}

/** A grid back to privileges, one per entity and action that reaches anything, in a stable order. */
export function fromGrid(grid: PrivilegeGrid): Privilege[] {
  const out: Privilege[] = [];
  // Only the entities the API knows: a role cannot hold a privilege on anything else.
  for (const entity of ENTITIES) {
    const row = grid[entity];
    if (!row) continue;
    const actions = (ENTITY_ACTIONS as Record<string, readonly Action[] | undefined>)[entity] ?? (Object.keys(row) as Action[]);
    for (const action of actions) {
      const depth = row[action];
      if (depth && depth !== 'none') out.push({ entity, action, depth });
    }
  }
  return out;
}

/** Whether two privilege sets give the same depths. */
export function samePrivileges(a: readonly Privilege[], b: readonly Privilege[]): boolean {
  const key = (list: readonly Privilege[]) =>
    fromGrid(toGrid(list))
      .map((p) => `${p.entity}:${p.action}:${p.depth}`)
      .join('|');
  return key(a) === key(b);
}
