import { PROTOCOL_VERSION, parsePeriod, type WarningAckResult, type WarningChange, type WarningsSnapshot } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  consoleClient,
  getJson,
  nextEvent,
  postObservations,
  sendJson,
  startTestServer,
  wallClient,
  type ConsoleClient,
  type TestServer,
  type WallClient,
} from '../testing/harness.js';

const PASSWORD = 'correct horse battery';

describe('warnings: raised on ingest, live to walls and consoles, acknowledged by operators', () => {
  let t: TestServer;
  let wall: WallClient;
  let operator: ConsoleClient;
  let viewer: ConsoleClient;
  const post = (observations: unknown[]) => postObservations(t.url, t.keys.ingest, { observations });
  const cpi = (period: string, value: number) => ({ indicator: 'cpi_yoy', unit: 'VN', period, value, source: 'GSO' });

  beforeAll(async () => {
    t = await startTestServer();
    const catalog = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators as Array<{ id: string }>;
    const edit = (id: string, extra: object) => sendJson('PUT', `${t.url}/api/v1/catalog/indicators/${id}`, t.keys.admin, { ...catalog.find((i) => i.id === id), ...extra });
    expect((await edit('cpi_yoy', { thresholds: { warnAbove: 4.5 }, targets: {} })).status).toBe(200);
    await t.server.users.create({ username: 'viewer-1', role: 'viewer', password: PASSWORD });
    const login = await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username: 'viewer-1', password: PASSWORD });
    wall = wallClient(t.url);
    const wallSnapshot = nextEvent<WarningsSnapshot>(wall, 'warnings:snapshot');
    expect(await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' })).toMatchObject({ ok: true });
    expect((await wallSnapshot).warnings).toEqual([]);
    operator = consoleClient(t.url, t.keys.operator);
    viewer = consoleClient(t.url, login.body.token);
    await Promise.all([nextEvent(operator, 'warnings:snapshot'), nextEvent(viewer, 'warnings:snapshot')]);
  });
  afterAll(async () => {
    for (const s of [wall, operator, viewer]) s?.disconnect();
    await t?.close();
  });

  it('sends a threshold crossing to the wall and to every console, and lists it over HTTP', async () => {
    const onWall = nextEvent<WarningChange>(wall, 'warning:changed');
    const onConsole = nextEvent<WarningChange>(operator, 'warning:changed');
    expect((await post([cpi('2026-09', 4.1), cpi('2026-10', 5.2)])).status).toBe(200);
    const [w, c] = await Promise.all([onWall, onConsole]);
    expect(w).toEqual(c);
    expect(w).toMatchObject({
      change: 'raised',
      warning: {
        indicator: 'cpi_yoy',
        unit: 'VN',
        period: '2026-10',
        rule: 'threshold',
        severity: 'critical',
        value: 5.2,
        reference: { kind: 'warn_above', value: 4.5 },
        synthetic: false,
        state: 'open',
        unitName: { vi: 'Việt Nam', en: 'Viet Nam' },
        indicatorName: { en: expect.any(String) },
        message: { vi: expect.stringContaining('5,20 % cao hơn ngưỡng cảnh báo 4,50 %'), en: expect.stringContaining('5.20 % is above the warning threshold of 4.50 %') },
        time: expect.stringMatching(/\+07:00$/),
        ackBy: null,
      },
    });
    const listed = await sendJson('GET', `${t.url}/api/v1/warnings?state=open&indicator=cpi_yoy`, t.keys.operator);
    expect(listed.status).toBe(200);
    expect(listed.body.warnings.map((x: { id: number }) => x.id)).toEqual([w.warning.id]);
    expect((await sendJson('GET', `${t.url}/api/v1/warnings`, null)).status).toBe(401);
    expect((await sendJson('GET', `${t.url}/api/v1/warnings?state=maybe`, t.keys.operator)).body.errors[0]).toMatchObject({ field: 'state' });
  });

  it('refuses a viewer\'s acknowledgement and lets an operator acknowledge over the socket; both sides see who and when', async () => {
    const [open] = (await sendJson('GET', `${t.url}/api/v1/warnings?state=open`, t.keys.operator)).body.warnings;
    const refused: WarningAckResult = await viewer.emitWithAck('warning:ack', { id: open.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const httpRefused = await sendJson('POST', `${t.url}/api/v1/warnings/${open.id}/ack`, (await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username: 'viewer-1', password: PASSWORD })).body.token, {});
    expect(httpRefused.status).toBe(403);
    // Refused by the declared access of the event and of the route, before the domain: audited as such.
    const refusals = (await t.server.audit.search({ action: 'access.forbidden', actor: 'user:viewer-1' })).map((r) => r.target);
    expect(refusals).toEqual(expect.arrayContaining(['console:warning:ack', 'POST /api/v1/warnings/:id/ack']));

    const onWall = nextEvent<WarningChange>(wall, 'warning:changed');
    const onViewer = nextEvent<WarningChange>(viewer, 'warning:changed');
    const acked: WarningAckResult = await operator.emitWithAck('warning:ack', { id: open.id, note: 'Đã báo Tổng cục' });
    expect(acked).toMatchObject({ ok: true, warning: { id: open.id, state: 'acknowledged', ackBy: 'key:test-operator', ackRole: 'operator', ackNote: 'Đã báo Tổng cục' } });
    for (const seen of await Promise.all([onWall, onViewer])) expect(seen).toMatchObject({ change: 'acknowledged', warning: { id: open.id, state: 'acknowledged', ackBy: 'key:test-operator' } });
    expect((await t.server.audit.search({ action: 'warning.ack', ok: true }))[0]).toMatchObject({
      actor: 'key:test-operator',
      role: 'operator',
      target: 'cpi_yoy/VN/2026-10/threshold',
      detail: { id: open.id, note: 'Đã báo Tổng cục' },
    });

    const again = await sendJson('POST', `${t.url}/api/v1/warnings/${open.id}/ack`, t.keys.admin, {});
    expect(again.status).toBe(409);
    expect(again.body.acknowledged).toEqual({ by: 'key:test-operator', at: expect.stringMatching(/\+07:00$/) });
    expect(again.body.errors[0].message).toContain('already acknowledged by key:test-operator');
    expect((await sendJson('POST', `${t.url}/api/v1/warnings/99999/ack`, t.keys.admin, {})).status).toBe(404);
  });

  it('raises nothing for a value sent again or for an older period, and resolves a warning whose value is revised back inside the bounds', async () => {
    const [acked] = (await sendJson('GET', `${t.url}/api/v1/warnings?indicator=cpi_yoy`, t.keys.operator)).body.warnings;
    const next = nextEvent<WarningChange>(operator, 'warning:changed');
    expect((await post([cpi('2026-10', 5.2)])).status).toBe(200); // the same value: no change
    expect((await post([cpi('2026-08', 9.9)])).status).toBe(200); // older than the newest period
    expect((await post([cpi('2026-10', 4.0)])).status).toBe(200); // a revision inside the bounds
    // The next change on the socket is the resolution: the two posts before raised nothing.
    expect(await next).toMatchObject({ change: 'resolved', warning: { id: acked.id, state: 'resolved', value: 5.2, ackBy: 'key:test-operator' } });
    const all = (await sendJson('GET', `${t.url}/api/v1/warnings?indicator=cpi_yoy`, t.keys.operator)).body.warnings;
    expect(all.map((x: { id: number; state: string }) => [x.id, x.state])).toEqual([[acked.id, 'resolved']]);
    expect((await sendJson('POST', `${t.url}/api/v1/warnings/${acked.id}/ack`, t.keys.operator, {})).status).toBe(409);
    // Revised out of bounds again: the same row opens again, its acknowledgement forgotten.
    const reopened = nextEvent<WarningChange>(wall, 'warning:changed');
    await post([cpi('2026-10', 4.8)]);
    expect(await reopened).toMatchObject({ change: 'reopened', warning: { id: acked.id, state: 'open', severity: 'warning', value: 4.8, ackBy: null } });
  });

  it('judges only the newest period of each series at start, so a loaded history does not flood', async () => {
    const edit = await sendJson('PUT', `${t.url}/api/v1/catalog/indicators/iip_yoy`, t.keys.admin, {
      ...(await getJson(`${t.url}/api/v1/catalog`)).body.indicators.find((i: { id: string }) => i.id === 'iip_yoy'),
      thresholds: { warnBelow: 0 },
      targets: {},
    });
    expect(edit.status).toBe(200);
    // Written straight to the store (as a previous run would have), below the bound in every month.
    const items = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03'].flatMap((period) =>
      ['VN', '01', '79'].map((unit) => ({ indicator: 'iip_yoy', unit, period, kind: 'month' as const, start: parsePeriod(period)!.start, end: parsePeriod(period)!.end, value: -2, synthetic: false, source: 'test' })),
    );
    await t.server.store.observations.writeBatch(items, null);
    expect(await t.server.warnings.evaluateAll()).toBe(3);
    const raised = (await sendJson('GET', `${t.url}/api/v1/warnings?indicator=iip_yoy`, t.keys.operator)).body.warnings;
    expect(raised.map((w: { unit: string; period: string; severity: string }) => `${w.unit} ${w.period} ${w.severity}`).sort()).toEqual(['01 2026-03 warning', '79 2026-03 warning', 'VN 2026-03 warning']);
    expect(await t.server.warnings.evaluateAll()).toBe(0);
    // A province that ceased in 2025 (02 Hà Giang) raises nothing; the nation's next month does.
    const next = nextEvent<WarningChange>(operator, 'warning:changed');
    expect((await post([{ indicator: 'iip_yoy', unit: '02', period: '2025-05', value: -5, source: 'test' }])).status).toBe(200);
    expect((await post([{ indicator: 'iip_yoy', unit: 'VN', period: '2026-04', value: -1, source: 'test' }])).status).toBe(200);
    expect(await next).toMatchObject({ change: 'raised', warning: { unit: 'VN', period: '2026-04', rule: 'threshold' } });
    expect((await sendJson('GET', `${t.url}/api/v1/warnings?indicator=iip_yoy&unit=VN`, t.keys.operator)).body.warnings.map((w: { period: string }) => w.period)).toEqual(['2026-04', '2026-03']);
    // A wall that joins now gets them (and nothing resolved) in its snapshot.
    const late = wallClient(t.url);
    const snapshot = nextEvent<WarningsSnapshot>(late, 'warnings:snapshot');
    await late.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd2' });
    expect((await snapshot).warnings.map((w) => `${w.indicator} ${w.unit} ${w.period}`)).toEqual(['iip_yoy VN 2026-04', 'iip_yoy 79 2026-03', 'iip_yoy 01 2026-03', 'iip_yoy VN 2026-03', 'cpi_yoy VN 2026-10']);
    late.disconnect();
  });

  it('judges GDP growth against the National Assembly target of the year, and flags a warning on demo data as synthetic', async () => {
    const catalog = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators as Array<{ id: string; targets: Record<string, number>; targetSources?: Record<string, string> }>;
    const gdp = catalog.find((i) => i.id === 'gdp_growth')!;
    expect(gdp.targets).toMatchObject({ '2025': 8, '2026': 10 });
    expect(gdp.targetSources?.['2025']).toContain('192/2025/QH15');
    const raised = nextEvent<WarningChange>(wall, 'warning:changed');
    const demo = await postObservations(t.url, t.keys.synthetic, { observations: [{ indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', value: 7.5, source: 'demo' }] });
    expect(demo.status).toBe(200);
    expect(await raised).toMatchObject({
      change: 'raised',
      warning: { indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', rule: 'off_plan', severity: 'critical', synthetic: true, reference: { kind: 'target', value: 10, year: '2026' } },
    });
    // The statistics office's real figure replaces the demo value: the same warning, no longer synthetic.
    const updated = nextEvent<WarningChange>(wall, 'warning:changed');
    expect((await post([{ indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', value: 7.4, source: 'GSO' }])).status).toBe(200);
    expect(await updated).toMatchObject({ change: 'updated', warning: { rule: 'off_plan', synthetic: false, value: 7.4 } });
  });

  it('after a history load, judges the newest period of a series and the older ones with a warning not resolved, and reads no other', async () => {
    const catalog = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators as Array<{ id: string }>;
    const id = 'health_insurance_coverage';
    expect((await sendJson('PUT', `${t.url}/api/v1/catalog/indicators/${id}`, t.keys.admin, { ...catalog.find((i) => i.id === id), thresholds: { warnBelow: 90 }, targets: {} })).status).toBe(200);
    const coverage = (period: string, value: number) => ({ indicator: id, unit: 'VN', period, value, source: 'VSS' });
    const raised = nextEvent<WarningChange>(operator, 'warning:changed');
    expect((await post([coverage('2025-11', 80)])).status).toBe(200);
    expect(await raised).toMatchObject({ change: 'raised', warning: { indicator: id, period: '2025-11', state: 'open' } });
    // A newer month: raised too; 2025-11 keeps its warning open (it is not judged again until revised).
    const raisedNext = nextEvent<WarningChange>(operator, 'warning:changed');
    expect((await post([coverage('2025-12', 81)])).status).toBe(200);
    expect(await raisedNext).toMatchObject({ change: 'raised', warning: { indicator: id, period: '2025-12' } });

    // Which periods the evaluation reads a history window for (each window ends at its point).
    const series = vi.spyOn(t.server.store.observations, 'series');
    const changes: WarningChange[] = [];
    const listen = (c: WarningChange) => changes.push(c);
    operator.on('warning:changed', listen);
    try {
      // Two years below the bound, 2025-11 revised inside it, a newer month below it.
      const months = Array.from({ length: 24 }, (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
      const history = months.map((m) => coverage(m, m === '2025-11' ? 95 : m === '2025-12' ? 81 : 70));
      expect((await post([...history, coverage('2026-01', 85)])).status).toBe(200);
      const starts = new Map(['2025-11', '2026-01', ...months].map((m) => [parsePeriod(m)!.start, m]));
      const read = series.mock.calls.filter(([indicator]) => indicator === id).map(([, , range]) => starts.get(range?.toStart ?? NaN));
      // Before: every one of the 25 periods was read; 2025-12 (81, unchanged) is not in the batch's changes.
      expect([...new Set(read)].sort()).toEqual(['2025-11', '2026-01']);
    } finally {
      series.mockRestore();
    }
    await expect.poll(() => changes.map((c) => `${c.change} ${c.warning.period}`).sort()).toEqual(['raised 2026-01', 'resolved 2025-11']);
    operator.off('warning:changed', listen);
    const now = (await sendJson('GET', `${t.url}/api/v1/warnings?indicator=${id}`, t.keys.operator)).body.warnings as Array<{ period: string; state: string }>;
    expect(now.map((w) => `${w.period} ${w.state}`).sort()).toEqual(['2025-11 resolved', '2025-12 open', '2026-01 open']);
  });
});
