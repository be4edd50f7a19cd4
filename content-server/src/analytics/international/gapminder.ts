import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseGapminderCsv, type CountryRow } from '@ioc/protocol';

export type { CountryRow } from '@ioc/protocol';

export interface GapminderData {
  rows: CountryRow[];
  /** Where it came from, as shown with every answer. */
  source: { name: string; year: number; licence: string | null; url: string | null; file: string };
}

/**
 * The folder of the installed `vega-datasets` package. Its `exports` hide `package.json`, so
 * the entry point is resolved and the folders above it searched for the package's own manifest.
 */
export function vegaDatasetsDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve('vega-datasets'));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'vega-datasets') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the folder of the vega-datasets package');
    dir = up;
  }
}

/**
 * Reads the country table shipped by the `vega-datasets` package (found through Node's module
 * resolution, not a fixed path), with its version and the licence its datapackage gives.
 */
export function loadGapminder(): GapminderData {
  const dir = vegaDatasetsDir();
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string; license?: string };
  const file = join(dir, 'data', 'gapminder-health-income.csv');
  const rows = parseGapminderCsv(readFileSync(file, 'utf8'), file);
  let licence: string | null = pkg.license ?? null;
  let url: string | null = 'https://www.gapminder.org';
  try {
    type Resource = { name?: string; path?: string; licenses?: Array<{ title?: string }>; sources?: Array<{ path?: string }> };
    const dp = JSON.parse(readFileSync(join(dir, 'datapackage.json'), 'utf8')) as { resources?: Resource[] };
    const res = dp.resources?.find((r) => r.path === 'gapminder-health-income.csv');
    licence = res?.licenses?.[0]?.title ?? licence;
    url = res?.sources?.[0]?.path ?? url;
  } catch {
    // The datapackage is descriptive only; without it the package's own licence is shown.
  }
  // The datapackage leaves the reference year unstated; the table is Gapminder's 2015 figures
  // (Viet Nam: 93.4 million people), the year the vega-datasets examples give it.
  return { rows, source: { name: `Gapminder (via vega-datasets ${pkg.version ?? '?'})`, year: 2015, licence, url, file: 'vega-datasets/data/gapminder-health-income.csv' } };
}
