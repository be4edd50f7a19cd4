import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogSchema, HealthSchema, PROTOCOL_VERSION } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, sendJson, startTestServer, testStoreEngine, type TestServer } from '../testing/harness.js';

describe('HTTP API and static apps', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('reports health', async () => {
    const { status, body } = await getJson(`${t.url}/healthz`);
    expect(status).toBe(200);
    expect(HealthSchema.parse(body)).toEqual({ status: 'ok', causes: [] });
    const details = await sendJson('GET', `${t.url}/api/v1/system/status`, t.keys.admin);
    expect(details.body).toMatchObject({ protocolVersion: PROTOCOL_VERSION, store: { ok: true, driver: testStoreEngine() } });
  });

  it('serves the catalog: the indicators with power_load, the nation, 63 + 34 provinces and agencies', async () => {
    const catalog = CatalogSchema.parse((await getJson(`${t.url}/api/v1/catalog`)).body);
    expect(catalog.indicators.length).toBeGreaterThanOrEqual(33);
    expect(catalog.indicators.find((i) => i.id === 'power_load')).toMatchObject({ name: { vi: 'Phụ tải hệ thống điện', en: 'Power system load' }, periodicity: 'instant', levels: ['N'] });
    const kinds = (kind: string, pred: (u: { validFrom: string | null; validTo: string | null }) => boolean) => catalog.units.filter((u) => (u.kind === kind || (kind === 'province' && u.kind === 'city')) && pred(u)).length;
    expect(kinds('nation', () => true)).toBe(1);
    expect(kinds('province', (u) => u.validTo === '2025-06-30')).toBe(63);
    expect(kinds('province', (u) => u.validFrom === '2025-07-01')).toBe(34);
    expect(catalog.units.filter((u) => u.kind === 'agency').map((u) => u.code)).toEqual(expect.arrayContaining(['MOF', 'MOIT', 'GSO', 'VSS']));
  });

  it('describes the API in OpenAPI 3.1 with schemas from the protocol', async () => {
    const { body } = await getJson(`${t.url}/api/v1/openapi.json`);
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/observations', '/api/v1/series', '/api/v1/catalog', '/api/v1/layouts', '/healthz']));
    expect(body.components.schemas.IngestBody.properties.observations.maxItems).toBe(5000);
    expect(body.paths['/api/v1/series'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['indicator', 'unit', 'from', 'to', 'limit', 'vintage']);
  });

  it('documents every API route it serves', async () => {
    const { body } = await getJson(`${t.url}/api/v1/openapi.json`);
    const api = t.server.routes.filter((r) => r.path.startsWith('/api/'));
    expect(api.length).toBeGreaterThan(40);
    const undocumented = api.filter((r) => !body.paths[r.path]?.[r.method]).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(undocumented).toEqual([]);
  });

  it('answers an unknown API route with 404 in the error shape', async () => {
    expect(await getJson(`${t.url}/api/v1/nothing`)).toEqual({ status: 404, body: { errors: [{ index: null, field: 'url', message: 'no such route: GET /api/v1/nothing' }] } });
  });

  it('says how to build the wall and console when they are not built, and redirects / to the console', async () => {
    for (const path of ['/wall/?wall=main&display=d1', '/console/']) {
      const res = await fetch(`${t.url}${path}`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
    }
    const root = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/console/']);
  });
});

describe('a built single-page app', () => {
  let t: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'ioc-wall-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>wall</title>');
    writeFileSync(join(dist, 'assets/index-3f2a.js'), 'console.log(1)');
    t = await startTestServer({ wallDist: dist });
  });
  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('serves index.html uncached for the app and its routes, hashed bundles cached, missing files 404', async () => {
    for (const path of ['/wall/?wall=main&display=d1', '/wall/index.html', '/wall/displays/d1']) {
      const res = await fetch(`${t.url}${path}`);
      expect([path, res.status, res.headers.get('cache-control'), await res.text()]).toEqual([path, 200, 'no-cache', '<!doctype html><title>wall</title>']);
    }
    const bundle = await fetch(`${t.url}/wall/assets/index-3f2a.js`);
    expect([bundle.status, bundle.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    expect((await fetch(`${t.url}/wall/assets/gone.js`)).status).toBe(404);
    const bare = await fetch(`${t.url}/wall?wall=main&display=d2`, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/wall/?wall=main&display=d2');
  });
});
