import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { withAccessTables } from './access-table.js';

// IOC_UPDATE_DOCS=1 npx vitest run --project unit content-server/src/http/access-table.test.ts rewrites the tables.
describe('docs/security.md', () => {
  it('shows the access of every route and event as declared', () => {
    const file = join(paths.repoDir, 'docs/security.md');
    const doc = readFileSync(file, 'utf8');
    const current = withAccessTables(doc);
    if (process.env['IOC_UPDATE_DOCS'] === '1') writeFileSync(file, current);
    else expect(doc, 'regenerate with IOC_UPDATE_DOCS=1 (see this file)').toBe(current);
  });
});
