import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamsungMdcEmulator, serveTcp } from '../devices/emulators/index.js';
import { freshDatabaseUrl, stopEngines } from '../testing/engines.js';
import { roomLayouts, sendJson, startPeerServer, startTestServer, waitFor, type TestServer } from '../testing/harness.js';

const name = { vi: 'Màn hình', en: 'Display' };
const answering = { replyTimeoutMs: 5000, maxRetries: 1, backoffMs: 20, gapMs: 0 };

/**
 * A device of a center with two servers (issue 15): driven by the one server that can reach it
 * (its profile's `reachableFrom`), commanded through either.
 */
describe('a device driven by one server of two, commanded through the other', () => {
  const display = new SamsungMdcEmulator(1);
  let served: { port: number; close(): Promise<void> };
  let layouts: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    served = await serveTcp(display);
    layouts = roomLayouts({
      devices: [{ id: 'disp-1', name, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: served.port }, timing: answering, reachableFrom: ['server-a'] }],
    });
    const databaseUrl = await freshDatabaseUrl();
    a = await startTestServer({ databaseUrl, layoutsDir: layouts, serverName: 'server-a' });
    b = await startPeerServer(a, { serverName: 'server-b' });
  }, 60_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await stopEngines();
    await served?.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('is opened only by the server that can reach it, and both servers show its owner', async () => {
    await waitFor(() => a.server.devices.get('disp-1')?.status().status === 'online', 10_000, 'disp-1 online on A');
    for (const t of [a, b]) {
      await waitFor(async () => {
        const { body } = await sendJson('GET', `${t.url}/api/v1/devices`, t.keys.operator);
        const d = (body.devices as Array<{ id: string; status: string; owner?: string | null }>).find((x) => x.id === 'disp-1');
        return d?.status === 'online' && d.owner === a.server.cluster.serverId;
      }, 10_000, `disp-1 online, owned by A, as ${t === a ? 'A' : 'B'} says`);
    }
  });

  it('carries a command sent to B to the device through A, and answers with its exchange', async () => {
    const res = await sendJson('POST', `${b.url}/api/v1/commands`, b.keys.operator, { clientId: 'pg-vol-1', name: 'display.volume', args: { device: 'disp-1', level: 33 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, clientId: 'pg-vol-1' });
    expect(display.state.volume).toBe(33);
    expect(await a.server.commands.log.get('pg-vol-1')).toMatchObject({ status: 'done' });
  });
});
