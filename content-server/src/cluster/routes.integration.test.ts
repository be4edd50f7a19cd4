import { ClusterStatusSchema, ClusterTimeSchema } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, testStoreEngine, type TestServer } from '../testing/harness.js';

describe('the cluster routes of one server', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it('tells anyone its clock (for peers measuring their offset) and nothing else', async () => {
    const t0 = performance.timeOrigin + performance.now();
    const r = await getJson(`${t.url}/api/v1/cluster/time`, null);
    const t1 = performance.timeOrigin + performance.now();
    expect(r.status).toBe(200);
    const body = ClusterTimeSchema.parse(r.body);
    expect(Object.keys(r.body).sort()).toEqual(['serverId', 'time']);
    expect(body.time).toBeGreaterThanOrEqual(t0 - 1);
    expect(body.time).toBeLessThanOrEqual(t1 + 1);
  });

  it('shows technicians its store (alone on SQLite; on PostgreSQL, one of the servers that may share it), with its id and name', async () => {
    const r = await getJson(`${t.url}/api/v1/cluster`, t.keys.admin);
    expect(r.status).toBe(200);
    const status = ClusterStatusSchema.parse(r.body);
    expect(status).toMatchObject({ engine: testStoreEngine(), several: testStoreEngine() === 'postgres', peers: [] });
    expect(status.serverId).toBe((await getJson(`${t.url}/api/v1/cluster/time`, null)).body.serverId);
    expect((await getJson(`${t.url}/api/v1/cluster`, t.keys.reader)).status).toBe(403);
  });
});
