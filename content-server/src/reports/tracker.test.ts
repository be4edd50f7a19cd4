import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { CatalogRegistry } from '../feeds/index.js';
import { Store, type StoredObservation } from '../store/index.js';
import { loadReportSets } from './config.js';
import { dueAt } from './due-dates.js';
import { classify, SubmissionTracker, summarize } from './tracker.js';

const catalog = CatalogRegistry.load(paths);
const sets = loadReportSets(join(paths.catalogDir, 'report-sets.json'), catalog);
const HOUR = 3_600_000;

function obs(indicator: string, unit: string, period: string, value: number): StoredObservation {
  const p = parsePeriod(period)!;
  return { indicator, unit, period, kind: p.kind, start: p.start, end: p.end, value, synthetic: false, source: 'test' };
}

describe('classify', () => {
  const due = 1_000_000;
  it.each([
    ['nothing, not due', 0, 3, null, due - 1, 'expected'],
    ['nothing, due passed', 0, 3, null, due + 1, 'missing'],
    ['some, not due', 1, 3, null, due - 1, 'partial'],
    ['some, due passed', 2, 3, null, due + 1, 'partial'],
    ['all, before the due time', 3, 3, due - 5, due + 1, 'received_on_time'],
    ['all, at the due time', 3, 3, due, due + 1, 'received_on_time'],
    ['all, after it', 3, 3, due + 1, due + 2, 'late'],
  ] as const)('%s: %s', (_what, received, total, receivedAt, now, status) => {
    expect(classify(due, now, received, total, receivedAt)).toBe(status);
  });
});

describe('report sets', () => {
  it('ship a valid report-sets.json with a monthly province report, a quarterly GRDP and an agency report', () => {
    expect(sets.map((s) => [s.id, s.periodicity, s.units.kind])).toEqual(
      expect.arrayContaining([
        ['province_socioeconomic_monthly', 'month', 'provinces'],
        ['province_grdp_quarterly', 'quarter', 'provinces'],
        ['agency_public_service_monthly', 'month', 'agencies'],
      ]),
    );
  });

  it('refuses a file that does not fit the catalog, naming each problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-report-sets-'));
    const file = join(dir, 'report-sets.json');
    const base = { id: 'x', name: { vi: 'X', en: 'X' }, periodicity: 'month', units: { kind: 'provinces' } };
    writeFileSync(file, JSON.stringify({ reportSets: [
      { ...base, indicators: ['nope', 'grdp', 'exports'] },
      { ...base, id: 'y', indicators: ['online_dossiers'], units: { kind: 'agencies', codes: ['HCM'] } },
    ] }));
    try {
      expect(() => loadReportSets(file, catalog)).toThrow(/indicator "nope" is not in the catalog/);
      expect(() => loadReportSets(file, catalog)).toThrow(/"grdp" is quarterly, the set is monthly/);
      expect(() => loadReportSets(file, catalog)).toThrow(/"exports" is not reported at level P/);
      expect(() => loadReportSets(file, catalog)).toThrow(/"HCM" is not an agency/);
      writeFileSync(file, JSON.stringify({ reportSets: [{ ...base, indicators: ['cpi_yoy'], dueDay: 28 }] }));
      expect(() => loadReportSets(file, catalog)).toThrow(/reportSets\.0\.dueDay/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SubmissionTracker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-tracker-'));
  let store: Store;
  let tracker: SubmissionTracker;
  const monthly = sets.find((s) => s.id === 'province_socioeconomic_monthly')!;
  beforeAll(() => {
    store = Store.open(dir);
    tracker = new SubmissionTracker(store.sql, catalog, sets);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('expects the 63 provinces before July 2025 and the 34 after; a 2025 annual report from the 34', () => {
    expect(tracker.expectedUnits(monthly, '2025-06')).toHaveLength(63);
    expect(tracker.expectedUnits(monthly, '2025-07')).toHaveLength(34);
    expect(tracker.expectedUnits(sets.find((s) => s.id === 'province_grdp_quarterly')!, '2025-Q2')).toHaveLength(63);
    expect(tracker.expectedUnits(sets.find((s) => s.id === 'province_annual')!, '2024')).toHaveLength(63);
    expect(tracker.expectedUnits(sets.find((s) => s.id === 'province_annual')!, '2025')).toHaveLength(34);
    // 02 Hà Giang merged into 08 Tuyên Quang.
    expect(tracker.expects(monthly, '2025-06', '02')).toBeDefined();
    expect(tracker.expects(monthly, '2025-07', '02')).toBeUndefined();
  });

  it('expects the agencies that exist when the report falls due (the March 2025 ministry merger)', () => {
    const agency = sets.find((s) => s.id === 'agency_public_service_monthly')!;
    const codes = (period: string) => tracker.expectedUnits(agency, period).map((u) => u.code);
    expect(codes('2025-02')).toEqual(expect.arrayContaining(['MPI', 'MARD', 'MOF']));
    expect(codes('2025-02')).not.toContain('MAE');
    expect(codes('2025-03')).toEqual(expect.arrayContaining(['MAE', 'MOF']));
    expect(codes('2025-03')).not.toContain('MPI');
  });

  it('classifies each unit by when the last indicator first arrived; a later correction does not make it late', async () => {
    const period = '2025-08';
    const due = dueAt(period, monthly.dueDay);
    const all = monthly.indicators;
    // 01 sends everything before the due time, then corrects a value after it.
    await store.observations.writeBatch(all.map((i) => obs(i, '01', period, 1)), null, due - 2 * HOUR);
    await store.observations.writeBatch([obs(all[0]!, '01', period, 2)], null, due + 10 * HOUR);
    // 79 sends all but the last on time and the last one 5 hours late.
    await store.observations.writeBatch(all.slice(0, -1).map((i) => obs(i, '79', period, 1)), null, due - HOUR);
    await store.observations.writeBatch([obs(all.at(-1)!, '79', period, 1)], null, due + 5 * HOUR);
    // 48 sends two indicators only.
    await store.observations.writeBatch(all.slice(0, 2).map((i) => obs(i, '48', period, 1)), null, due - HOUR);

    const before = new Map((await tracker.reports(monthly, period, due - 1)).map((r) => [r.unit, r]));
    expect(before.get('01')).toMatchObject({ status: 'received_on_time', receivedAt: due - 2 * HOUR, missingIndicators: [] });
    expect(before.get('48')).toMatchObject({ status: 'partial', receivedAt: null, missingIndicators: all.slice(2) });
    expect(before.get('92')?.status).toBe('expected');

    const after = await tracker.reports(monthly, period, due + 24 * HOUR);
    const byUnit = new Map(after.map((r) => [r.unit, r]));
    expect(byUnit.get('01')).toMatchObject({ status: 'received_on_time', receivedAt: due - 2 * HOUR });
    expect(byUnit.get('79')).toMatchObject({ status: 'late', receivedAt: due + 5 * HOUR });
    expect(byUnit.get('92')?.status).toBe('missing');
    expect(summarize(after)).toEqual({ expected: 0, onTime: 1, late: 1, partial: 1, missing: 31 });
  });

  it('gives the share of a unit\'s reports due in a month that came on time', async () => {
    const period = '2025-09';
    const quarterly = sets.find((s) => s.id === 'province_grdp_quarterly')!;
    const monthDue = dueAt(period, monthly.dueDay);
    const quarterDue = dueAt('2025-Q3', quarterly.dueDay);
    await store.observations.writeBatch(monthly.indicators.map((i) => obs(i, '01', period, 1)), null, monthDue - HOUR);
    await store.observations.writeBatch(quarterly.indicators.map((i) => obs(i, '01', '2025-Q3', 1)), null, quarterDue + HOUR);
    // Before the quarterly report is due only the monthly one counts.
    expect(await tracker.onTime('01', 2025, 9, monthDue + 1)).toEqual({ due: 1, onTime: 1, synthetic: false });
    expect(await tracker.onTime('01', 2025, 9, quarterDue + 2 * HOUR)).toEqual({ due: 2, onTime: 1, synthetic: false });
    expect(await tracker.onTime('01', 2025, 10, Date.parse('2026-01-01'))).toEqual({ due: 1, onTime: 0, synthetic: false });
    expect(await tracker.onTime('01', 2025, 9, monthDue - 1)).toBeNull();
  });
});
