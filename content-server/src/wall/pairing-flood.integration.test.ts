import { PROTOCOL_VERSION, type DeviceEnrolled, type PairingResult } from '@ioc/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextEvent, sendJson, startTestServer, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

const FLOOD = 120;

describe('a pairing-code flood', () => {
  let t: TestServer;
  const sockets: WallClient[] = [];
  /** A wall socket from another loopback address: on Linux all of 127/8 reaches the server. */
  const from = (localAddress: string): WallClient => {
    const s = io(`${t.url}/wall`, { transports: ['websocket'], forceNew: true, reconnection: false, localAddress } as never) as unknown as WallClient;
    sockets.push(s);
    return s;
  };
  const request = (s: WallClient) => s.timeout(10_000).emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION }) as Promise<PairingResult>;

  beforeAll(async () => {
    t = await startTestServer({ wallAuth: 'enrolled' });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.close();
  });

  it('fills nothing: a fresh display still gets a code and an admin enrolls it while the flood runs', async () => {
    // Many sockets from a few addresses, each asking for a code (twice: a loop reopening a page).
    const flooders = Array.from({ length: FLOOD }, (_, i) => from(`127.0.0.${2 + (i % 3)}`));
    const answers = (await Promise.all(flooders.flatMap((s) => [request(s), request(s)]))) as Array<{ ok: boolean; error?: string }>;
    const issued = answers.filter((a) => a.ok).length;
    expect(issued).toBeGreaterThan(0);
    expect(answers.filter((a) => !a.ok).map((a) => a.error)).toContainEqual(expect.stringMatching(/Quá nhiều yêu cầu.*Too many requests; try again in \d+ seconds/));
    expect(answers.filter((a) => !a.ok).map((a) => a.error)).toContainEqual(expect.stringMatching(/too many displays from this address/));
    const pending = (await sendJson('GET', `${t.url}/api/v1/wall-devices/pending`, t.keys.admin)).body.pending as Array<{ address: string }>;
    const perAddress = new Map<string, number>();
    for (const p of pending) perAddress.set(p.address, (perAddress.get(p.address) ?? 0) + 1);
    expect(Math.max(...perAddress.values())).toBeLessThanOrEqual(t.server.guard.limits.pairingCodes.perAddress);

    // The flood goes on while the real display asks.
    const more = flooders.map((s) => request(s));
    const display = wallClient(t.url);
    sockets.push(display);
    const mine = await request(display);
    expect(mine).toMatchObject({ ok: true, code: expect.any(String) });
    const enrolled = nextEvent<DeviceEnrolled>(display, 'device:enrolled', 10_000);
    const res = await sendJson('POST', `${t.url}/api/v1/wall-devices/enroll`, t.keys.admin, { code: (mine as { code: string }).code, wallId: 'main', displayId: 'd1' });
    expect(res.status).toBe(201);
    expect((await enrolled).device).toMatchObject({ wallId: 'main', displayId: 'd1' });
    await Promise.all(more);
    expect((await sendJson('GET', `${t.url}/healthz`, null)).status).toBe(200);
  });
});
