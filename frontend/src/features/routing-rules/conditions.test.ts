import { describe, expect, it } from 'vitest';

import { describeConditions } from './conditions';

describe('a routing rule’s conditions', () => {
  it('read as phrases, lists joined with "or"', () => {
    expect(
      describeConditions({ priorities: ['high', 'urgent'], origins: ['phone', 'email', 'web'], title_contains: ' printer ' }),
    ).toEqual(['Priority high or urgent', 'By phone, email or web', 'Title contains “printer”']);
  });

  it('name products, subjects and accounts by their labels when known', () => {
    const names = { products: new Map([['p1', 'LaserJet 500']]), accounts: new Map([['a1', 'Contoso']]) };
    expect(describeConditions({ products: ['p1'], subjects: ['billing'], account_ids: ['a1'] }, names)).toEqual([
      'Product LaserJet 500',
      'Subject billing',
      'Account Contoso',
    ]);
    expect(describeConditions({ account_ids: ['a1', 'a2'] }, names)).toEqual(['2 accounts']);
  });

  it('are none for a rule that takes every case', () => {
    expect(describeConditions({})).toEqual([]);
    expect(describeConditions({ priorities: [], title_contains: '  ' })).toEqual([]);
  });
});
