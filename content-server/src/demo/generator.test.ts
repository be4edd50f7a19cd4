import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { CatalogRegistry } from '../feeds/catalog.js';
import { validateBatch } from '../feeds/ingest.js';
import { historyObservations } from './history.js';
import { demoGenerator, demoUnits } from './index.js';
import { countSoFar, powerLoadAt } from './live.js';

const catalog = CatalogRegistry.load(paths);
const gen = demoGenerator(catalog);
const units = demoUnits(catalog);
const NOW = Date.parse('2026-11-23T12:00:00+07:00');

describe('demo generator', () => {
  it('gives the same value for the same key, in any order and from a fresh generator', () => {
    const keys = [['retail_sales', '01', '2019-03'], ['cpi_yoy', 'VN', '2024-12'], ['gdp_growth', 'VN', '2020-Q2'], ['traffic_accidents', 'VN', '2023-05-01']] as const;
    const first = keys.map(([i, u, p]) => gen.value(i, u, p));
    const again = demoGenerator(catalog);
    expect([...keys].reverse().map(([i, u, p]) => again.value(i, u, p))).toEqual([...first].reverse());
    expect(first.every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
    expect(demoGenerator(catalog, 7).value('retail_sales', '01', '2019-03')).not.toBe(first[0]);
  });

  it('makes a merged province the sum of its members for an amount, and their mean for a rate', () => {
    // Since 1 July 2025, Bắc Ninh (24) is the former Bắc Ninh (27) and Bắc Giang (24).
    expect(units.newProvinces.get('24')).toEqual(['27', '24']);
    const members = (ind: string) => ['27', '24'].map((m) => gen.latent(ind, m, '2025-08') as number);
    expect(gen.value('retail_sales', '24', '2025-08')).toBeCloseTo(members('retail_sales').reduce((a, b) => a + b), 6);
    const rates = members('cpi_yoy');
    expect(gen.value('cpi_yoy', '24', '2025-08')).toBeCloseTo((rates[0]! + rates[1]!) / 2, 2);
    // Before the reform, code 24 is Bắc Giang alone.
    expect(gen.value('retail_sales', '24', '2025-06')).toBe(gen.latent('retail_sales', '24', '2025-06'));
  });

  it('makes a national amount the sum of the provinces on both sides of the reform', () => {
    for (const period of ['2025-06', '2025-07']) {
      const provinces = period === '2025-06' ? units.oldProvinces : [...units.newProvinces.keys()];
      const sum = provinces.reduce((s, u) => s + (gen.value('retail_sales', u, period) as number), 0);
      expect(gen.value('retail_sales', 'VN', period)).toBeCloseTo(sum, 6);
    }
  });

  it('keeps magnitudes near the 2024 reference', () => {
    const year2024 = (id: string) => Array.from({ length: 12 }, (_, m) => gen.value(id, 'VN', `2024-${String(m + 1).padStart(2, '0')}`) as number).reduce((a, b) => a + b);
    expect(year2024('exports')).toBeGreaterThan(360);
    expect(year2024('exports')).toBeLessThan(450);
    expect(year2024('retail_sales') / 12).toBeGreaterThan(470);
    expect(year2024('retail_sales') / 12).toBeLessThan(570);
    expect(gen.value('trade_balance', 'VN', '2024-05')).toBeCloseTo((gen.value('exports', 'VN', '2024-05') as number) - (gen.value('imports', 'VN', '2024-05') as number), 6);
  });

  it('produces a power load between 30 and 49 GW and an accident count that only grows during the day', () => {
    const day = Date.parse('2026-11-23T00:00:00+07:00');
    const loads = Array.from({ length: 24 * 12 }, (_, i) => powerLoadAt(1, day + i * 300_000));
    expect(Math.min(...loads)).toBeGreaterThan(29_000);
    expect(Math.max(...loads)).toBeLessThan(49_500);
    expect(powerLoadAt(1, day + 1234)).toBe(powerLoadAt(1, day + 1999)); // one value per second
    const counts = Array.from({ length: 24 }, (_, h) => countSoFar(gen, 'traffic_accidents', day + h * 3_600_000)?.value as number);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(countSoFar(gen, 'traffic_accidents', day + 86_399_999)?.value).toBeLessThanOrEqual(gen.value('traffic_accidents', 'VN', '2026-11-23') as number);
  });

  it('writes a history that the ingest API accepts in full, newest periods first', () => {
    const all = [...historyObservations(gen, catalog.catalog.indicators, units, { now: NOW })];
    expect(all.length).toBeGreaterThan(100_000);
    expect(all[0]?.period).toMatch(/^2026-11/);
    for (let i = 0; i < all.length; i += 5000) {
      const observations = all.slice(i, i + 5000).map((o) => ({ ...o, source: 'demo' }));
      const r = validateBatch({ observations }, catalog, { synthetic: true, now: NOW });
      expect(r.ok ? [] : r.errors.slice(0, 3)).toEqual([]);
    }
    const since = [...historyObservations(gen, catalog.catalog.indicators, units, { now: NOW, since: Date.parse('2026-11-21T00:00:00+07:00') })];
    expect(since.length).toBeLessThan(5000);
    expect(since.every((o) => o.period.startsWith('2026'))).toBe(true);
  });
});
