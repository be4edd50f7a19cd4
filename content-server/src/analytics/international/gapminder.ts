import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One country of `gapminder-health-income.csv`. */
export interface CountryRow {
  country: string;
  /** GDP per person, inflation-adjusted, in international dollars (PPP). */
  income: number;
  /** Life expectancy at birth, years. */
  health: number;
  population: number;
  /** Gapminder's region, e.g. `east_asia_pacific`. */
  region: string;
}

export interface GapminderData {
  rows: CountryRow[];
  /** Where it came from, as shown with every answer. */
  source: { name: string; year: number; licence: string | null; url: string | null; file: string };
}

const COLUMNS = ['country', 'income', 'health', 'population', 'region'] as const;

/** Splits one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

/** Parses the CSV; throws naming the line of the first row that does not fit. */
export function parseGapminderCsv(text: string, file = 'gapminder-health-income.csv'): CountryRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const at = COLUMNS.map((c) => header.indexOf(c));
  const absent = COLUMNS.filter((_, i) => at[i] === -1);
  if (absent.length > 0) throw new Error(`${file}: the header lacks ${absent.join(', ')} (found ${header.join(', ')})`);
  return lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    const get = (c: number) => (cells[at[c]!] ?? '').trim();
    const row = { country: get(0), income: Number(get(1)), health: Number(get(2)), population: Number(get(3)), region: get(4) };
    const numbersOk = [1, 2, 3].every((c) => get(c) !== '' && Number.isFinite(Number(get(c))));
    if (!row.country || !row.region || !numbersOk) {
      throw new Error(`${file}: line ${i + 2} is not country,income,health,population,region: ${line}`);
    }
    return row;
  });
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
