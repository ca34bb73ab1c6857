import { describe, expect, it } from 'vitest';

import { insertPlaceholder } from './placeholders';

describe('insertPlaceholder', () => {
  it('puts the placeholder at the cursor', () => {
    expect(insertPlaceholder('Dear ,', 'first_name', 5)).toEqual({ text: 'Dear {{first_name}},', cursor: 19 });
  });

  it('appends without a cursor', () => {
    expect(insertPlaceholder('Regards, ', 'user.full_name', null).text).toBe('Regards, {{user.full_name}}');
  });
});
