import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paths } from '../../config.js';
import { CatalogRegistry } from '../../feeds/catalog.js';
import type { Store } from '../../store/index.js';
import { ConfigFileError } from '../config-file.js';
import { Rankings } from './rankings.js';

const catalog = CatalogRegistry.load(paths);
// Loading reads no data; the store is not touched.
const deps = { catalog, store: null as unknown as Store };
const label = { vi: 'Xếp hạng', en: 'Ranking' };

function loadError(value: unknown): ConfigFileError {
  const file = join(mkdtempSync(join(tmpdir(), 'ioc-rankings-')), 'rankings.json');
  writeFileSync(file, JSON.stringify(value));
  try {
    Rankings.load(file, deps);
  } catch (err) {
    expect((err as Error).message).toContain(file);
    return err as ConfigFileError;
  }
  throw new Error('expected the file to be refused');
}

describe('rankings.json', () => {
  it('ships definitions that load against the catalog', () => {
    const r = Rankings.load(join(paths.catalogDir, 'rankings.json'), deps);
    expect(r.definitions.map((d) => [d.id, d.subject, d.cap])).toEqual([
      ['provinces-plan', 'provinces', 1.2],
      ['agencies-plan', 'agencies', 1.2],
    ]);
  });

  it('refuses indicators that cannot be ranked, naming the JSON path and why', () => {
    const err = loadError({
      rankings: [
        {
          id: 'p',
          name: label,
          subject: 'provinces',
          method: 'target-achievement',
          indicators: [
            { indicator: 'budget_revenue', weight: 1 },
            { indicator: 'exports', weight: 1 },
            { indicator: 'budget_spending', weight: 1 },
            { indicator: 'nope', weight: 1 },
            { indicator: 'cpi_yoy', weight: 1 },
            { indicator: 'cpi_yoy', weight: 2 },
          ],
        },
        { id: 'p', name: label, subject: 'agencies', method: 'target-achievement', indicators: [{ indicator: 'grdp_growth', weight: 1 }] },
      ],
    });
    expect(err.problems.map((p) => [p.path, p.message.split(':')[0]])).toEqual([
      ['rankings.0.indicators.0.indicator', "budget_revenue is an amount (aggregation sum)"],
      ['rankings.0.indicators.1.indicator', 'exports is not reported per province (level P); its levels are N'],
      ['rankings.0.indicators.2.indicator', 'budget_spending has no direction (higherIsBetter is null)'],
      ['rankings.0.indicators.3.indicator', 'unknown indicator "nope"'],
      ['rankings.0.indicators.5.indicator', 'cpi_yoy is listed twice'],
      ['rankings.1.id', 'duplicate ranking id "p"'],
      ['rankings.1.indicators.0.indicator', 'grdp_growth is not reported per agency (level M); its levels are P'],
    ]);
  });

  it('refuses a shape error with its path: a weight of 0, an unknown method', () => {
    const err = loadError({ rankings: [{ id: 'p', name: label, subject: 'provinces', method: 'borda', indicators: [{ indicator: 'cpi_yoy', weight: 0 }] }] });
    expect(err.problems.map((p) => p.path)).toEqual(['rankings.0.method', 'rankings.0.indicators.0.weight']);
  });
});
