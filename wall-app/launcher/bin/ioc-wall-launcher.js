#!/usr/bin/env node
// The `ioc-wall-launcher` command. The launcher is TypeScript compiled to dist/; this file only finds it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/launcher/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('ioc-wall-launcher: not built; run npx tsc -b (or npm run build) first\n');
  process.exit(1);
}
await import(entry.href);
