import { describe, expect, it } from 'vitest';

import { blanksToNull, changedFields } from './forms';

describe('forms', () => {
  it('sends blank fields as null so the API clears them', () => {
    expect(blanksToNull({ name: 'Acme', city: '  ', employees: 3 })).toEqual({ name: 'Acme', city: null, employees: 3 });
  });

  it('patches only what changed', () => {
    expect(changedFields({ name: 'Acme', city: null, phone: '1' }, { name: 'Acme', city: 'Oslo', phone: '1' })).toEqual({ city: null });
    expect(changedFields({ city: null }, { city: undefined })).toEqual({});
  });

  it('compares lists and objects by their content', () => {
    const people = [{ contact_id: 'c1', role: null }];
    expect(changedFields({ key_people: [{ role: null, contact_id: 'c1' }] }, { key_people: people })).toEqual({});
    expect(changedFields({ key_people: [{ contact_id: 'c1' }] }, { key_people: people })).toEqual({});
    expect(changedFields({ key_people: [{ contact_id: 'c1', role: 'Buyer' }] }, { key_people: people })).toEqual({
      key_people: [{ contact_id: 'c1', role: 'Buyer' }],
    });
    expect(changedFields({ ids: ['a', 'b'] }, { ids: ['b', 'a'] })).toEqual({ ids: ['a', 'b'] });
    expect(changedFields({ ids: [] }, { ids: ['a'] })).toEqual({ ids: [] });
  });
});
