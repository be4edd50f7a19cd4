import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutJsonSchemas } from '@ioc/protocol';

describe('layout JSON Schemas', () => {
  it('are committed up to date with the zod schemas (run npm run schema -w protocol)', () => {
    for (const [name, json] of Object.entries(layoutJsonSchemas())) {
      const committed = readFileSync(new URL(`../../layouts/schema/${name}.schema.json`, import.meta.url), 'utf8');
      expect(committed, `layouts/schema/${name}.schema.json`).toBe(json);
    }
  });

  it('tell an editor what a panel needs', () => {
    const scene = JSON.parse(layoutJsonSchemas().scene);
    expect(scene.required).toEqual(expect.arrayContaining(['id', 'name', 'wall', 'panels']));
    expect(JSON.stringify(scene)).toContain('"kpi"');
  });
});
