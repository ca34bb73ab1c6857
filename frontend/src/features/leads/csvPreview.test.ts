import { describe, expect, it } from 'vitest';

import { guessField, parseCsv } from './csvPreview';

describe('the import preview', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    const records = parseCsv('a,b,c\r\n1,"x, ""y""\nz",3\n4,5,6\n', 10);
    expect(records).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, "y"\nz', '3'],
      ['4', '5', '6'],
    ]);
    expect(parseCsv('a,b\n1,2\n3,4\n', 2)).toHaveLength(2);
    expect(parseCsv('\uFEFFname\nx', 5)[0]).toEqual(['name']);
  });

  it('guesses the field of common column names', () => {
    expect(guessField('First Name')).toBe('first_name');
    expect(guessField('E-mail')).toBe('email');
    expect(guessField('Company')).toBe('company_name');
    expect(guessField('ZIP')).toBe('postal_code');
    expect(guessField('Shoe size')).toBeNull();
  });
});
