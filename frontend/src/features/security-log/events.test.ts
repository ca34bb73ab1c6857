import { describe, expect, it } from 'vitest';

import { describeDetails, kindOf } from './events';

describe('security log words', () => {
  it('names kinds, and falls back to the code for a new one', () => {
    expect(kindOf('sign_in_failed').label).toBe('Sign-in failed');
  });

  it('describes particulars without machine ids, naming roles', () => {
    expect(describeDetails({ email: 'a@example.com', reason: 'bad_credentials' })).toEqual([
      { label: 'Email', value: 'a@example.com' },
      { label: 'Reason', value: 'bad credentials' },
    ]);
    expect(describeDetails({ role_ids: ['r1', 'r2'] }, new Map([['r1', 'Salesperson']]))).toEqual([{ label: 'Roles', value: 'Salesperson, r2' }]);
    expect(
      describeDetails({ change: 'privileges', role_id: 'x', privileges: [{ entity: 'teams', action: 'read', depth: 'business_unit_tree' }] }),
    ).toEqual([
      { label: 'Change', value: 'privileges' },
      { label: 'Privileges', value: 'teams read: business unit tree' },
    ]);
    expect(describeDetails(null)).toEqual([]);
  });
});
