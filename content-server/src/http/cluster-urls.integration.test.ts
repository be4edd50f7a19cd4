// With CLUSTER_URLS a server tells walls and consoles every server of the center, lets pages
// served by its peers use it, and lets its own pages connect to its peers; without, nothing
// changes.
import { PROTOCOL_VERSION, type WallJoinResult } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, nextEvent, startTestServer, wallClient, type TestServer } from '../testing/harness.js';

const PEER = 'https://b.ioc.example:8443';

/** A cross-origin preflight for a command, as a page served by `origin` sends it. */
async function preflight(url: string, origin: string): Promise<{ status: number; allowOrigin: string | null }> {
  const res = await fetch(`${url}/api/v1/commands`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
  return { status: res.status, allowOrigin: res.headers.get('access-control-allow-origin') };
}

async function joinResult(t: TestServer): Promise<WallJoinResult> {
  const s = wallClient(t.url);
  try {
    return await s.timeout(3000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' });
  } finally {
    s.disconnect();
  }
}

async function consoleServers(t: TestServer): Promise<string[]> {
  const s = consoleClient(t.url, t.keys.operator);
  try {
    return await nextEvent<string[]>(s, 'console:servers');
  } finally {
    s.disconnect();
  }
}

describe('a server of a cluster (CLUSTER_URLS)', () => {
  let t: TestServer;
  let servers: string[];
  beforeAll(async () => {
    // Its own URL is known only once it listens; a peer's name is enough for what is checked here.
    t = await startTestServer({ clusterUrls: ['https://a.ioc.example:8443', PEER] });
    servers = ['https://a.ioc.example:8443', PEER];
  });
  afterAll(() => t.close());

  it('tells a wall every server in its join answer', async () => {
    expect(await joinResult(t)).toMatchObject({ ok: true, servers });
  });

  it('tells a console every server when it connects', async () => {
    expect(await consoleServers(t)).toEqual(servers);
  });

  it('lets a page served by a peer call its API', async () => {
    expect(await preflight(t.url, PEER)).toEqual({ status: 204, allowOrigin: PEER });
    expect((await preflight(t.url, 'https://evil.example')).status).toBe(403);
  });

  it('lets its pages connect to every peer (CSP connect-src)', async () => {
    const csp = (await fetch(`${t.url}/healthz`)).headers.get('content-security-policy');
    expect(csp).toContain(`connect-src 'self' data: blob: https://a.ioc.example:8443 wss://a.ioc.example:8443 ${PEER} wss://b.ioc.example:8443;`);
  });
});

describe('a single server (no CLUSTER_URLS)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('tells walls and consoles no other server', async () => {
    expect(await joinResult(t)).toMatchObject({ ok: true, servers: [] });
    expect(await consoleServers(t)).toEqual([]);
  });

  it('refuses pages of other origins and keeps its CSP', async () => {
    expect((await preflight(t.url, PEER)).status).toBe(403);
    const csp = (await fetch(`${t.url}/healthz`)).headers.get('content-security-policy');
    expect(csp).toContain("connect-src 'self' data: blob:;");
  });
});
