import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { CatalogRegistry } from '../feeds/catalog.js';
import { validateBatch } from '../feeds/ingest.js';
import { parsePeriod, releaseStage } from '@ioc/protocol';
import { historyObservations } from './history.js';
import { demoGenerator, demoUnits } from './index.js';
import { powerLoadAt } from './live.js';

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

  it('produces a power load between 30 and 49 GW', () => {
    const day = Date.parse('2026-11-23T00:00:00+07:00');
    const loads = Array.from({ length: 24 * 12 }, (_, i) => powerLoadAt(1, day + i * 300_000));
    expect(Math.min(...loads)).toBeGreaterThan(29_000);
    expect(Math.max(...loads)).toBeLessThan(49_500);
    expect(powerLoadAt(1, day + 1234)).toBe(powerLoadAt(1, day + 1999)); // one value per second
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
  }, 60_000);

  it('on 7 December shows no December, no fourth quarter and no year 2026: only what the sources have published', () => {
    const now = Date.parse('2026-12-07T05:45:30+07:00');
    // Everything published in the last two years (the whole history is the test above).
    const since = Date.parse('2025-01-01T00:00:00+07:00');
    const all = [...historyObservations(gen, catalog.catalog.indicators, units, { now, since })];
    const unfinished = all.filter((o) => now < parsePeriod(o.period)!.end);
    expect(unfinished.map((o) => `${o.indicator} ${o.period}`).slice(0, 5)).toEqual([]);
    const periods = (id: string) => new Set(all.filter((o) => o.indicator === id && o.unit === 'VN').map((o) => o.period));
    expect(periods('exports').has('2026-12')).toBe(false);
    expect(periods('public_investment_disbursed').has('2026-12')).toBe(false);
    expect(periods('gdp_growth').has('2026-Q4')).toBe(false);
    expect(periods('gdp_growth').has('2026-Q3')).toBe(true);
    // GSO's monthly report came out on the 6th; Customs' November figure comes about the 10th:
    // until then the national report's estimate of November (sent by 15 November) stands.
    const vn = (id: string, period: string) => all.find((o) => o.indicator === id && o.unit === 'VN' && o.period === period);
    expect(vn('cpi_yoy', '2026-11')?.estimate).toBeUndefined();
    expect(vn('exports', '2026-11')?.estimate).toBe(true);
    expect(vn('exports', '2026-10')?.estimate).toBeUndefined();
    expect(all.filter((o) => o.estimate).every((o) => releaseStage(o.period, catalog.indicator(o.indicator)?.release, now) === 'estimate')).toBe(true);
    // On the 5th the statistics office had not published November: only the reports' estimate stood.
    const before = [...historyObservations(gen, catalog.catalog.indicators, units, { now: Date.parse('2026-12-05T12:00:00+07:00'), since })];
    expect(before.find((o) => o.indicator === 'cpi_yoy' && o.unit === 'VN' && o.period === '2026-11')?.estimate).toBe(true);
    expect(before.some((o) => o.indicator === 'gdp_growth' && o.period === '2026-Q4')).toBe(false);
  }, 60_000);

  it('posts the statistics office estimate of the fourth quarter from 29 December, marked as an estimate', () => {
    const now = Date.parse('2026-12-29T09:00:00+07:00');
    const q4 = [...historyObservations(gen, catalog.catalog.indicators, units, { now })].filter((o) => o.period === '2026-Q4');
    expect(q4.find((o) => o.indicator === 'gdp_growth')?.estimate).toBe(true);
    expect(q4.length).toBeGreaterThan(0);
    expect(q4.every((o) => o.estimate === true && releaseStage(o.period, catalog.indicator(o.indicator)?.release, now) === 'estimate')).toBe(true);
    const r = validateBatch({ observations: q4.slice(0, 100).map((o) => ({ ...o, source: 'demo' })) }, catalog, { synthetic: true, now });
    expect(r.ok ? [] : r.errors.slice(0, 3)).toEqual([]);
  }, 60_000);

  it('tops up a figure on its release day even when its period ended before the last run', () => {
    const since = Date.parse('2026-12-04T12:00:00+07:00');
    const topUp = [...historyObservations(gen, catalog.catalog.indicators, units, { now: Date.parse('2026-12-07T05:45:30+07:00'), since })];
    expect(topUp.some((o) => o.indicator === 'cpi_yoy' && o.unit === 'VN' && o.period === '2026-11')).toBe(true);
  });
});
