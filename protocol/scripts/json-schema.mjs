// Writes the JSON Schemas of layout files (layouts/schema/*.schema.json) from the zod schemas,
// so that editors validate and complete wall and scene files. Run after building protocol.
// `--check` exits 1 when the committed files are out of date.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SceneSchema, WallSchema } from '../dist/index.js';

const outDir = fileURLToPath(new URL('../../layouts/schema/', import.meta.url));
const check = process.argv.includes('--check');
mkdirSync(outDir, { recursive: true });
let stale = 0;
for (const [name, schema] of [['wall', WallSchema], ['scene', SceneSchema]]) {
  const json = JSON.stringify({ title: `${name} layout`, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2) + '\n';
  const file = `${outDir}${name}.schema.json`;
  let current = '';
  try { current = readFileSync(file, 'utf8'); } catch {}
  if (current === json) continue;
  stale++;
  if (check) console.error(`${file} is out of date: run npm run schema -w protocol`);
  else writeFileSync(file, json);
}
if (check && stale) process.exit(1);
