import type { Indicator } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { CatalogRegistry } from './catalog.js';
import { CatalogEdits, loadCatalogWithEdits } from './catalog-edits.js';

const shipped = CatalogRegistry.load(paths);
const cpi = shipped.indicator('cpi_yoy')!;
const named = (en: string): Indicator => ({ ...cpi, name: { ...cpi.name, en } });

describe.each(ENGINES)('catalog edits on %s', (engine) => {
  afterAll(stopEngines);

  it('numbers versions per indicator and reads back every version and the latest of each', async () => {
    const edits = new CatalogEdits(await freshSql(engine));
    expect(await edits.save(named('CPI one'), 'user:a', 1000)).toBe(1);
    expect(await edits.save({ ...shipped.indicator('iip_yoy')!, name: { ...shipped.indicator('iip_yoy')!.name, en: 'IIP' } }, 'user:b', 2000)).toBe(1);
    expect(await edits.save(named('CPI two'), 'user:c', 3000)).toBe(2);
    expect((await edits.versions('cpi_yoy')).map((v) => [v.version, v.body.name.en, v.actor, v.changedAt])).toEqual([[1, 'CPI one', 'user:a', 1000], [2, 'CPI two', 'user:c', 3000]]);
    expect((await edits.latest()).map((v) => `${v.indicator} ${v.version}`)).toEqual(['cpi_yoy 2', 'iip_yoy 1']);
  });

  it('gives saves of one indicator made at the same time distinct versions (several servers)', async () => {
    const sql = await freshSql(engine);
    const edits = new CatalogEdits(sql);
    const versions = await Promise.all([1, 2, 3, 4].map((i) => edits.save(named(`CPI ${i}`), 'user:a', i)));
    expect([...versions].sort()).toEqual([1, 2, 3, 4]);
  });

  it('loads the shipped catalog with the latest stored edit of each indicator, skipping one that no longer fits', async () => {
    const sql = await freshSql(engine);
    const edits = new CatalogEdits(sql);
    await edits.save(named('CPI edited'), 'user:a');
    await edits.save({ ...shipped.indicator('iip_yoy')!, levels: ['N'], aggregation: { rule: 'weighted_mean', weight: 'no_such_indicator' } }, 'user:a');
    const skipped: string[] = [];
    const { catalog } = await loadCatalogWithEdits(paths, sql, (v) => skipped.push(v.indicator));
    expect(catalog.indicator('cpi_yoy')?.name.en).toBe('CPI edited');
    expect(skipped).toEqual(['iip_yoy']);
  });
});
