#!/usr/bin/env node
// The `ops` command. The CLI is TypeScript compiled to dist/; this file only finds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/ops.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('ops: the content server is not built; run npm run build first\n');
  process.exit(1);
}
await import(entry.href);
