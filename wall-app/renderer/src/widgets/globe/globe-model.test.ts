import { readFileSync } from 'node:fs';
import { Euler, Matrix4, PerspectiveCamera, SphereGeometry, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { legendText } from './globe-legend';
import {
  FOV_DEG,
  FRONT_LON,
  MAX_BAR,
  MIN_BAR,
  TILT_DEG,
  barHeight,
  cameraDistance,
  globeYaw,
  latLonToVec3,
  rankCountries,
  summarize,
  turnAngle,
  visibleSubRect,
  type GlobeCountry,
  type GlobeData,
} from './globe-model';

const DATA = JSON.parse(readFileSync(new URL('./data/globe-data.json', import.meta.url), 'utf8')) as GlobeData;

function country(name: string, income: number | null): GlobeCountry {
  return { name, atlas: name, placed: 'centroid', lat: 0, lon: 0, income, life_expect: null, pop: null, fertility: null };
}

describe('turnAngle (wall time -> rotation)', () => {
  it('is 2π · (now / (turnSeconds·1000) mod 1)', () => {
    expect(turnAngle(0, 120)).toBe(0);
    expect(turnAngle(30_000, 120)).toBeCloseTo(Math.PI / 2, 12);
    expect(turnAngle(60_000, 120)).toBeCloseTo(Math.PI, 12);
    expect(turnAngle(120_000 * 1000 + 90_000, 120)).toBeCloseTo((3 * Math.PI) / 2, 9);
    // The gallery's frozen wall time, 2026-11-23 09:00 +07:00, is a whole number of 120 s turns.
    expect(turnAngle(Date.parse('2026-11-23T09:00:00+07:00'), 120)).toBe(0);
    expect(turnAngle(Date.parse('2026-11-23T09:00:10+07:00'), 120)).toBeCloseTo(Math.PI / 6, 7);
  });
  it('is the same on every tile for the same wall time, and still when turnSeconds is 0', () => {
    const t = 1_795_399_212_345;
    expect(turnAngle(t, 90)).toBe(turnAngle(t, 90));
    expect(turnAngle(t, 0)).toBe(0);
    expect(turnAngle(-30_000, 120)).toBeCloseTo((3 * Math.PI) / 2, 12);
    for (let k = 0; k < 50; k++) {
      const a = turnAngle(t + k * 7_919, 45);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThan(2 * Math.PI);
    }
  });
});

describe('latLonToVec3', () => {
  it('puts north at +Y, longitude 0 at +X, longitude -90 at +Z', () => {
    const close = (v: number[], w: number[]) => v.forEach((x, i) => expect(x).toBeCloseTo(w[i]!, 12));
    close(latLonToVec3(90, 0), [0, 1, 0]);
    close(latLonToVec3(0, 0), [1, 0, 0]);
    close(latLonToVec3(0, -90), [0, 0, 1]);
    close(latLonToVec3(0, 90, 2), [0, 0, -2]);
    close(latLonToVec3(-45, 180), [-Math.SQRT1_2, -Math.SQRT1_2, 0]);
  });
  it('matches where three.js SphereGeometry puts each texture coordinate of the equirectangular land texture', () => {
    const g = new SphereGeometry(1, 36, 18);
    const pos = g.getAttribute('position');
    const uv = g.getAttribute('uv');
    let checked = 0;
    for (let i = 0; i < pos.count; i++) {
      const lon = uv.getX(i) * 360 - 180;
      const lat = uv.getY(i) * 180 - 90;
      if (Math.abs(lat) > 89) continue; // the poles' longitude is arbitrary
      const [x, y, z] = latLonToVec3(lat, lon);
      expect(pos.getX(i)).toBeCloseTo(x, 6);
      expect(pos.getY(i)).toBeCloseTo(y, 6);
      expect(pos.getZ(i)).toBeCloseTo(z, 6);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe('globeYaw with the tilt', () => {
  const facing = (lat: number, lon: number, angle: number) => {
    const m = new Matrix4().makeRotationFromEuler(new Euler((TILT_DEG * Math.PI) / 180, 0, 0)).multiply(new Matrix4().makeRotationY(globeYaw(angle)));
    return new Vector3(...latLonToVec3(lat, lon)).applyMatrix4(m);
  };
  it('shows Viet Nam (FRONT_LON, at the tilt latitude) straight at the camera at angle 0', () => {
    const p = facing(TILT_DEG, FRONT_LON, 0);
    expect(p.z).toBeCloseTo(1, 9);
    expect(p.x).toBeCloseTo(0, 9);
    expect(p.y).toBeCloseTo(0, 9);
    // Its antipode faces away.
    expect(facing(-TILT_DEG, FRONT_LON - 180, 0).z).toBeCloseTo(-1, 9);
  });
  it('turns eastwards: a quarter turn later the longitude 90° west of Viet Nam faces the camera', () => {
    expect(facing(TILT_DEG, FRONT_LON - 90, Math.PI / 2).z).toBeCloseTo(1, 9);
    // ...and Viet Nam has moved to the right of the picture.
    expect(facing(TILT_DEG, FRONT_LON, 0.3).x).toBeGreaterThan(0);
  });
});

describe('bar heights', () => {
  it('are proportional to the value, MAX_BAR for the highest', () => {
    expect(barHeight(100, 100)).toBe(MAX_BAR);
    expect(barHeight(50, 100)).toBeCloseTo(MAX_BAR / 2, 12);
    expect(barHeight(25, 100) / barHeight(75, 100)).toBeCloseTo(1 / 3, 12);
  });
  it('never vanish: tiny, zero or missing values keep a stub', () => {
    expect(barHeight(0, 100)).toBe(MIN_BAR);
    expect(barHeight(0.001, 100)).toBe(MIN_BAR);
    expect(barHeight(5, 0)).toBe(MIN_BAR);
  });
  it('for the real data: Qatar tallest, Viet Nam in proportion', () => {
    const s = summarize(DATA, 'income');
    const qatar = s.bars.find((b) => b.name === 'Qatar')!;
    const vn = s.bars.find((b) => b.vietnam)!;
    expect(qatar.height).toBe(MAX_BAR);
    expect(vn.height).toBeCloseTo((MAX_BAR * 5623) / 132877, 12);
    expect(s.bars).toHaveLength(187);
  });
});

describe('ranking', () => {
  it('ranks highest first; equal values share a rank; missing values are left out', () => {
    const r = rankCountries([country('A', 5), country('B', 9), country('C', 5), country('D', null), country('E', 1)], 'income');
    expect(r.map((x) => [x.country.name, x.rank])).toEqual([
      ['B', 1],
      ['A', 2],
      ['C', 2],
      ['E', 4],
    ]);
  });
  it("gives Viet Nam's world place for each measure, with its year", () => {
    const income = summarize(DATA, 'income');
    expect(income.year).toBe(2015);
    expect(income.top.map((r) => r.country.name)).toEqual(['Qatar', 'Luxembourg', 'Kuwait', 'Singapore', 'Brunei']);
    expect(income.vietnam).toMatchObject({ value: 5623, rank: 1 + DATA.countries.filter((c) => (c.income ?? 0) > 5623).length });
    expect(summarize(DATA, 'pop').top[0]!.country.name).toBe('China');
    const fertility = summarize(DATA, 'fertility');
    expect(fertility.year).toBe(2005);
    expect(fertility.vietnam).toBeNull();
  });
});

describe('legend texts', () => {
  it('in Vietnamese: measure, unit, year, source, top 5 with vi-VN figures, Viet Nam rank', () => {
    const s = summarize(DATA, 'income');
    const t = legendText(DATA, s, 'vi');
    expect(t.measure).toBe('Thu nhập bình quân đầu người');
    expect(t.year).toBe('Năm\u00a02015');
    expect(t.source).toBe('Nguồn: Gapminder (vega-datasets 3.2.1)');
    expect(t.top[0]).toEqual({ rank: '1', name: 'Qatar', value: '132.877' });
    expect(t.topHeader).toBe('5 nước cao nhất · $ PPP/người');
    expect(t.vietnam).toBe('Việt Nam');
    expect(t.vietnamRank).toBe(`Hạng ${s.vietnam!.rank}/187`);
    expect(t.vietnamValue).toBe('5.623 $ PPP/người');
  });
  it('in English, and for a measure without a figure for Viet Nam', () => {
    const t = legendText(DATA, summarize(DATA, 'life_expect'), 'en');
    expect(t.source).toBe('Source: Gapminder (vega-datasets 3.2.1)');
    expect(t.vietnam).toBe('Viet Nam');
    expect(t.vietnamValue).toBe('76.5 years');
    expect(t.top.map((r) => r.name)).toEqual(['Andorra', 'Japan', 'Switzerland', 'Iceland', 'Cyprus']);
    const f = legendText(DATA, summarize(DATA, 'fertility'), 'vi');
    expect(f.vietnamRank).toBeNull();
    expect(f.vietnamValue).toBe('Không có số liệu năm 2005');
    expect(f.top[0]).toEqual({ rank: '1', name: 'Afghanistan', value: '6,91' });
    expect(legendText(DATA, summarize(DATA, 'pop'), 'vi').top[0]).toEqual({ rank: '1', name: 'Trung Quốc', value: '1.376,0' });
  });
});

describe('spanning displays and the camera', () => {
  it('clips the tile part to the globe box, relative to the box', () => {
    const box = { x: 26, y: 80, width: 948, height: 650 };
    expect(visibleSubRect({ x: 0, y: 0, width: 1000, height: 1000 }, box)).toEqual({ x: 0, y: 0, width: 948, height: 650 });
    expect(visibleSubRect({ x: 500, y: 0, width: 500, height: 1000 }, box)).toEqual({ x: 474, y: 0, width: 474, height: 650 });
    expect(visibleSubRect({ x: 0, y: 800, width: 1000, height: 200 }, box)).toBeNull();
  });
  it('two halves rendered with the view offset project a point where the whole render does', () => {
    const box = { x: 0, y: 0, width: 948, height: 650 };
    const d = cameraDistance(box.width, box.height, 1 + MAX_BAR);
    const cam = (part: { x: number; y: number; width: number; height: number } | null) => {
      const c = new PerspectiveCamera(FOV_DEG, box.width / box.height, 0.1, 10);
      c.position.set(0, 0, d);
      c.lookAt(0, 0, 0);
      if (part) c.setViewOffset(box.width, box.height, part.x, part.y, part.width, part.height);
      c.updateProjectionMatrix();
      c.updateMatrixWorld();
      return c;
    };
    const toPx = (p: Vector3, part: { x: number; y: number; width: number; height: number }) => {
      const ndc = p.clone().project(cam(part));
      return [part.x + ((ndc.x + 1) / 2) * part.width, part.y + ((1 - ndc.y) / 2) * part.height];
    };
    const whole = { x: 0, y: 0, width: box.width, height: box.height };
    const right = visibleSubRect({ x: 474, y: 0, width: 526, height: 1000 }, box)!;
    const point = new Vector3(0.4, 0.2, 0.5);
    const [wx, wy] = toPx(point, whole) as [number, number];
    const [rx, ry] = toPx(point, right) as [number, number];
    expect(rx).toBeCloseTo(wx, 6);
    expect(ry).toBeCloseTo(wy, 6);
  });
  it('stands the camera so that the globe with its bars fills the smaller side', () => {
    const d = cameraDistance(1000, 600, 1.36, 30, 0.94);
    // The sphere's silhouette half-angle against the half field of view.
    const ratio = Math.tan(Math.asin(1.36 / d)) / Math.tan((15 * Math.PI) / 180);
    expect(ratio).toBeCloseTo(0.94, 9);
    expect(cameraDistance(600, 1000, 1.36)).toBeGreaterThan(cameraDistance(1000, 600, 1.36));
  });
});
