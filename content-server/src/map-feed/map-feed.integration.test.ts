import { MAX_MAP_FEED_BYTES, MAX_MAP_FEED_ITEMS, PROTOCOL_VERSION, formatVnTimestamp, type MapFeed } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, nextEvent, startTestServer, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

async function postFeed(url: string, key: string | null, body: unknown, contentType = 'application/json'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/v1/map-feed`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...(key && { authorization: `Bearer ${key}` }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
}

const at = (minutesAgo: number) => formatVnTimestamp(Date.now() - minutesAgo * 60_000);
const flood = { id: 'flood-1', province: '48', severity: 'high', occurredAt: at(30), source: 'Ban Chỉ đạo phòng chống thiên tai', title: { vi: 'Ngập lụt', en: 'Flooding' } };

describe('map feed: the only source of the map\'s incidents and flows', () => {
  let t: TestServer;
  let wall: WallClient;
  beforeAll(async () => {
    t = await startTestServer();
    wall = wallClient(t.url);
  });
  afterAll(async () => {
    wall?.disconnect();
    await t?.close();
  });

  it('gives a wall of a production server (no demo) nothing to draw', async () => {
    const first = nextEvent<MapFeed>(wall, 'map:feed');
    expect(await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' })).toMatchObject({ ok: true });
    expect(await first).toEqual({ incidents: [], flows: [] });
    expect((await getJson(`${t.url}/api/v1/map-feed`)).body).toEqual({ incidents: [], flows: [] });
  });

  it('sends a posted incident and flow to the wall with their provenance, and audits the post', async () => {
    const next = nextEvent<MapFeed>(wall, 'map:feed');
    const flow = { id: 'relief-1', from: '01', to: '48', volume: 7, occurredAt: at(10), source: 'Bộ Quốc phòng' };
    expect(await postFeed(t.url, t.keys.ingest, { incidents: [flood], flows: [flow] })).toEqual({ status: 200, body: { incidents: 1, flows: 1 } });
    const feed = await next;
    const provenance = { submitter: 'key:test-ingest', synthetic: false, receivedAt: expect.any(Number), received: expect.stringMatching(/\+07:00$/) };
    expect(feed.incidents).toEqual([{ ...flood, occurredAt: flood.occurredAt, ...provenance }]);
    expect(feed.flows).toEqual([{ ...flow, ...provenance }]);
    expect((await t.server.audit.search({ action: 'mapfeed.post', ok: true }))[0]).toMatchObject({ actor: 'key:test-ingest', target: 'incidents:1,flows:1' });
    // The same id again replaces it; a synthetic key's items are synthetic whatever they say.
    const again = nextEvent<MapFeed>(wall, 'map:feed');
    await postFeed(t.url, t.keys.synthetic, { incidents: [{ ...flood, id: 'demo-1', severity: 'low', synthetic: false }] });
    expect((await again).incidents.map((i) => [i.id, i.submitter, i.synthetic])).toEqual([
      ['demo-1', 'key:test-synthetic', true],
      ['flood-1', 'key:test-ingest', false],
    ]);
  });

  it('refuses without a valid key (401), an operator key (403), a bad shape (400), unknown provinces (422) and a body over the limit (413), storing nothing', async () => {
    const before = (await getJson(`${t.url}/api/v1/map-feed`)).body;
    expect((await postFeed(t.url, null, { incidents: [flood] })).status).toBe(401);
    expect((await postFeed(t.url, 'not-a-key', { incidents: [flood] })).status).toBe(401);
    expect((await postFeed(t.url, t.keys.operator, { incidents: [flood] })).status).toBe(403);
    const bad = await postFeed(t.url, t.keys.ingest, { incidents: [{ ...flood, severity: 'apocalyptic' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'incidents.0.severity' });
    expect((await postFeed(t.url, t.keys.ingest, { incidents: [] })).status).toBe(400);
    const many = Array.from({ length: MAX_MAP_FEED_ITEMS + 1 }, (_, i) => ({ ...flood, id: `f${i}` }));
    expect((await postFeed(t.url, t.keys.ingest, { incidents: many })).status).toBe(400);
    const unknown = await postFeed(t.url, t.keys.ingest, { incidents: [{ ...flood, province: '02' }], flows: [{ id: 'x', from: '01', to: '01', volume: 1, occurredAt: at(1), source: 's' }] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.map((e: { field: string }) => e.field)).toEqual(['incidents.province', 'flows.to']);
    const huge = await postFeed(t.url, t.keys.ingest, { incidents: [{ ...flood, source: 'x'.repeat(200) }], pad: 'y'.repeat(MAX_MAP_FEED_BYTES) });
    expect(huge.status).toBe(413);
    expect((await postFeed(t.url, t.keys.ingest, '<incidents/>', 'application/xml')).status).toBe(415);
    expect((await getJson(`${t.url}/api/v1/map-feed`)).body).toEqual(before);
    expect((await t.server.audit.search({ action: 'mapfeed.post', ok: false })).length).toBeGreaterThanOrEqual(5);
  });
});
