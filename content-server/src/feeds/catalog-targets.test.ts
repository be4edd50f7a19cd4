import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { CatalogRegistry } from './catalog.js';

const catalog = CatalogRegistry.load(paths);
/** The plan years the wall shows: the year the demo's history ends in, and the one before. */
const PLAN_YEARS = ['2025', '2026'];

interface ScenePanel {
  id: string;
  type: string;
  indicator?: string;
  target?: boolean;
}

function scenePanels(): Array<ScenePanel & { scene: string }> {
  const dir = join(paths.layoutsDir, 'scenes');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => {
      const scene = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { id: string; panels?: ScenePanel[] };
      return (scene.panels ?? []).map((p) => ({ ...p, scene: scene.id }));
    });
}

describe('plan targets of the catalog', () => {
  it('gives GDP growth the National Assembly targets (8 % for 2025, 10 % for 2026) with their resolutions', () => {
    const gdp = catalog.indicator('gdp_growth')!;
    expect(gdp.targets).toMatchObject({ '2025': 8, '2026': 10 });
    expect(gdp.targetSources?.['2025']).toMatch(/Resolution 192\/2025\/QH15/);
    expect(gdp.targetSources?.['2026']).toMatch(/2026 socio-economic development plan/);
  });

  it('has a target for every plan year behind every panel that draws a target line (the GDP forecast panel first)', () => {
    const drawn = scenePanels().filter((p) => p.target === true && p.indicator);
    expect(drawn.map((p) => `${p.scene}/${p.id}`)).toContain('world/line-gdp');
    const missing = drawn.flatMap((p) => PLAN_YEARS.filter((y) => catalog.indicator(p.indicator!)?.targets[y] === undefined).map((y) => `${p.scene}/${p.id} ${p.indicator} ${y}`));
    expect(missing).toEqual([]);
  });

  it('names the source of every target it holds', () => {
    const unsourced = catalog.catalog.indicators.flatMap((i) => Object.keys(i.targets).filter((y) => !i.targetSources?.[y]).map((y) => `${i.id} ${y}`));
    expect(unsourced).toEqual([]);
  });
});
