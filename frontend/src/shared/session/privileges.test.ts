import { describe, expect, it } from 'vitest';

import {
  ADMIN_PRIVILEGES,
  can,
  canAdminister,
  canAny,
  depthOf,
  ENTITY_ACTIONS,
  fromGrid,
  parseAllowedActions,
  samePrivileges,
  toGrid,
  type Privilege,
} from './privileges';

const salesperson: Privilege[] = [
  { entity: 'accounts', action: 'read', depth: 'own' },
  { entity: 'accounts', action: 'create', depth: 'own' },
  { entity: 'contacts', action: 'read', depth: 'own' },
  { entity: 'users', action: 'read', depth: 'organization' },
  { entity: 'business-units', action: 'read', depth: 'organization' },
];

describe('privileges', () => {
  it('allows an action held at any depth, and not one held at none or not held', () => {
    expect(can(salesperson, 'accounts', 'create')).toBe(true);
    expect(can(salesperson, 'accounts', 'delete')).toBe(false);
    expect(can([{ entity: 'accounts', action: 'delete', depth: 'none' }], 'accounts', 'delete')).toBe(false);
    expect(can(undefined, 'accounts', 'read')).toBe(false);
  });

  it('takes the deepest depth when several privileges name the same action', () => {
    const privileges: Privilege[] = [
      { entity: 'accounts', action: 'read', depth: 'own' },
      { entity: 'accounts', action: 'read', depth: 'business_unit_tree' },
      { entity: 'accounts', action: 'read', depth: 'business_unit' },
    ];
    expect(depthOf(privileges, 'accounts', 'read')).toBe('business_unit_tree');
    expect(depthOf(privileges, 'contacts', 'read')).toBe('none');
  });

  it('opens administration to any one of its privileges, never to reading users or units', () => {
    expect(canAdminister(salesperson)).toBe(false);
    expect(canAdminister([])).toBe(false);
    for (const [entity, action] of ADMIN_PRIVILEGES) {
      expect(canAdminister([...salesperson, { entity, action, depth: 'own' }]), `${entity} ${action}`).toBe(true);
    }
    expect(canAdminister([{ entity: 'security-events', action: 'read', depth: 'none' }])).toBe(false);
    expect(canAny(salesperson, [['roles', 'read'], ['accounts', 'create']])).toBe(true);
  });
});

describe('Allowed-Actions', () => {
  it('reads the comma-separated actions, with or without spaces and in any case', () => {
    expect([...parseAllowedActions('update, delete, assign, share')]).toEqual(['update', 'delete', 'assign', 'share']);
    expect([...parseAllowedActions('read,UPDATE')]).toEqual(['read', 'update']);
  });

  it('ignores unknown words and empty parts; no header allows nothing', () => {
    const allowed = parseAllowedActions(' assign ,, fly ,');
    expect(allowed.has('assign')).toBe(true);
    expect(allowed.size).toBe(1);
    expect(parseAllowedActions(null).size).toBe(0);
    expect(parseAllowedActions('').size).toBe(0);
  });
});

describe('the roles editor grid', () => {
  it('round-trips privileges, dropping none and actions an entity does not have', () => {
    const grid = toGrid([
      { entity: 'contacts', action: 'update', depth: 'business_unit' },
      { entity: 'accounts', action: 'read', depth: 'organization' },
      { entity: 'accounts', action: 'delete', depth: 'none' },
    ]);
    grid['security-events'] = { read: 'organization', update: 'own' };
    expect(fromGrid(grid)).toEqual([
      { entity: 'accounts', action: 'read', depth: 'organization' },
      { entity: 'contacts', action: 'update', depth: 'business_unit' },
      { entity: 'security-events', action: 'read', depth: 'organization' },
    ]);
  });

  it('compares privilege sets by what they give, not their order', () => {
    const a: Privilege[] = [
      { entity: 'accounts', action: 'read', depth: 'own' },
      { entity: 'teams', action: 'read', depth: 'organization' },
    ];
    const b: Privilege[] = [a[1] as Privilege, a[0] as Privilege, { entity: 'roles', action: 'read', depth: 'none' }];
    expect(samePrivileges(a, b)).toBe(true);
    expect(samePrivileges(a, [a[0] as Privilege])).toBe(false);
  });

  it('knows which actions each entity has', () => {
    expect(ENTITY_ACTIONS['api-keys']).toEqual(['create', 'read', 'delete']);
    expect(ENTITY_ACTIONS['security-events']).toEqual(['read']);
    expect(ENTITY_ACTIONS['knowledge-articles']).toContain('approve');
    expect(ENTITY_ACTIONS.accounts).not.toContain('approve');
  });

  it('keeps the approval of knowledge articles through the grid', () => {
    const privileges: Privilege[] = [
      { entity: 'knowledge-articles', action: 'approve', depth: 'organization' },
      { entity: 'article-templates', action: 'update', depth: 'organization' },
      { entity: 'accounts', action: 'approve', depth: 'organization' },
    ];
    expect(fromGrid(toGrid(privileges))).toEqual(privileges.slice(0, 2));
  });
});
