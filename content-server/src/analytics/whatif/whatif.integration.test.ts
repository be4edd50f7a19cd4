import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, sendJson, startTestServer, type TestServer } from '../../testing/harness.js';

const PASSWORD = 'correct horse battery';

describe('what-if simulation', () => {
  let t: TestServer;
  let presenter: string;
  const observationsState = () => t.server.store.sql.get<Record<string, number>>('SELECT COUNT(*) AS n, COALESCE(SUM(revision), 0) AS revisions, MAX(received_at) AS last, COALESCE(SUM(value), 0) AS values_ FROM observations');
  const revisionsCount = async () => (await t.server.store.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM observation_revisions'))!.n;

  beforeAll(async () => {
    t = await startTestServer();
    const res = await postObservations(t.url, t.keys.ingest, {
      observations: [
        { indicator: 'gdp_growth', unit: 'VN', period: '2026-Q2', value: 7.1, source: 'test' },
        { indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', value: 7.5, source: 'test' },
        { indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 3.2, source: 'test' },
      ],
    });
    expect(res.status).toBe(200);
    await t.server.users.create({ username: 'lanh-dao', role: 'presenter', password: PASSWORD });
    presenter = (await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username: 'lanh-dao', password: PASSWORD })).body.token;
  });
  afterAll(() => t.close());

  it('serves the model: drivers with ranges, outputs with named coefficients, labelled as illustrative', async () => {
    const { status, body } = await getJson(`${t.url}/api/v1/whatif/model`);
    expect(status).toBe(200);
    expect(body.simulation).toBe(true);
    expect(body.drivers.map((d: { id: string }) => d.id)).toEqual(['export_growth', 'public_investment', 'fdi_growth', 'cpi']);
    expect(body.outputs[0].terms[0]).toMatchObject({ driver: 'export_growth', coefficient: 0.15, name: { en: expect.stringContaining('illustrative assumption') } });
    expect(body.disclaimer.vi).toContain('không phải ước lượng chính thức');
  });

  it('recomputes the outputs from driver changes for a signed-in presenter, labelled as a simulation, and stores nothing', async () => {
    const before = await observationsState();
    const revisions = await revisionsCount();
    const { status, body } = await sendJson('POST', `${t.url}/api/v1/whatif`, presenter, { drivers: { export_growth: 16, cpi: 4.2 } });
    expect(status).toBe(200);
    expect(body).toMatchObject({ simulation: true, label: { vi: 'Mô phỏng — không phải số liệu thống kê', en: 'Simulation — not statistics' } });
    expect(body.baseline).toEqual({ export_growth: 12, public_investment: 90, fdi_growth: 8, cpi: 3.2 });
    expect(body.scenario).toEqual({ export_growth: 16, public_investment: 90, fdi_growth: 8, cpi: 4.2 });
    const out = new Map(body.outputs.map((o: { indicator: string }) => [o.indicator, o]));
    // GDP: latest national value 7.5 (2026-Q3) + 0.15 x 4 - 0.1 x 1 = 8.0
    expect(out.get('gdp_growth')).toMatchObject({ baseline: 7.5, baselineFrom: { source: 'indicator', period: '2026-Q3', synthetic: false }, simulated: 8, delta: 0.5 });
    expect((out.get('gdp_growth') as { terms: unknown[] }).terms).toEqual([
      { driver: 'export_growth', coefficient: 0.15, delta: 4, contribution: 0.6 },
      { driver: 'public_investment', coefficient: 0.04, delta: 0, contribution: 0 },
      { driver: 'fdi_growth', coefficient: 0.03, delta: 0, contribution: 0 },
      { driver: 'cpi', coefficient: -0.1, delta: 1, contribution: -0.1 },
    ]);
    // No budget revenue stored: the model's fallback 170 + 0.5 x 4 + 1.2 x 1 = 173.2
    expect(out.get('budget_revenue')).toMatchObject({ baseline: 170, baselineFrom: { source: 'fallback' }, simulated: 173.2 });
    expect(out.get('unemployment_rate')).toMatchObject({ simulated: 2.14 });

    await sendJson('POST', `${t.url}/api/v1/whatif`, t.keys.operator, { drivers: { public_investment: 110 } });
    expect(await observationsState()).toEqual(before);
    expect(await revisionsCount()).toBe(revisions);
    const series = await getJson(`${t.url}/api/v1/series?indicator=gdp_growth&unit=VN`);
    expect(series.body.points.map((p: { value: number }) => p.value)).toEqual([7.1, 7.5]);
  });

  it('audits each run as whatif.run with the scenario, not as a data change', async () => {
    const runs = (await t.server.audit.search({ action: 'whatif.run', ok: true }));
    expect(runs.map((r) => [r.actor, r.role, r.detail])).toEqual([
      ['key:test-operator', 'operator', { drivers: { public_investment: 110 } }],
      ['user:lanh-dao', 'presenter', { drivers: { export_growth: 16, cpi: 4.2 } }],
    ]);
  });

  it('refuses without sign-in, an unknown driver, a value out of range and a malformed body, each clearly', async () => {
    expect((await sendJson('POST', `${t.url}/api/v1/whatif`, null, { drivers: {} })).status).toBe(401);
    const bad = await sendJson('POST', `${t.url}/api/v1/whatif`, presenter, { drivers: { export_growth: 55, tax: 1 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([
      { index: null, field: 'drivers.export_growth', message: 'export_growth must be between -20 and 40 (% y/y); got 55' },
      { index: null, field: 'drivers.tax', message: 'unknown driver "tax"; the model\'s drivers are export_growth, public_investment, fdi_growth, cpi' },
    ]);
    const shape = await sendJson('POST', `${t.url}/api/v1/whatif`, presenter, { drivers: { cpi: 'high' } });
    expect(shape.status).toBe(400);
    expect(shape.body.errors[0].field).toBe('drivers.cpi');
    expect((await t.server.audit.search({ action: 'whatif.run', ok: false })).length).toBe(2);
  });
});
