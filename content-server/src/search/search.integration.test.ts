import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, type TestServer } from '../testing/harness.js';

describe('GET /api/v1/search', () => {
  let t: TestServer;
  beforeAll(async () => {
    // The demo room's devices are searchable like real ones.
    t = await startTestServer({ demoRoom: true });
  });
  afterAll(async () => {
    await t.close();
  });
  const search = (qs: string) => getJson(`${t.url}/api/v1/search?${qs}`);

  it('answers ranked results of every kind, saying what each one is', async () => {
    const { status, body } = await search('q=dong%20nai');
    expect(status).toBe(200);
    expect(body.results[0]).toMatchObject({ kind: 'unit', id: '75', label: { vi: 'Đồng Nai', en: 'Dong Nai' }, what: { vi: 'Tỉnh, thành phố', en: 'Province or city' } });
    expect((await search('q=xuat%20khau%20ha%20noi')).body.results[0]).toMatchObject({ kind: 'series', indicator: 'exports', unit: '01' });
    expect((await search('q=giao%20ban')).body.results.map((r: { kind: string; id: string }) => `${r.kind}:${r.id}`)).toEqual(expect.arrayContaining(['briefing:weekly-economy', 'command:room.mode.briefing']));
    expect((await search('q=man%20hinh%20ghep%20trai')).body.results[0]).toMatchObject({ kind: 'device', id: 'display-left' });
    expect((await search('q=tong%20quan')).body.results[0]).toMatchObject({ kind: 'scene', id: 'overview' });
  });

  it('filters by kind and refuses a bad query with the field named', async () => {
    const only = await search('q=ha&kinds=unit,indicator&limit=50');
    expect(only.body.results.length).toBeGreaterThan(3);
    expect(only.body.results.every((r: { kind: string }) => r.kind === 'unit' || r.kind === 'indicator')).toBe(true);
    for (const qs of ['q=', 'q=x&kinds=planet', 'q=x&limit=1000', '']) {
      const bad = await search(qs);
      expect(bad.status, qs).toBe(400);
      expect(bad.body.errors[0].field).toBe('query');
    }
  });
});
