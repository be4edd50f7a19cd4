import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, startTestServer, type TestServer } from '../testing/harness.js';

// Tuyên Quang (08) since 1 July 2025 = Tuyên Quang (08) + Hà Giang (02) of the 63.
describe('series in either administrative map (vintage)', () => {
  let t: TestServer;
  const obs = (indicator: string, unit: string, period: string, value: number) => ({ indicator, unit, period, value, source: 'GSO' });
  beforeAll(async () => {
    t = await startTestServer();
    const r = await postObservations(t.url, t.keys.ingest, {
      observations: [
        obs('grdp', '08', '2024-Q1', 10.5), obs('grdp', '02', '2024-Q1', 7.25),
        obs('grdp', '08', '2024-Q2', 11.25), obs('grdp', '02', '2024-Q2', 8.5),
        obs('grdp', '08', '2024-Q3', 12),
        obs('grdp', '08', '2025-Q3', 21.5),
        obs('grdp_growth', '08', '2024-Q1', 6), obs('grdp_growth', '02', '2024-Q1', 8),
        obs('unemployment_rate', '08', '2024-Q1', 2.1), obs('unemployment_rate', '02', '2024-Q1', 1.9),
      ],
    });
    expect(r.status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });
  const series = (qs: string) => getJson(`${t.url}/api/v1/series?${qs}`);

  it('derives a merged province before 1 July 2025 by summing its members, exactly, and says so', async () => {
    const { status, body } = await series('indicator=grdp&unit=08');
    expect(status).toBe(200);
    expect(body).toMatchObject({ vintage: '2025', derivedFrom: ['08', '02'] });
    expect(body.points.map((p: { period: string; value: number; derived?: boolean }) => [p.period, p.value, p.derived ?? false])).toEqual([
      ['2024-Q1', 17.75, true],
      ['2024-Q2', 19.75, true],
      ['2025-Q3', 21.5, false],
    ]);
    expect(body.notes).toEqual(['no derived value for 1 period(s) (2024-Q3): a member unit has no value']);
  });

  it('weights a rate by the weight indicator of each member', async () => {
    const { body } = await series('indicator=grdp_growth&unit=08');
    expect(body.points).toEqual([expect.objectContaining({ period: '2024-Q1', value: Math.round(((6 * 10.5 + 8 * 7.25) / 17.75) * 1e9) / 1e9, derived: true, source: 'mean weighted by grdp of 08, 02' })]);
  });

  it('refuses to combine a rate it has no rule for, and says why', async () => {
    const { body } = await series('indicator=unemployment_rate&unit=08');
    expect(body.points).toEqual([]);
    expect(body.notes[0]).toMatch(/^unemployment_rate is not derived for 08 before 2025-07-01: its aggregation rule is none/);
  });

  it('answers the 63-province map as reported, up to 30 June 2025', async () => {
    const { body } = await series('indicator=grdp&unit=08&vintage=2008');
    expect(body.points.map((p: { period: string; value: number }) => [p.period, p.value])).toEqual([
      ['2024-Q1', 10.5],
      ['2024-Q2', 11.25],
      ['2024-Q3', 12],
    ]);
    expect(body.notes).toEqual(['values after 2025-06-30 belong to the 34 provinces of 2025 and cannot be split back into the 63']);
    expect((await series('indicator=grdp&unit=02&vintage=2008')).body.points).toHaveLength(2);
  });

  it('refuses a unit that does not exist in the asked map, naming where it went', async () => {
    const gone = await series('indicator=grdp&unit=02');
    expect(gone.status).toBe(404);
    expect(gone.body.errors[0]).toEqual({ index: null, field: 'unit', message: 'unit 02 ceased on 2025-06-30; in vintage 2025 it is part of 08 (Tuyên Quang); ask for vintage=2008 to see it' });
    expect((await series('indicator=grdp&unit=08&vintage=1999')).status).toBe(400);
  });
});
