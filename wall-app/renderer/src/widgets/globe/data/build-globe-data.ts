// Builds globe-data.json, the globe widget's country table, from two installed packages (no
// network): Gapminder's figures shipped by vega-datasets and Natural Earth's 110m countries
// shipped by world-atlas. Run from the repository root after either package changes:
//
//   npx tsx wall-app/renderer/src/widgets/globe/data/build-globe-data.ts
//
// build-globe-data.test.ts fails while the committed JSON differs from what this script writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseGapminderCsv } from '@ioc/protocol';
import { geoArea, geoCentroid, geoContains } from 'd3';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { GlobeCountry, GlobeData, GlobeMeasure } from '../globe-model';

export const OUTPUT = fileURLToPath(new URL('./globe-data.json', import.meta.url));

/**
 * Gapminder's spelling -> world-atlas's (Natural Earth short names). Every Gapminder country
 * whose name is not spelled the same in world-atlas 110m is listed here or in CAPITALS.
 */
export const ALIASES: Readonly<Record<string, string>> = {
  'United States': 'United States of America',
  'Congo, Dem. Rep.': 'Dem. Rep. Congo',
  'Congo, Rep.': 'Congo',
  'Dominican Republic': 'Dominican Rep.',
  "Cote d'Ivoire": "Côte d'Ivoire",
  'Central African Republic': 'Central African Rep.',
  'Equatorial Guinea': 'Eq. Guinea',
  Swaziland: 'eSwatini',
  'West Bank and Gaza': 'Palestine',
  Lao: 'Laos',
  'Kyrgyz Republic': 'Kyrgyzstan',
  'Solomon Islands': 'Solomon Is.',
  'Slovak Republic': 'Slovakia',
  'Czech Republic': 'Czechia',
  'Bosnia and Herzegovina': 'Bosnia and Herz.',
  'Macedonia, FYR': 'Macedonia',
  'South Sudan': 'S. Sudan',
};

/**
 * Where a bar stands when the country's area centroid will not do, [lat, lon] in degrees,
 * rounded to 0.1 degree: the capital. For states too small to be in world-atlas 110m (islands,
 * city states), and for countries whose centroid falls outside their own outline (the build
 * fails on such a country until it is listed here).
 */
export const CAPITALS: Readonly<Record<string, readonly [number, number]>> = {
  Andorra: [42.5, 1.5],
  'Antigua and Barbuda': [17.1, -61.8],
  Bahrain: [26.2, 50.6],
  Barbados: [13.1, -59.6],
  'Cape Verde': [14.9, -23.5],
  Comoros: [-11.7, 43.3],
  Dominica: [15.3, -61.4],
  Grenada: [12.1, -61.8],
  'Hong Kong, China': [22.3, 114.2],
  Kiribati: [1.3, 173.0],
  Maldives: [4.2, 73.5],
  Malta: [35.9, 14.5],
  'Marshall Islands': [7.1, 171.4],
  Mauritius: [-20.2, 57.5],
  'Micronesia, Fed. Sts.': [6.9, 158.2],
  Samoa: [-13.8, -171.8],
  'Sao Tome and Principe': [0.3, 6.7],
  Seychelles: [-4.6, 55.5],
  Singapore: [1.3, 103.8],
  'St. Lucia': [14.0, -61.0],
  'St. Vincent and the Grenadines': [13.2, -61.2],
  Tonga: [-21.1, -175.2],
  // Centroids outside their own outline. Viet Nam's S-shaped outline has its centroid in Laos:
  // the bar stands at Ha Noi. Israel's stands at Tel Aviv (inside its 110m outline).
  Croatia: [45.8, 16.0],
  Haiti: [18.5, -72.3],
  Israel: [32.1, 34.8],
  Vietnam: [21.0, 105.8],
};

/** Vietnamese names of the countries the legend can show (each measure's top 5, and Viet Nam). */
export const VI_NAMES: Readonly<Record<string, string>> = {
  Vietnam: 'Việt Nam',
  Qatar: 'Qatar',
  Luxembourg: 'Luxembourg',
  Kuwait: 'Kuwait',
  Singapore: 'Singapore',
  Brunei: 'Brunei',
  Andorra: 'Andorra',
  Japan: 'Nhật Bản',
  Switzerland: 'Thụy Sĩ',
  Iceland: 'Iceland',
  Cyprus: 'Síp',
  Australia: 'Úc',
  Spain: 'Tây Ban Nha',
  Italy: 'Ý',
  China: 'Trung Quốc',
  India: 'Ấn Độ',
  'United States': 'Hoa Kỳ',
  Indonesia: 'Indonesia',
  Brazil: 'Brazil',
  Afghanistan: 'Afghanistan',
  Nigeria: 'Nigeria',
  Rwanda: 'Rwanda',
  Kenya: 'Kenya',
  Pakistan: 'Pakistan',
};

/** How many leaders the legend lists; the build checks each has a Vietnamese name. */
export const TOP = 5;

/** The world-atlas name of a Gapminder country, or null when world-atlas 110m does not have it. */
export function atlasName(gapminder: string, atlasNames: ReadonlySet<string>): string | null {
  const name = ALIASES[gapminder] ?? gapminder;
  return atlasNames.has(name) ? name : null;
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

/** The centroid of a country's largest polygon (the mainland: not Alaska, French Guiana, ...), [lon, lat]. */
export function mainlandCentroid(f: Feature<Polygon | MultiPolygon>): [number, number] {
  const polys: Polygon[] = f.geometry.type === 'Polygon' ? [f.geometry] : f.geometry.coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }));
  let best = polys[0]!;
  for (const p of polys) if (geoArea(p) > geoArea(best)) best = p;
  return geoCentroid(best);
}

/** The folder of the installed package `name` (its `exports` may hide package.json). */
function packageDir(name: string, entry?: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(entry ? `${name}/${entry}` : name));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (manifest.name === name) return dir;
    } catch {
      // no manifest here: look further up
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name}`);
    dir = up;
  }
}

interface Inputs {
  csv: string;
  gapminderJson: Array<{ country: string; year: number; fertility: number }>;
  atlas: Topology<{ countries: GeometryCollection<{ name: string }> }>;
  vegaVersion: string;
  atlasVersion: string;
}

export function readInputs(): Inputs {
  const vega = packageDir('vega-datasets');
  const atlas = packageDir('world-atlas', 'countries-110m.json');
  const version = (dir: string) => (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return {
    csv: readFileSync(join(vega, 'data', 'gapminder-health-income.csv'), 'utf8'),
    gapminderJson: JSON.parse(readFileSync(join(vega, 'data', 'gapminder.json'), 'utf8')) as Inputs['gapminderJson'],
    atlas: JSON.parse(readFileSync(join(atlas, 'countries-110m.json'), 'utf8')) as Inputs['atlas'],
    vegaVersion: version(vega),
    atlasVersion: version(atlas),
  };
}

/** The widget's table: every Gapminder country with its figures and where its bar stands. */
export function buildGlobeData(inputs: Inputs = readInputs()): GlobeData {
  const features = new Map<string, Feature<Polygon | MultiPolygon>>();
  for (const g of inputs.atlas.objects.countries.geometries) {
    features.set((g.properties as { name: string }).name, feature(inputs.atlas, g) as Feature<Polygon | MultiPolygon>);
  }
  const atlasNames = new Set(features.keys());

  type Row = Omit<GlobeCountry, 'lat' | 'lon' | 'atlas' | 'placed' | 'vi'>;
  const rows = new Map<string, Row>();
  for (const r of parseGapminderCsv(inputs.csv)) {
    rows.set(r.country, { name: r.country, income: r.income, life_expect: r.health, pop: r.population, fertility: null });
  }
  const fertilityYear = Math.max(...inputs.gapminderJson.map((r) => r.year));
  for (const r of inputs.gapminderJson.filter((x) => x.year === fertilityYear)) {
    const row = rows.get(r.country) ?? { name: r.country, income: null, life_expect: null, pop: null, fertility: null };
    row.fertility = r.fertility;
    rows.set(r.country, row);
  }

  const outside: string[] = [];
  const countries: GlobeCountry[] = [...rows.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((row) => {
      const atlas = atlasName(row.name, atlasNames);
      const capital = CAPITALS[row.name];
      let lat: number;
      let lon: number;
      let placed: GlobeCountry['placed'];
      if (capital) {
        [lat, lon] = capital;
        placed = 'capital';
        if (atlas && !geoContains(features.get(atlas)!, [lon, lat])) outside.push(`${row.name} (its CAPITALS entry)`);
      } else if (atlas) {
        const f = features.get(atlas)!;
        [lon, lat] = mainlandCentroid(f);
        if (!geoContains(f, [lon, lat])) outside.push(row.name);
        placed = 'centroid';
      } else {
        throw new Error(`${row.name} is neither in world-atlas 110m (add an alias) nor in CAPITALS`);
      }
      const vi = VI_NAMES[row.name];
      return { ...row, ...(vi && vi !== row.name ? { vi } : {}), atlas, placed, lat: round(lat, 2), lon: round(lon, 2) };
    });

  if (outside.length > 0) throw new Error(`the centroids of ${outside.join(', ')} fall outside them: list (or correct) their capitals in CAPITALS`);
  for (const m of ['income', 'life_expect', 'pop', 'fertility'] as const) {
    const top = countries.filter((c) => c[m] !== null).sort((a, b) => b[m]! - a[m]!).slice(0, TOP);
    for (const c of top) if (!(c.name in VI_NAMES)) throw new Error(`${c.name} is in the top ${TOP} by ${m}: add its Vietnamese name to VI_NAMES`);
  }

  const matched = new Set(countries.map((c) => c.atlas).filter((a): a is string => a !== null));
  const csvFile = 'vega-datasets/data/gapminder-health-income.csv';
  const measures: Record<GlobeMeasure, { year: number; file: string }> = {
    income: { year: 2015, file: csvFile },
    life_expect: { year: 2015, file: csvFile },
    pop: { year: 2015, file: csvFile },
    fertility: { year: fertilityYear, file: 'vega-datasets/data/gapminder.json' },
  };
  return {
    source: { name: 'Gapminder', package: `vega-datasets ${inputs.vegaVersion}`, geometry: `world-atlas ${inputs.atlasVersion} (Natural Earth 1:110m)` },
    measures,
    countries,
    notOnMap: countries.filter((c) => c.atlas === null).map((c) => c.name),
    withoutData: [...atlasNames].filter((n) => !matched.has(n)).sort(),
  };
}

/** The JSON text of the file, as committed: one line per country, so a diff shows what changed. */
export function globeDataText(data: GlobeData = buildGlobeData()): string {
  const { countries, ...rest } = data;
  const head = JSON.stringify({ ...rest, countries: [] }, null, 1).replace(/"countries": \[\]/, '"countries": [\n$COUNTRIES\n ]');
  return `${head.replace('$COUNTRIES', countries.map((c) => `  ${JSON.stringify(c)}`).join(',\n'))}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const data = buildGlobeData();
  writeFileSync(OUTPUT, globeDataText(data));
  console.log(`wrote ${OUTPUT}: ${data.countries.length} countries`);
  console.log(`not in world-atlas 110m, placed at their capital: ${data.notOnMap.join(', ')}`);
  console.log(`in world-atlas 110m without Gapminder data: ${data.withoutData.join(', ')}`);
}
