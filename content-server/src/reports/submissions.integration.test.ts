import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod, type LiveBatch } from '@ioc/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { collect, enrollDevice, sendJson, testDatabase, waitFor, wallClient } from '../testing/harness.js';

const HOUR = 3_600_000;
const DUE_OCT = Date.parse('2026-10-20T23:59:59.999+07:00');
const MONTHLY = ['cpi_yoy', 'iip_yoy', 'retail_sales', 'budget_revenue', 'budget_spending'];

describe('submission tracking and reports_on_time', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-submissions-'));
  const clock = { t: Date.parse('2026-10-01T08:00:00+07:00'), now() { return this.t; } };
  const start = async () => createServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dataDir, 'none'), consoleDist: join(dataDir, 'none'), reports: { clock, tickMs: 0 }, ...(await testDatabase(dataDir)) });
  let server: RunningServer;
  let viewer: string;
  const get = (path: string, token: string | null = viewer) => sendJson('GET', `${server.url}${path}`, token);
  /** Values stored as a unit's system would have sent them at `at` (the store keeps that receipt time). */
  const sent = async (unit: string, period: string, indicators: string[], at: number) => {
    const p = parsePeriod(period)!;
    await server.store.observations.writeBatch(indicators.map((indicator) => ({ indicator, unit, period, kind: p.kind, start: p.start, end: p.end, value: 1, synthetic: false, source: 'test' })), null, at);
  };

  beforeAll(async () => {
    server = await start();
    await server.users.create({ username: 'viewer-1', role: 'viewer', password: 'a long enough password' });
    viewer = (await sendJson('POST', `${server.url}/api/v1/auth/login`, null, { username: 'viewer-1', password: 'a long enough password' })).body.token;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the report sets to any signed-in user, and nobody else', async () => {
    expect((await get('/api/v1/submissions/report-sets', null)).status).toBe(401);
    const { status, body } = await get('/api/v1/submissions/report-sets');
    expect(status).toBe(200);
    expect(body.reportSets.find((s: { id: string }) => s.id === 'province_socioeconomic_monthly')).toMatchObject({ periodicity: 'month', dueDay: 20, indicators: MONTHLY });
  });

  it('answers each unit\'s status against the due time, with a summary', async () => {
    await sent('01', '2026-10', MONTHLY, DUE_OCT - 3 * HOUR);
    await sent('79', '2026-10', MONTHLY.slice(0, 4), DUE_OCT - 3 * HOUR);
    await sent('79', '2026-10', MONTHLY.slice(4), DUE_OCT + 30 * HOUR);
    await sent('48', '2026-10', MONTHLY.slice(0, 2), DUE_OCT - HOUR);
    clock.t = Date.parse('2026-10-10T12:00:00+07:00');
    let { status, body } = await get('/api/v1/submissions?reportSet=province_socioeconomic_monthly&period=2026-10');
    expect(status).toBe(200);
    expect(body).toMatchObject({ reportSet: 'province_socioeconomic_monthly', period: '2026-10', dueAt: '2026-10-20T23:59:59.999+07:00', due: false });
    expect(body.units).toHaveLength(34);
    expect(body.summary).toEqual({ expected: 31, onTime: 1, late: 1, missing: 0, partial: 1 });
    const byUnit = new Map(body.units.map((u: { unit: string }) => [u.unit, u]));
    expect(byUnit.get('01')).toEqual({ unit: '01', name: 'Hà Nội', status: 'received_on_time', receivedAt: '2026-10-20T20:59:59.999+07:00', dueAt: '2026-10-20T23:59:59.999+07:00', missingIndicators: [] });
    expect(byUnit.get('79')).toMatchObject({ status: 'late', lateByHours: 30, receivedAt: '2026-10-22T05:59:59.999+07:00' });
    expect(byUnit.get('48')).toMatchObject({ status: 'partial', receivedAt: null, missingIndicators: MONTHLY.slice(2) });
    expect(byUnit.get('92')).toMatchObject({ status: 'expected', missingIndicators: MONTHLY });

    clock.t = DUE_OCT + HOUR;
    ({ body } = await get('/api/v1/submissions?reportSet=province_socioeconomic_monthly&period=2026-10'));
    expect(body.due).toBe(true);
    expect(body.summary).toEqual({ expected: 0, onTime: 1, late: 1, missing: 31, partial: 1 });
  });

  it('expects the 63 former provinces for a period before July 2025', async () => {
    const { body } = await get('/api/v1/submissions?reportSet=province_socioeconomic_monthly&period=2025-06');
    expect(body.units).toHaveLength(63);
    expect(body.units.map((u: { unit: string }) => u.unit)).toContain('02');
    expect(body.summary.missing).toBe(63);
  });

  it('refuses an unknown set, a period of the wrong kind and a bad query, naming the field', async () => {
    const cases: Array<[string, number, string]> = [
      ['reportSet=nope&period=2026-10', 404, 'reportSet'],
      ['reportSet=province_grdp_quarterly&period=2026-10', 422, 'period'],
      ['reportSet=province_socioeconomic_monthly&period=October', 422, 'period'],
      ['period=2026-10', 400, 'reportSet'],
    ];
    for (const [query, status, field] of cases) {
      const res = await get(`/api/v1/submissions?${query}`);
      expect([res.status, res.body.errors[0].field], query).toEqual([status, field]);
    }
  });

  it('stores reports_on_time when the due time passes, audits it and pushes it to the walls', async () => {
    const wall = wallClient(server.url, await enrollDevice(server, 'main', 'd1'));
    const batches = collect<LiveBatch>(wall, 'live');
    await wall.emitWithAck('live:subscribe', { topics: ['series:reports_on_time:01'] });
    await waitFor(() => batches.length >= 1, 3000, 'snapshot');
    expect((await server.reports.check()).map((h) => h.reportSet)).toEqual(['national_trade_monthly', 'province_socioeconomic_monthly', 'agency_public_service_monthly']);
    await waitFor(() => batches.length >= 2, 3000, 'delta');
    wall.disconnect();
    expect(batches[1]!.messages[0]).toMatchObject({ kind: 'delta', topic: 'series:reports_on_time:01', points: [expect.objectContaining({ period: '2026-10', value: 100 })] });

    const series = async (unit: string) => (await get(`/api/v1/series?indicator=reports_on_time&unit=${unit}&from=2026-10&to=2026-10`)).body.points;
    // Derived when the reports fell due, inside October: an estimate until the month ends.
    expect(await series('01')).toEqual([expect.objectContaining({ value: 100, source: 'Trung tâm IOC (theo dõi báo cáo)', estimate: true })]);
    expect(await series('79')).toEqual([expect.objectContaining({ value: 0 })]);
    expect(await series('MOF')).toEqual([expect.objectContaining({ value: 0 })]);
    expect((await server.audit.search({ action: 'reports.on_time.derive' }))[0]).toMatchObject({ actor: 'system', ok: true, target: 'reports_on_time:2026-10' });
    const on = await get('/api/v1/submissions/on-time?unit=01&from=2026-09&to=2026-10');
    // The API computes any month, also those before tracking began (September: the monthly and Q3 reports, neither sent).
    expect(on.body).toEqual({ unit: '01', indicator: 'reports_on_time', points: [{ period: '2026-09', due: 2, onTime: 0, value: 0 }, { period: '2026-10', due: 1, onTime: 1, value: 100 }] });
    // ...but stores only the months whose due time passed while it watched.
    expect((await get('/api/v1/series?indicator=reports_on_time&unit=01&from=2026-09&to=2026-09')).body.points).toEqual([]);
  });

  it('counts a quarterly report in the month it falls due', async () => {
    await sent('01', '2026-Q4', ['grdp', 'grdp_growth', 'unemployment_rate'], Date.parse('2026-12-01T09:00:00+07:00'));
    clock.t = Date.parse('2026-12-26T00:00:00+07:00');
    expect(await server.reports.check()).toEqual(expect.arrayContaining([{ reportSet: 'province_grdp_quarterly', period: '2026-Q4' }, { reportSet: 'province_annual', period: '2026' }]));
    const on = await get('/api/v1/submissions/on-time?unit=01&from=2026-12&to=2026-12');
    // December: the monthly report (missing), the quarterly (on time), the annual (missing).
    expect(on.body.points).toEqual([{ period: '2026-12', due: 3, onTime: 1, value: 33.3 }]);
    // October and November have ended: their shares are final; December's is still an estimate.
    const stored = (await get('/api/v1/series?indicator=reports_on_time&unit=01&from=2026-10&to=2026-12')).body.points;
    expect(stored.map((p: { period: string; estimate: boolean }) => [p.period, p.estimate])).toEqual([
      ['2026-10', false],
      ['2026-11', false],
      ['2026-12', true],
    ]);
  });

  it('after a restart handles no due time twice and still knows what it derived', async () => {
    const audits = (await server.audit.search({ action: 'reports.due' })).length;
    await server.close();
    server = await start();
    expect(await server.reports.check()).toEqual([]);
    expect((await server.audit.search({ action: 'reports.due' })).length).toBe(audits);
    expect((await get('/api/v1/series?indicator=reports_on_time&unit=01&from=2026-10&to=2026-12', (await sendJson('POST', `${server.url}/api/v1/auth/login`, null, { username: 'viewer-1', password: 'a long enough password' })).body.token)).body.points.map((p: { period: string; value: number }) => [p.period, p.value])).toEqual([
      ['2026-10', 100],
      ['2026-11', 0],
      ['2026-12', 33.3],
    ]);
  });
});
