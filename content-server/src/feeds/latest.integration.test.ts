import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, startTestServer, type TestServer } from '../testing/harness.js';

describe('GET /api/v1/latest: the newest value of every current unit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    const obs = (unit: string, period: string, value: number) => ({ indicator: 'retail_sales', unit, period, value, source: 'GSO' });
    const r = await postObservations(t.url, t.keys.ingest, { observations: [obs('01', '2025-05', 50), obs('02', '2025-05', 3), obs('01', '2025-08', 61), obs('79', '2025-08', 120), obs('79', '2025-09', 125), obs('VN', '2025-09', 560)] });
    expect(r.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives the 34 provinces of today, never an old unit’s figure under a kept code, and names those without one', async () => {
    const { status, body } = await getJson(`${t.url}/api/v1/latest?indicator=retail_sales`);
    expect(status).toBe(200);
    expect(body.points.map((p: { unit: string; period: string; value: number; name: string }) => [p.unit, p.name, p.period, p.value])).toEqual([
      ['01', 'Hà Nội', '2025-08', 61],
      ['79', 'Thành phố Hồ Chí Minh', '2025-09', 125],
    ]);
    expect(body.missing).toHaveLength(32);
    expect(body.missing.map((m: { unit: string }) => m.unit)).not.toContain('02');
  });

  it('answers the nation, and refuses a level the indicator is not reported at', async () => {
    expect((await getJson(`${t.url}/api/v1/latest?indicator=retail_sales&level=N`)).body.points).toEqual([expect.objectContaining({ unit: 'VN', value: 560 })]);
    const m = await getJson(`${t.url}/api/v1/latest?indicator=retail_sales&level=M`);
    expect(m).toEqual({ status: 422, body: { errors: [{ index: null, field: 'level', message: 'retail_sales is reported at level(s) N, P, not M' }] } });
    expect((await getJson(`${t.url}/api/v1/latest?indicator=nope`)).status).toBe(404);
  });
});
