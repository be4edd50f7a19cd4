import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { area } from '@turf/area';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { merge } from 'topojson-client';
import { topology } from 'topojson-server';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { beforeAll, describe, expect, it } from 'vitest';
import { outlineRing, parseExtent } from './archipelagos.js';
import { BOX, buildGeo, OUTPUT, OUTPUT_ARCHIPELAGOS, ROOT, serialise, serialiseArchipelagos, type VnGeo } from './build-geo.js';
import { clipRing } from './clip.js';
import { decodeRing, encodeRing, extractRegisteredMap } from './decode-echarts.js';
import { matchUnits, nameKey } from './names.js';
import { labelPoint } from './polylabel.js';
import { coverage, countCells, makeGrid } from './raster.js';

interface Units {
  units_until_2025_06_30: Array<{ code: string; name: string; name_ascii: string }>;
  units_from_2025_07_01: Array<{ code: string; name: string; members: string[] }>;
}
const units = JSON.parse(readFileSync(join(ROOT, 'assets/reference/vn-admin-units.json'), 'utf8')) as Units;

function inRing(p: Position, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a[1]! > p[1]! !== b[1]! > p[1]! && p[0]! < ((b[0]! - a[0]!) * (p[1]! - a[1]!)) / (b[1]! - a[1]!) + a[0]!) inside = !inside;
  }
  return inside;
}
function inGeometry(p: Position, g: Polygon | MultiPolygon): boolean {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.some((poly) => inRing(p, poly[0]!) && !poly.slice(1).some((h) => inRing(p, h)));
}

describe('ECharts coordinate decoding', () => {
  it('decodes zigzag deltas from the ring offset, in 1/1024 degree, and closes the ring', () => {
    // "@@" is a zero delta: the first vertex is the offset itself. "B@" = +1 in x, "@A" = -1 in y.
    expect(decodeRing('@@B@@A', [1024 * 105, 1024 * 21])).toEqual([
      [105, 21],
      [105 + 1 / 1024, 21],
      [105 + 1 / 1024, 21 - 1 / 1024],
      [105, 21],
    ]);
  });
  it('round-trips with the encoder', () => {
    const ring: Array<[number, number]> = [
      [107294, 10771],
      [107330, 10700],
      [107100, 10650],
      [107000, 10800],
    ];
    const { encoded, offset } = encodeRing(ring);
    expect(decodeRing(encoded, offset, 1).slice(0, 4)).toEqual(ring);
  });
  it('finds the FeatureCollection inside a registerMap script', () => {
    const script = `(function(){echarts.registerMap('x', {"type":"FeatureCollection","features":[{"properties":{"name":"a}{"}}],"UTF8Encoding":true});})();`;
    expect(extractRegisteredMap(script).features).toHaveLength(1);
  });
});

describe('province name matching', () => {
  it('reduces spellings of one province to one key', () => {
    expect(nameKey('Tỉnh Hải Dương')).toBe(nameKey('Hai Duong province'));
    expect(nameKey('Thua Thien–Hue province')).toBe(nameKey('Thừa Thiên Huế'));
    expect(nameKey('Hanoi')).toBe(nameKey('Hà Nội'));
    expect(nameKey('Ho Chi Minh City')).toBe(nameKey('Thành phố Hồ Chí Minh'));
    expect(nameKey('Ba Ria–Vung Tau province')).toBe(nameKey('Bà Rịa - Vũng Tàu'));
    expect(nameKey('Đắk Lắk')).toBe('daklak');
  });
  it('fails loudly when a unit matches no feature or two', () => {
    const u = [
      { code: '01', name: 'Hà Nội', name_ascii: 'Ha Noi' },
      { code: '48', name: 'Đà Nẵng', name_ascii: 'Da Nang' },
    ];
    expect(() => matchUnits(u, ['Hanoi', 'Hue'])).toThrow(/48 Đà Nẵng: no feature/);
    expect(() => matchUnits(u, ['Hanoi', 'Da Nang City', 'Da Nang'])).toThrow(/48 Đà Nẵng: 2 features/);
    expect(matchUnits(u, ['Da Nang City', 'Hanoi'])).toEqual(
      new Map([
        ['01', 1],
        ['48', 0],
      ]),
    );
  });
});

describe('geometry helpers', () => {
  it('clips a ring to a box', () => {
    const ring = clipRing(
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      { west: 5, south: -1, east: 20, north: 4 },
    );
    expect(Math.abs(area({ type: 'Polygon', coordinates: [ring] }) / area({ type: 'Polygon', coordinates: [[[5, 0], [10, 0], [10, 4], [5, 4], [5, 0]]] }) - 1)).toBeLessThan(1e-9);
  });
  it('puts the label of an L-shaped province inside it, far from its edges', () => {
    const l: Polygon = { type: 'Polygon', coordinates: [[[100, 10], [104, 10], [104, 11], [101, 11], [101, 14], [100, 14], [100, 10]]] };
    const p = labelPoint(l);
    expect(inGeometry(p, l)).toBe(true);
    // the centroid of this L falls outside it; the pole sits in the thick corner
    expect(p[0]).toBeLessThan(101.2);
    expect(p[1]).toBeLessThan(11.2);
  });
});

describe('the built geometry (vn-geo.json)', () => {
  let geo: VnGeo;
  beforeAll(() => {
    geo = buildGeo();
  });
  const byCode = (v: '2008' | '2025', code: string) => (v === '2008' ? geo.provinces2008 : geo.provinces2025).features.find((f) => f.properties.code === code)!;

  it('has all 63 provinces of 2008 and all 34 of 2025, with the reference codes and names', () => {
    expect(geo.provinces2008.features.map((f) => [f.properties.code, f.properties.name])).toEqual(units.units_until_2025_06_30.map((u) => [u.code, u.name]));
    expect(geo.provinces2025.features.map((f) => [f.properties.code, f.properties.name])).toEqual(units.units_from_2025_07_01.map((u) => [u.code, u.name]));
    expect(byCode('2025', '79').properties.nameEn).toBe('Ho Chi Minh City');
    for (const f of [...geo.provinces2008.features, ...geo.provinces2025.features]) expect(area(f), f.properties.code).toBeGreaterThan(500e6);
  });

  it('gives each 2025 province the area of its members together (within 0.5%)', () => {
    for (const f of geo.provinces2025.features) {
      const sum = f.properties.members!.reduce((s, m) => s + area(byCode('2008', m)), 0);
      expect(Math.abs(area(f) / sum - 1), `${f.properties.code} ${f.properties.name}`).toBeLessThan(0.005);
    }
  });

  it('has no gaps and no slivers: both vintages cover the same land, provinces do not overlap', () => {
    const total2008 = geo.provinces2008.features.reduce((s, f) => s + area(f), 0);
    const total2025 = geo.provinces2025.features.reduce((s, f) => s + area(f), 0);
    expect(Math.abs(total2025 / total2008 - 1)).toBeLessThan(0.001);
    // Viet Nam's land is about 331,000 km²; the source is generalised.
    expect(total2008 / 1e6).toBeGreaterThan(300_000);
    expect(total2008 / 1e6).toBeLessThan(360_000);
    const grid = makeGrid(102, 8, 110, 23.5, 0.01);
    const c2008 = coverage(
      geo.provinces2008.features.map((f) => f.geometry),
      grid,
    );
    const c2025 = coverage(
      geo.provinces2025.features.map((f) => f.geometry),
      grid,
    );
    const union2008 = countCells(c2008, (n) => n > 0);
    const union2025 = countCells(c2025, (n) => n > 0);
    expect(Math.abs(union2025 / union2008 - 1)).toBeLessThan(0.001);
    // Cells covered twice: pairwise intersections (a cell centre on a shared border may count).
    expect(countCells(c2008, (n) => n > 1) / union2008).toBeLessThan(1e-4);
    expect(countCells(c2025, (n) => n > 1) / union2025).toBeLessThan(1e-4);
  });

  it('dissolves shared borders: the whole country has no holes and every border is shared by two provinces exactly', () => {
    for (const fc of [geo.provinces2008, geo.provinces2025]) {
      const topo = topology({ p: fc }) as unknown as Topology<{ p: GeometryCollection }>;
      const uses = new Map<number, number>();
      const walk = (a: unknown): void => {
        if (typeof a === 'number') uses.set(a < 0 ? ~a : a, (uses.get(a < 0 ? ~a : a) ?? 0) + 1);
        else if (Array.isArray(a)) a.forEach(walk);
      };
      for (const g of topo.objects.p.geometries) walk((g as { arcs?: unknown }).arcs);
      expect(Math.max(...uses.values())).toBeLessThanOrEqual(2);
      const country = merge(topo, topo.objects.p.geometries as Parameters<typeof merge>[1]);
      expect(country.coordinates.reduce((s, p) => s + p.length - 1, 0), 'holes in the union of the provinces').toBe(0);
    }
  });

  it('puts every label point inside its province', () => {
    for (const f of [...geo.provinces2008.features, ...geo.provinces2025.features]) expect(inGeometry(f.properties.label, f.geometry), f.properties.name).toBe(true);
  });

  it('has Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa) in both vintages, labelled, islets inside the outlines', () => {
    for (const v of ['2008', '2025'] as const) {
      expect(byCode(v, '48').properties.archipelago).toBe('hoang-sa');
      expect(byCode(v, '56').properties.archipelago).toBe('truong-sa');
    }
    const feats = geo.archipelagos.features;
    for (const [id, owner, vi, en] of [
      ['hoang-sa', '48', 'Quần đảo Hoàng Sa (Đà Nẵng)', 'Hoang Sa archipelago (Da Nang)'],
      ['truong-sa', '56', 'Quần đảo Trường Sa (Khánh Hòa)', 'Truong Sa archipelago (Khanh Hoa)'],
    ] as const) {
      const mine = feats.filter((f) => f.properties.archipelago === id);
      expect(mine.every((f) => f.properties.province2008 === owner && f.properties.province2025 === owner)).toBe(true);
      const label = mine.find((f) => f.properties.kind === 'label')!;
      expect([label.properties.name, label.properties.nameEn]).toEqual([vi, en]);
      const outline = mine.find((f) => f.properties.kind === 'outline')!.geometry as Polygon;
      const islets = mine.filter((f) => f.properties.kind === 'islet');
      expect(islets.length).toBeGreaterThanOrEqual(6);
      for (const i of islets) expect(inRing((i.geometry as { coordinates: Position }).coordinates, outline.coordinates[0]!), i.properties.name).toBe(true);
    }
  });

  it('keeps the outline around the extent it was given', () => {
    const ring = outlineRing(parseExtent('about 111.0-113.0 E, 15.7-17.1 N'));
    expect(inRing([111.05, 15.75], ring)).toBe(true);
    expect(inRing([112.95, 17.05], ring)).toBe(true);
    expect(inRing([110.3, 16.4], ring)).toBe(false);
  });

  it('has the neighbours clipped to the map box, without Viet Nam and nothing in the archipelagos', () => {
    const ids = geo.neighbours.features.map((f) => f.properties.id);
    expect(ids).toEqual(expect.arrayContaining(['156', '418', '116', '764']));
    expect(ids).not.toContain('704');
    for (const f of geo.neighbours.features) {
      for (const poly of f.geometry.coordinates) {
        for (const [x, y] of poly[0]!) {
          expect(x).toBeGreaterThanOrEqual(BOX.west - 1e-9);
          expect(x).toBeLessThanOrEqual(BOX.east + 1e-9);
          expect(y).toBeGreaterThanOrEqual(BOX.south - 1e-9);
          expect(y).toBeLessThanOrEqual(BOX.north + 1e-9);
        }
        for (const islet of geo.archipelagos.features.filter((a) => a.properties.kind === 'islet')) {
          expect(inRing((islet.geometry as { coordinates: Position }).coordinates, poly[0]!)).toBe(false);
        }
      }
    }
  });

  it('carries the ODbL attribution and stays small', () => {
    expect(geo.meta.attribution).toBe('© OpenStreetMap contributors (ODbL), Natural Earth');
    expect(serialise(geo).length).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('is committed as built (run `npx tsx wall-app/geo/build-geo.ts` after changing the pipeline)', () => {
    expect(readFileSync(OUTPUT, 'utf8') === serialise(geo)).toBe(true);
    expect(readFileSync(OUTPUT_ARCHIPELAGOS, 'utf8') === serialiseArchipelagos(geo)).toBe(true);
  });
});
