import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, type TestServer } from '../../testing/harness.js';

describe('international comparison (real Gapminder data from vega-datasets)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('places Viet Nam by income per person in the world and its region, with source, year and licence', async () => {
    const { status, body } = await getJson(`${t.url}/api/v1/international`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ measure: 'income', year: 2015, label: { vi: 'Thu nhập bình quân đầu người', en: 'Income per person' } });
    expect(body.source).toMatchObject({ name: expect.stringMatching(/^Gapminder \(via vega-datasets \d+\.\d+\.\d+\)$/), year: 2015, licence: 'Creative Commons Attribution 4.0 International' });
    expect(body.note.en).toContain('Real Gapminder data');
    expect(body.vietnam).toMatchObject({ country: 'Vietnam', value: 5623, region: 'east_asia_pacific', regionLabel: { en: 'East Asia and Pacific' } });
    // The unit test derives these by counting higher values in the CSV read on its own.
    expect(body.vietnam).toMatchObject({ worldRank: 123, worldOf: 187, regionRank: 14, regionOf: 27 });
    expect(body.region.filter((r: { value: number }) => r.value > 5623).length + 1).toBe(body.vietnam.regionRank);
    expect(body.region).toHaveLength(body.vietnam.regionOf);
    expect(body.world[0]).toMatchObject({ rank: 1, country: 'Qatar' });
    const at = body.world.findIndex((r: { vietnam: boolean }) => r.vietnam);
    expect(body.world[at].rank).toBe(body.vietnam.worldRank);
    expect(body.world.length).toBe(15);
  });

  it('answers life expectancy (76.5) and population, and refuses an unknown measure', async () => {
    const health = await getJson(`${t.url}/api/v1/international?measure=health&top=3`);
    expect(health.body.vietnam.value).toBe(76.5);
    expect(health.body.unit).toEqual({ vi: 'năm', en: 'years' });
    expect(health.body.world.slice(0, 3).map((r: { country: string }) => r.country)).toEqual(['Andorra', 'Japan', 'Switzerland']);
    const population = await getJson(`${t.url}/api/v1/international?measure=population`);
    expect(population.body.vietnam).toMatchObject({ value: 93447601, worldOf: 187 });
    const bad = await getJson(`${t.url}/api/v1/international?measure=gdp`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('measure');
  });
});
