import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, startTestServer, type TestServer } from '../testing/harness.js';

describe('regional figures derived from provinces', () => {
  let t: TestServer;
  let rrd: string[];
  beforeAll(async () => {
    t = await startTestServer();
    const { body } = await getJson(`${t.url}/api/v1/regions`);
    rrd = body.regions.find((r: { id: string }) => r.id === 'RRD').members;
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the six regions with their names in both languages and their provinces', async () => {
    const { body } = await getJson(`${t.url}/api/v1/regions`);
    expect(body.regions.map((r: { id: string }) => r.id)).toEqual(['NMM', 'RRD', 'NCC', 'CH', 'SE', 'MD']);
    expect(body.regions.reduce((n: number, r: { members: string[] }) => n + r.members.length, 0)).toBe(63);
    const red = body.regions[1];
    expect(red.name).toEqual({ vi: 'Đồng bằng sông Hồng', en: 'Red River Delta' });
    expect(red.provinces).toContainEqual({ code: '01', name: 'Hà Nội' });
  });

  it('sums an amount over the region where every province reported, and says what it leaves out', async () => {
    const obs = (unit: string, period: string, value: number) => ({ indicator: 'retail_sales', unit, period, value, source: 'GSO' });
    const batch = [...rrd.map((u, i) => obs(u, '2025-05', 10 + i)), ...rrd.slice(1).map((u) => obs(u, '2025-06', 5))];
    expect((await postObservations(t.url, t.keys.ingest, { observations: batch })).status).toBe(200);
    const { status, body } = await getJson(`${t.url}/api/v1/regions/RRD/series?indicator=retail_sales`);
    expect(status).toBe(200);
    const expected = rrd.reduce((s, _u, i) => s + 10 + i, 0);
    expect(body.points).toEqual([expect.objectContaining({ unit: 'RRD', period: '2025-05', value: expected, derived: true })]);
    expect(body.notes).toEqual([
      expect.stringMatching(/^no regional value for 1 period\(s\) \(2025-06\): a province has no value/),
      expect.stringMatching(/^regions are defined over the 63 provinces; from 2025-07-01 provinces 24, 25, 51, 52, 66, 68, 80 straddle two regions/),
    ]);
  });

  it('refuses what has no regional figure, with the reason', async () => {
    const none = await getJson(`${t.url}/api/v1/regions/RRD/series?indicator=cpi_yoy`);
    expect(none.status).toBe(200);
    expect(none.body.points).toEqual([]);
    expect(none.body.notes[0]).toMatch(/^cpi_yoy has no regional figure: its aggregation rule is none/);
    expect((await getJson(`${t.url}/api/v1/regions/RRD/series?indicator=exports`)).body.errors[0].message).toBe('exports is not reported per province, so it has no regional figure');
    expect((await getJson(`${t.url}/api/v1/regions/XX/series?indicator=retail_sales`)).status).toBe(404);
    expect((await getJson(`${t.url}/api/v1/regions/RRD/series?indicator=retail_sales&unit=01`)).status).toBe(400);
  });
});
