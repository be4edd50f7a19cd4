import { PROTOCOL_VERSION, type DeviceEnrolled, type DeviceIdentity, type PairingResult, type PendingPairing, type WallDevice } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl, stopEngines } from '../testing/engines.js';
import { nextEvent, sendJson, startPeerServer, startTestServer, waitFor, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

const PASSWORD = 'correct horse battery';

/**
 * Two content servers of one center on one PostgreSQL, walls enrolled (the production default):
 * a display whose renderer is connected to A is enrolled by a technician working through B.
 */
describe('pairing a display through another server of the center', () => {
  let a: TestServer;
  let b: TestServer;
  let technician: string;
  const sockets: WallClient[] = [];
  const open = (t: TestServer, token?: string) => {
    const s = wallClient(t.url, token);
    sockets.push(s);
    return s;
  };
  const pendingOn = async (t: TestServer): Promise<PendingPairing[]> => {
    const res = await sendJson('GET', `${t.url}/api/v1/wall-devices/pending`, technician);
    expect(res.status).toBe(200);
    return res.body.pending;
  };
  const devicesOn = async (t: TestServer): Promise<WallDevice[]> => (await sendJson('GET', `${t.url}/api/v1/wall-devices`, technician)).body.devices;
  const requestCode = async (s: WallClient, displayId: string): Promise<string> => {
    const res = (await s.timeout(5000).emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION, hint: { wallId: 'main', displayId } })) as PairingResult;
    if (!res.ok || !('code' in res)) throw new Error(`no pairing code: ${JSON.stringify(res)}`);
    return res.code;
  };

  beforeAll(async () => {
    const databaseUrl = await freshDatabaseUrl();
    a = await startTestServer({ databaseUrl, serverName: 'server-a', wallAuth: 'enrolled' });
    b = await startPeerServer(a, { serverName: 'server-b', wallAuth: 'enrolled' });
    await a.server.users.create({ username: 'tech-pg', role: 'technician', password: PASSWORD });
    technician = (await sendJson('POST', `${b.url}/api/v1/auth/login`, null, { username: 'tech-pg', password: PASSWORD })).body.token;
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await b?.close();
    await a?.close();
    await stopEngines();
  });

  it('enrolls on B the code a renderer on A shows: the token reaches it on A, once; B lists it pending, then connected', async () => {
    const pager = open(a);
    const code = await requestCode(pager, 'd2');
    // Listed on B with the fields A lists it with, once A has told B.
    await waitFor(async () => (await pendingOn(b)).some((p) => p.code === code), 5000, "the code on B's pending list");
    const onB = (await pendingOn(b)).find((p) => p.code === code)!;
    const onA = (await pendingOn(a)).find((p) => p.code === code)!;
    expect(onB).toEqual({ ...onA, ageS: expect.any(Number), requestedTime: expect.any(String) });
    expect(onB).toMatchObject({ hint: { wallId: 'main', displayId: 'd2' }, address: expect.any(String), expiresAt: expect.any(Number) });

    const enrolledEvent = nextEvent<DeviceEnrolled>(pager, 'device:enrolled', 5000);
    const res = await sendJson('POST', `${b.url}/api/v1/wall-devices/enroll`, technician, { code: code.toLowerCase(), wallId: 'main', displayId: 'd2', name: 'Right TV' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.device).toMatchObject({ name: 'Right TV', wallId: 'main', displayId: 'd2', rendererId: null, enrolledBy: 'user:tech-pg' });
    expect(JSON.stringify(res.body)).not.toContain('iow_');
    const enrolled = await enrolledEvent;
    expect(enrolled).toMatchObject({ token: expect.stringMatching(/^iow_/), device: { id: res.body.device.id, wallId: 'main', displayId: 'd2' } });
    expect((await b.server.audit.recent(1, 'wall.device.enroll'))[0]).toMatchObject({ actor: 'user:tech-pg', role: 'technician', target: code.toLowerCase(), ok: true, detail: { device: res.body.device.id, position: 'main/d2' } });
    // Taken once: by A, whose renderer showed it; gone from both lists.
    await waitFor(async () => !(await pendingOn(b)).some((p) => p.code === code), 5000, "the code gone from B's list");
    expect((await pendingOn(a)).map((p) => p.code)).not.toContain(code);

    const renderer = open(a, enrolled.token);
    expect(await nextEvent<DeviceIdentity>(renderer, 'device:identity', 5000)).toMatchObject({ id: res.body.device.id, wallId: 'main', displayId: 'd2', name: 'Right TV' });
    expect(await renderer.timeout(5000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd2' })).toMatchObject({ ok: true, state: { wallId: 'main' } });
    const connectedOnB = async () => (await devicesOn(b)).find((d) => d.id === res.body.device.id)?.connected === true;
    await waitFor(connectedOnB, 5000, 'the device connected, seen from B');

    const again = await sendJson('POST', `${b.url}/api/v1/wall-devices/enroll`, technician, { code, wallId: 'main', displayId: 'd2' });
    expect(again.status).toBe(404);
    expect(again.body.errors[0]).toMatchObject({ field: 'code', message: `no display shows the code "${code}" now (expired, or the display went offline): read the code on the screen again` });
    expect((await devicesOn(b)).filter((d) => d.displayId === 'd2' && d.revokedAt === null)).toHaveLength(1);

    renderer.close();
    await waitFor(async () => !(await connectedOnB()), 5000, 'the device disconnected, seen from B');
  });

  it('answers 404 with the usual message for a code no server holds, and audits the refusal', async () => {
    const started = Date.now();
    const res = await sendJson('POST', `${b.url}/api/v1/wall-devices/enroll`, technician, { code: 'K7M-Q4P', wallId: 'main', displayId: 'd1' });
    expect(res.status).toBe(404);
    expect(res.body.errors[0]).toMatchObject({ field: 'code', message: 'no display shows the code "K7M-Q4P" now (expired, or the display went offline): read the code on the screen again' });
    // A said "not here" at once: B did not wait out its bound (3 s).
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await b.server.audit.recent(1, 'wall.device.enroll'))[0]).toMatchObject({ actor: 'user:tech-pg', target: 'K7M-Q4P', ok: false, detail: { position: 'main/d1' } });
  });

  it('drops from B a code whose renderer on A went away', async () => {
    const pager = open(a);
    const code = await requestCode(pager, 'd1');
    await waitFor(async () => (await pendingOn(b)).some((p) => p.code === code), 5000, "the code on B's list");
    pager.close();
    await waitFor(async () => !(await pendingOn(b)).some((p) => p.code === code), 5000, "the code gone from B's list");
  });

  it('still enrolls on A a code shown on A, and on B one shown on B', async () => {
    for (const [shows, enrolls] of [
      [a, a],
      [b, b],
      [b, a],
    ] as const) {
      const pager = open(shows);
      const code = await requestCode(pager, 'd1');
      await waitFor(async () => (await pendingOn(enrolls)).some((p) => p.code === code), 5000, 'the code listed where it is enrolled');
      const enrolled = nextEvent<DeviceEnrolled>(pager, 'device:enrolled', 5000);
      const res = await sendJson('POST', `${enrolls.url}/api/v1/wall-devices/enroll`, technician, { code, wallId: 'main', displayId: 'd1' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((await enrolled).device.id).toBe(res.body.device.id);
    }
  });
});
