import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { darkTheme } from '../../theme';
import { CODES_2008, CODES_2025, ONLY_2008 } from './codes';
import { EMPTY_MAP_FEED, drawnEvents, drawnFlows, feedSynthetic } from './map-feed-model';
import { classOf, flightCamera, legendClasses, mapData, placeLabels, quantileBreaks, rampColors, rgba, FLIGHT_MS } from './map-model';

const point = (unit: string, value: number, period = '2026-10'): Point => ({ unit, period, t: Date.UTC(2026, 9, 1), value, synthetic: true, source: 'demo' });

describe('choropleth classes', () => {
  it('splits values into quantile classes from the minimum to the maximum', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const b = quantileBreaks(values, 5);
    expect(b).toHaveLength(6);
    expect(b[0]).toBe(1);
    expect(b[5]).toBe(10);
    // each class holds two of the ten values
    expect(values.map((v) => classOf(v, b))).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
  it('merges classes rather than leave one empty when values tie', () => {
    const b = quantileBreaks([5, 5, 5, 5, 9], 4);
    expect(b).toEqual([5, 9]);
    expect(classOf(5, b)).toBe(0);
    expect(classOf(9, b)).toBe(0);
  });
  it('interpolates the theme ramp to the number of classes, low to high', () => {
    const c = rampColors(darkTheme.ramp, 7);
    expect(c).toHaveLength(7);
    expect(c[0]).toBe(darkTheme.ramp[0]);
    expect(c[6]).toBe(darkTheme.ramp[darkTheme.ramp.length - 1]);
    expect(rgba('#4cc3ff')).toEqual([76, 195, 255, 255]);
  });
  it('labels class ranges with the language number format', () => {
    const b = [42.2, 52, 59.5];
    const colors = ['#000000', '#ffffff'];
    expect(legendClasses(b, colors, 'vi', 1).map((c) => c.label)).toEqual(['42,2 – 52,0', '52,0 – 59,5']);
    expect(legendClasses(b, colors, 'en', 1).map((c) => c.label)).toEqual(['42.2 – 52.0', '52.0 – 59.5']);
    expect(legendClasses([1234.5, 2345.5], ['#000000'], 'vi', 1)[0]!.label).toBe('1.234,5 – 2.345,5');
  });
});

describe('data of a map vintage', () => {
  const data2025 = [...CODES_2025].map((c, i) => point(c, 40 + i));
  it('shows data of the 34 on the 2025 map, leaving out the nation', () => {
    const d = mapData([...data2025, point('VN', 50)], '2025', CODES_2025, ONLY_2008);
    expect(d.usable).toBe(true);
    expect(d.byCode.size).toBe(34);
    expect(d.period).toBe('2026-10');
  });
  it('shows nothing on the 2008 map for data of the 34 (codes are reused across vintages)', () => {
    expect(mapData(data2025, '2008', CODES_2008, ONLY_2008).usable).toBe(false);
  });
  it('shows data carrying 2008-only codes on the 2008 map and not on the 2025 map', () => {
    const data2008 = [...CODES_2008].map((c) => point(c, 10));
    expect(mapData(data2008, '2008', CODES_2008, ONLY_2008).byCode.size).toBe(63);
    expect(mapData(data2008, '2025', CODES_2025, ONLY_2008).usable).toBe(false);
  });
  it('has the codes of the reference file', () => {
    const ref = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../../assets/reference/vn-admin-units.json', import.meta.url)), 'utf8')) as {
      units_until_2025_06_30: Array<{ code: string }>;
      units_from_2025_07_01: Array<{ code: string }>;
    };
    expect([...CODES_2008]).toEqual(ref.units_until_2025_06_30.map((u) => u.code));
    expect([...CODES_2025]).toEqual(ref.units_from_2025_07_01.map((u) => u.code));
  });
});

describe('labels and camera', () => {
  it('keeps the higher-priority label where two would overlap, and drops labels off the view', () => {
    const kept = placeLabels(
      [
        { id: 'small', x: 100, y: 100, text: 'Bắc Ninh', size: 18, priority: 1 },
        { id: 'big', x: 110, y: 105, text: 'Thanh Hóa', size: 18, priority: 5 },
        { id: 'far', x: 300, y: 300, text: 'Cà Mau', size: 18, priority: 0 },
        { id: 'edge', x: 2, y: 300, text: 'Lào', size: 18, priority: 9 },
      ],
      { width: 400, height: 400 },
    );
    expect([...kept].sort()).toEqual(['big', 'far']);
  });
  it('flies from one camera to the other in FLIGHT_MS of wall time, ≤ 1.5 s', () => {
    const a = { longitude: 106, latitude: 16, zoom: 5, pitch: 0, bearing: 0 };
    const b = { longitude: 108, latitude: 15.5, zoom: 7.5, pitch: 0, bearing: 0 };
    expect(FLIGHT_MS).toBeLessThanOrEqual(1500);
    expect(flightCamera(a, b, 0, FLIGHT_MS)).toEqual(a);
    expect(flightCamera(a, b, FLIGHT_MS, FLIGHT_MS)).toEqual(b);
    expect(flightCamera(a, b, FLIGHT_MS * 5, FLIGHT_MS)).toEqual(b);
    const mid = flightCamera(a, b, FLIGHT_MS / 2, FLIGHT_MS);
    expect(mid.longitude).toBeCloseTo(107, 5);
    expect(mid.zoom).toBeLessThan(6.25);
  });
});

describe('events and flows: only the map feed', () => {
  const provinces = [...CODES_2025].map((code, i) => ({ code, label: [104 + i * 0.1, 10 + i * 0.3] as [number, number] }));
  const NOW = Date.parse('2026-12-07T09:00:00+07:00');
  const provenance = { source: 's', submitter: 'key:k', receivedAt: NOW, received: '2026-12-07T09:00:00.000+07:00' };
  const incident = (id: string, province: string, extra: object = {}) => ({ id, province, severity: 'high' as const, occurredAt: '2026-12-07T08:00:00+07:00', synthetic: false, ...provenance, ...extra });
  it('draws nothing when the server sent nothing (a production wall without a source)', () => {
    expect(drawnEvents(EMPTY_MAP_FEED, provinces, NOW)).toEqual([]);
    expect(drawnFlows(EMPTY_MAP_FEED, [...CODES_2025], NOW)).toEqual([]);
    expect(feedSynthetic(EMPTY_MAP_FEED, ['events', 'flows'])).toEqual({ events: false, flows: false });
  });
  it('places an incident at its position or its province label, and leaves out unknown provinces and ended items', () => {
    const feed = {
      incidents: [incident('a', '48', { position: [108.2, 16.05] }), incident('b', '01'), incident('c', '02'), incident('d', '79', { endsAt: '2026-12-07T08:30:00+07:00' })],
      flows: [{ id: 'f', from: '01', to: '48', volume: 3, occurredAt: '2026-12-07T08:00:00+07:00', synthetic: true, ...provenance }],
    };
    const label01 = provinces.find((p) => p.code === '01')!.label;
    expect(drawnEvents(feed, provinces, NOW)).toEqual([
      { id: 'a', province: '48', position: [108.2, 16.05], severity: 'high' },
      { id: 'b', province: '01', position: label01, severity: 'high' },
    ]);
    expect(drawnFlows(feed, [...CODES_2025], NOW)).toEqual([{ id: 'f', from: '01', to: '48', volume: 3 }]);
    expect(feedSynthetic(feed, ['events', 'flows'])).toEqual({ events: false, flows: true });
  });
});
