// Access: nothing is read without a right. Each case runs against the built server (`npx tsc -b`
// first) and checks that it is alive afterwards, answered 4xx, stored nothing and audited as intended.
import { PROTOCOL_VERSION, WALL_NAMESPACE } from '@ioc/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from './target.js';

let target: Target;
// Starting the target runs `ops` a dozen times (users, keys, a device): slow on a busy machine.
beforeAll(async () => {
  target = await startTarget();
}, 240_000);
afterAll(async () => {
  await target?.close();
});

/** The nineteen reads that answered anyone before: data, files' provenance, devices' live state. */
const READS = [
  '/api/v1/series?indicator=cpi_yoy&unit=VN',
  '/api/v1/latest?indicator=retail_sales',
  '/api/v1/revisions?indicator=cpi_yoy&unit=VN&period=2018-06',
  '/api/v1/catalog',
  '/api/v1/regions',
  '/api/v1/regions/RRD/series?indicator=retail_sales',
  '/api/v1/search?q=cpi',
  '/api/v1/rankings',
  '/api/v1/rankings/provincial-growth',
  '/api/v1/international?measure=gdp_per_capita',
  '/api/v1/whatif/model',
  '/api/v1/map-feed',
  '/api/v1/devices',
  '/api/v1/devices/errors',
  '/api/v1/layouts',
  '/api/v1/layouts/errors',
  '/api/v1/forecast?indicator=cpi_yoy&unit=VN',
  '/api/v1/templates/observations.csv?indicators=retail_sales&period=2026-09',
  '/api/v1/templates/observations.xlsx?indicators=retail_sales&period=2026-09',
];

async function get(path: string, token?: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${target.url}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV, XLSX: the body is not JSON; the status says enough.
  }
  return { status: res.status, body };
}

describe('nothing read without a right', () => {
  it('answers 401 to every read without credentials, in the error shape, storing and auditing nothing', async () => {
    const before = target.lastAuditId();
    const rows = target.count('observations');
    for (const path of READS) {
      const { status, body } = await get(path);
      expect({ path, status }).toEqual({ path, status: 401 });
      expect(body.errors[0]).toMatchObject({ index: null, field: 'authorization', message: expect.stringContaining('Bearer') });
    }
    // Anyone can send these: refusals without credentials are not one audit row each.
    expect(target.auditSince(before)).toEqual([]);
    expect(target.count('observations')).toBe(rows);
    expect(await target.alive()).toBe(true);
  });

  it('answers them to a viewer, and the data reads to a reader key', async () => {
    for (const path of READS) expect([401, 403], path).not.toContain((await get(path, target.sessions.viewer)).status);
    expect((await get('/api/v1/series?indicator=cpi_yoy&unit=VN', target.keys.reader)).status).toBe(200);
    expect(await target.alive()).toBe(true);
  });

  it('refuses a forged, revoked-looking or malformed bearer like none at all', async () => {
    for (const token of ['ioc_forged0000000000000000000000000000000000', 'ios_nope', 'iow_nope', 'x'.repeat(5000)]) {
      expect((await get('/api/v1/series?indicator=cpi_yoy&unit=VN', token)).status).toBe(401);
    }
    expect(await target.alive()).toBe(true);
  });

  it('refuses an ingest key the reads (403) and audits it as access.forbidden', async () => {
    const before = target.lastAuditId();
    const { status, body } = await get('/api/v1/series?indicator=cpi_yoy&unit=VN', target.keys.ingest);
    expect(status).toBe(403);
    expect(body.errors[0].message).toMatch(/ingest role may not/);
    expect(target.auditSince(before)).toEqual([expect.objectContaining({ actor: 'key:attack-ingest', action: 'access.forbidden', target: 'GET /api/v1/series', ok: 0 })]);
    expect(await target.alive()).toBe(true);
  });

  it('limits a wall device token to what its wall shows', async () => {
    const before = target.lastAuditId();
    const layouts = await get('/api/v1/layouts', target.deviceToken);
    expect(layouts.status).toBe(200);
    expect(layouts.body.walls.map((w: { id: string }) => w.id)).toEqual(['main']);
    expect(Object.keys(layouts.body.geometry)).toEqual(['main']);
    expect((await get('/api/v1/catalog', target.deviceToken)).status).toBe(200);
    // Series, audit, devices: not the wall's to read over HTTP (its data comes on its socket).
    for (const path of ['/api/v1/series?indicator=cpi_yoy&unit=VN', '/api/v1/audit', '/api/v1/devices', '/api/v1/wall-devices']) {
      expect({ path, status: (await get(path, target.deviceToken)).status }).toEqual({ path, status: 403 });
    }
    // A forecast of an indicator no scene shows is refused.
    expect((await get('/api/v1/forecast?indicator=no_such_indicator&unit=VN', target.deviceToken)).status).toBe(403);
    expect(target.auditSince(before).filter((r) => r.action === 'access.forbidden').map((r) => r.actor)).toEqual(Array(4).fill('device:main/d1'));
    expect(await target.alive()).toBe(true);
  });

  it('gives a wall device on its socket only the live topics some scene shows', async () => {
    const socket = io(`${target.url}${WALL_NAMESPACE}`, { auth: { token: target.deviceToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(null));
        socket.once('connect_error', reject);
      });
      const shown = await socket.timeout(5000).emitWithAck('live:subscribe', { topics: ['series:cpi_yoy:VN'] });
      expect(shown).toMatchObject({ ok: true });
      // Valid topics of the catalog, but on no scene: not the wall's to receive.
      const hidden = await socket.timeout(5000).emitWithAck('live:subscribe', { topics: ['series:poverty_rate:VN', 'latest:traffic_deaths'] });
      expect(hidden).toMatchObject({ ok: false, error: expect.stringMatching(/no scene of the walls shows series:poverty_rate:VN, latest:traffic_deaths/) });
    } finally {
      socket.disconnect();
    }
    expect(await target.alive()).toBe(true);
  });

  // Addresses end up in proxy logs and browser history: a token in one is never a credential.
  it('takes a device token only from the Authorization header or the socket handshake, never from an address', async () => {
    const before = target.lastAuditId();
    for (const name of ['token', 'access_token', 'key']) {
      const path = `/api/v1/layouts?${name}=${target.deviceToken}`;
      const { status, body } = await get(path);
      expect({ name, status }).toEqual({ name, status: 401 });
      expect(body.errors[0].message).toMatch(/expected Authorization: Bearer/);
    }
    // On the wall socket, a token in the handshake's query (not its auth) leaves it unenrolled.
    const socket = io(`${target.url}${WALL_NAMESPACE}`, { query: { token: target.deviceToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    const identities: unknown[] = [];
    socket.on('device:identity', (d: unknown) => identities.push(d));
    try {
      await new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(null));
        socket.once('connect_error', reject);
      });
      const joined = await socket.timeout(5000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' });
      expect(joined).toMatchObject({ ok: false, error: expect.stringMatching(/not enrolled/) });
    } finally {
      socket.disconnect();
    }
    expect(identities).toEqual([]);
    // Nothing done in the device's name: no row names it.
    expect(target.auditSince(before).filter((r) => r.actor === 'device:main/d1')).toEqual([]);
    expect(await target.alive()).toBe(true);
  });

  it('audits each read of sensitive data: who read the audit log, the command log, the revisions', async () => {
    const before = target.lastAuditId();
    expect((await get('/api/v1/audit?limit=5', target.sessions.technician)).status).toBe(200);
    expect((await get('/api/v1/commands/log', target.sessions.admin)).status).toBe(200);
    expect((await get('/api/v1/revisions?indicator=cpi_yoy&unit=VN&period=2018-06', target.sessions.viewer)).status).toBe(200);
    const reads = target.auditSince(before).filter((r) => r.action.startsWith('read.'));
    expect(reads.map((r) => [r.actor, r.action, r.target])).toEqual([
      ['user:attack-technician', 'read.audit', 'GET /api/v1/audit'],
      ['user:attack-admin', 'read.command-log', 'GET /api/v1/commands/log'],
      ['user:attack-viewer', 'read.revisions', 'GET /api/v1/revisions'],
    ]);
    expect(await target.alive()).toBe(true);
  });
});
