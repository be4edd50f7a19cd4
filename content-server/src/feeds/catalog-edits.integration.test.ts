import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../server.js';
import { getJson, sendJson, startTestServer, testDatabase, type TestServer } from '../testing/harness.js';

describe('editing the indicator catalog', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-catalog-edit-'));
  let t: TestServer;
  let cpi: Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestServer({ dataDir });
    cpi = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators.find((i: { id: string }) => i.id === 'cpi_yoy');
  });
  afterAll(async () => {
    await t.server.close(); // closing twice is a no-op
    rmSync(dataDir, { recursive: true, force: true });
  });
  const put = (token: string | null, id: string, body: unknown) => sendJson('PUT', `${t.url}/api/v1/catalog/indicators/${id}`, token, body);

  it('serves every indicator with its aggregation rule and plan targets', async () => {
    const { body } = await getJson(`${t.url}/api/v1/catalog`);
    const byId = new Map(body.indicators.map((i: { id: string }) => [i.id, i]));
    expect(byId.get('grdp')).toMatchObject({ aggregation: { rule: 'sum' }, targets: {} });
    expect(byId.get('grdp_growth')).toMatchObject({ aggregation: { rule: 'weighted_mean', weight: 'grdp' } });
    expect(byId.get('unemployment_rate')).toMatchObject({ aggregation: { rule: 'none' } });
  });

  it('lets an admin set a plan target and thresholds: a new version, audited with the fields changed', async () => {
    const edited = { ...cpi, targets: { '2026': 4.5 }, thresholds: { warnAbove: 4.5, changePct: 20 } };
    const { status, body } = await put(t.keys.admin, 'cpi_yoy', edited);
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 1, changed: ['targets', 'thresholds'], indicator: { targets: { '2026': 4.5 } } });
    const served = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators.find((i: { id: string }) => i.id === 'cpi_yoy');
    expect(served.thresholds).toEqual({ warnAbove: 4.5, changePct: 20 });
    expect((await put(t.keys.admin, 'cpi_yoy', { ...edited, targets: { '2026': 4.0 } })).body.version).toBe(2);
    const history = await sendJson('GET', `${t.url}/api/v1/catalog/indicators/cpi_yoy/versions`, t.keys.operator);
    expect(history.body.versions.map((v: { version: number; actor: string; body: { targets: unknown } }) => [v.version, v.actor, v.body.targets])).toEqual([
      [1, 'key:test-admin', { '2026': 4.5 }],
      [2, 'key:test-admin', { '2026': 4 }],
    ]);
    expect((await t.server.audit.search({ action: 'catalog.indicator.update', ok: true }))[0]).toMatchObject({ actor: 'key:test-admin', role: 'admin', target: 'cpi_yoy', detail: { version: 2, changed: ['targets'] } });
  });

  it('refuses what is not an admin, not valid or does not fit the catalog, naming the field, and audits the refusal', async () => {
    expect((await put(t.keys.operator, 'cpi_yoy', cpi)).status).toBe(403);
    expect((await put(null, 'cpi_yoy', cpi)).status).toBe(401);
    const cases: Array<[unknown, string]> = [
      [{ ...cpi, periodicity: 'weekly' }, 'periodicity'],
      [{ ...cpi, targets: { next: 3 } }, 'targets.next'],
      [{ ...cpi, thresholds: { warnBelow: 5, warnAbove: 1 } }, 'thresholds.warnBelow'],
      [{ ...cpi, aggregation: { rule: 'weighted_mean', weight: 'unemployment_rate' } }, 'aggregation.weight'],
      [{ ...cpi, aggregation: { rule: 'weighted_mean', weight: 'nothing_here' } }, 'aggregation.weight'],
      [{ ...cpi, reportedBy: 'NOBODY' }, 'reportedBy'],
      [{ ...cpi, id: 'cpi_mom' }, 'id'],
    ];
    for (const [body, field] of cases) {
      const res = await put(t.keys.admin, 'cpi_yoy', body);
      expect(res.status, field).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field), field).toContain(field);
    }
    // The refused admin edits; the operator's attempt is refused by the route's declared access
    // (before the body is read); a request without a token is only answered 401.
    expect((await t.server.audit.search({ action: 'catalog.indicator.update', ok: false })).length).toBe(cases.length);
    expect((await t.server.audit.search({ action: 'access.forbidden' }))[0]).toMatchObject({ actor: 'key:test-operator', target: 'PUT /api/v1/catalog/indicators/:id', ok: false });
  });

  it('adds a new indicator, which layouts and ingest may then use, and keeps every edit across a restart', async () => {
    const added = { ...cpi, id: 'cpi_core', name: { vi: 'Lạm phát cơ bản', en: 'Core inflation' }, targets: {} };
    expect((await put(t.keys.admin, 'cpi_core', added)).body).toMatchObject({ version: 1, changed: ['(new)'] });
    const ingest = await sendJson('POST', `${t.url}/api/v1/observations`, t.keys.ingest, { observations: [{ indicator: 'cpi_core', unit: 'VN', period: '2026-09', value: 2.9, source: 'GSO' }] });
    expect(ingest.status).toBe(200);
    await t.server.close();
    const again = await createServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dataDir, 'none'), consoleDist: join(dataDir, 'none'), ...(await testDatabase(dataDir)) });
    try {
      const after = (await getJson(`${again.url}/api/v1/catalog`, t.keys.reader)).body.indicators;
      expect(after.find((i: { id: string }) => i.id === 'cpi_core')).toMatchObject({ name: { en: 'Core inflation' } });
      expect(after.find((i: { id: string }) => i.id === 'cpi_yoy')).toMatchObject({ targets: { '2026': 4 } });
    } finally {
      await again.close();
    }
  });
});
