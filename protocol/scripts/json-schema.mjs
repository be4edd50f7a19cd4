// Writes layouts/schema/*.schema.json from the zod schemas (run after building protocol).
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { layoutJsonSchemas } from '../dist/index.js';

const outDir = fileURLToPath(new URL('../../layouts/schema/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const [name, json] of Object.entries(layoutJsonSchemas())) writeFileSync(`${outDir}${name}.schema.json`, json);
