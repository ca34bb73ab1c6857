// @vitest-environment node
// The generated API types must follow the committed OpenAPI document: a drift fails here, and
// `make openapi` regenerates both.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

describe('generated API types', () => {
  it('match openapi/crm.json', () => {
    const root = resolve(import.meta.dirname, '../../..');
    const dir = mkdtempSync(join(tmpdir(), 'crm-schema-'));
    try {
      const out = join(dir, 'schema.d.ts');
      execFileSync(join(root, 'node_modules/.bin/openapi-typescript'), [join(root, '../openapi/crm.json'), '-o', out], { stdio: 'ignore' });
      const committed = readFileSync(join(root, 'src/shared/api/schema.d.ts'), 'utf8');
      expect(readFileSync(out, 'utf8') === committed, 'src/shared/api/schema.d.ts is stale: run `make openapi`').toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
