import { DEVICE_TOKEN_REFUSED, PROTOCOL_VERSION, type DeviceEnrolled, type DeviceIdentity, type PairingResult } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, enrollDevice, getJson, nextEvent, postObservations, sendJson, startTestServer, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

const PASSWORD = 'correct horse battery';
const join = (s: WallClient, displayId: string) => s.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId });

describe('wall displays: pairing codes, enrollment by a technician, device tokens, revocation', () => {
  let t: TestServer;
  let technician: string;
  let pager: WallClient;
  let code: string;
  const sockets: WallClient[] = [];
  const open = (token?: string) => {
    const s = wallClient(t.url, token);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    t = await startTestServer({ wallAuth: 'enrolled' });
    const catalog = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators as Array<{ id: string }>;
    const edit = await sendJson('PUT', `${t.url}/api/v1/catalog/indicators/cpi_yoy`, t.keys.admin, { ...catalog.find((i) => i.id === 'cpi_yoy'), thresholds: { warnAbove: 4.5 }, targets: {} });
    expect(edit.status).toBe(200);
    await t.server.users.create({ username: 'tech-1', role: 'technician', password: PASSWORD });
    technician = (await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username: 'tech-1', password: PASSWORD })).body.token;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t?.close();
  });

  it('gives an unenrolled renderer a pairing code and nothing else: no join, no subscription, no live data, no scene, no warning', async () => {
    pager = open();
    const received = ['live', 'wall:state', 'warnings:snapshot', 'warning:changed'].map((e) => ({ e, got: collect(pager, e) }));
    const res = (await pager.emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION, hint: { wallId: 'main', displayId: 'd2' } })) as PairingResult;
    expect(res).toMatchObject({ ok: true, code: expect.stringMatching(/^[A-HJKMNP-Z2-9]{6}$/) });
    code = (res as { code: string }).code;
    const refused = await join(pager, 'd1');
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/not enrolled/) });
    // It learns nothing of the walls either.
    expect(JSON.stringify(refused)).not.toMatch(/displays:|d2/);
    expect(await pager.emitWithAck('live:subscribe', { topics: ['series:cpi_yoy:VN'] })).toMatchObject({ ok: false, error: expect.stringMatching(/not enrolled/) });

    // An enrolled renderer beside it gets everything.
    const tile = open(await enrollDevice(t.server, 'main', 'd1'));
    const liveOnTile = collect(tile, 'live');
    expect(await join(tile, 'd1')).toMatchObject({ ok: true });
    expect(await tile.emitWithAck('live:subscribe', { topics: ['series:cpi_yoy:VN'] })).toMatchObject({ ok: true });
    const warning = nextEvent(tile, 'warning:changed');
    const state = nextEvent(tile, 'wall:state');
    expect((await postObservations(t.url, t.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 5.2, source: 'GSO' }] })).status).toBe(200);
    await t.server.wall.publish('main');
    await Promise.all([warning, state]);
    expect(liveOnTile.length).toBeGreaterThan(0);
    // Everything sent to the pager before this answer has arrived before it (one ordered connection).
    await pager.emitWithAck('time:ping', 0);
    expect(received.filter((r) => r.got.length > 0).map((r) => r.e)).toEqual([]);
  });

  it('lists the pending code for technicians only; an operator may not enroll (403, audited)', async () => {
    const pending = await sendJson('GET', `${t.url}/api/v1/wall-devices/pending`, technician);
    expect(pending.status).toBe(200);
    expect(pending.body.pending).toEqual([expect.objectContaining({ code, ageS: expect.any(Number), hint: { wallId: 'main', displayId: 'd2' }, address: expect.any(String) })]);
    expect((await sendJson('GET', `${t.url}/api/v1/wall-devices/pending`, null)).status).toBe(401);

    const denied = await sendJson('POST', `${t.url}/api/v1/wall-devices/enroll`, t.keys.operator, { code, wallId: 'main', displayId: 'd2' });
    expect(denied.status).toBe(403);
    expect(denied.body.errors[0]).toMatchObject({ index: null, field: 'authorization', message: expect.stringMatching(/operator role may not/) });
    // Refused by the route's declared access before the body is read: audited as access.forbidden.
    expect((await t.server.audit.recent(1, 'access.forbidden'))[0]).toMatchObject({ actor: 'key:test-operator', role: 'operator', target: 'POST /api/v1/wall-devices/enroll', ok: false });

    const typo = await sendJson('POST', `${t.url}/api/v1/wall-devices/enroll`, technician, { code, wallId: 'main', displayId: 'd9' });
    expect(typo.status).toBe(422);
    expect(typo.body.errors[0]).toMatchObject({ field: 'displayId', message: expect.stringMatching(/no display "d9"/) });
    const both = await sendJson('POST', `${t.url}/api/v1/wall-devices/enroll`, technician, { code, wallId: 'main', displayId: 'd2', rendererId: 'd2' });
    expect(both.status).toBe(422);
    // Neither refusal used the code.
    expect((await sendJson('GET', `${t.url}/api/v1/wall-devices/pending`, technician)).body.pending.map((p: { code: string }) => p.code)).toEqual([code]);
  });

  it('sends the token to the renderer when a technician enrolls its code; the renderer then joins its position, and only it', async () => {
    const enrolledEvent = nextEvent<DeviceEnrolled>(pager, 'device:enrolled');
    const typed = `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`;
    const res = await sendJson('POST', `${t.url}/api/v1/wall-devices/enroll`, technician, { code: typed, wallId: 'main', displayId: 'd2', name: 'Left TV' });
    expect(res.status).toBe(201);
    expect(res.body.device).toMatchObject({ name: 'Left TV', wallId: 'main', displayId: 'd2', rendererId: null, enrolledBy: 'user:tech-1', enrolledTime: expect.stringMatching(/\+07:00$/) });
    expect(JSON.stringify(res.body)).not.toContain('iow_');
    const enrolled = await enrolledEvent;
    expect(enrolled).toMatchObject({ token: expect.stringMatching(/^iow_/), device: { id: res.body.device.id, wallId: 'main', displayId: 'd2' } });
    expect((await t.server.audit.recent(1, 'wall.device.enroll'))[0]).toMatchObject({ actor: 'user:tech-1', role: 'technician', target: typed, ok: true, detail: { device: res.body.device.id, position: 'main/d2', name: 'Left TV' } });

    const renderer = open(enrolled.token);
    const identity = await nextEvent<DeviceIdentity>(renderer, 'device:identity');
    expect(identity).toMatchObject({ wallId: 'main', displayId: 'd2', name: 'Left TV' });
    expect(await join(renderer, 'd1')).toMatchObject({ ok: false, error: expect.stringMatching(/enrolled at main\/d2, not at main\/d1/) });
    expect(await join(renderer, 'd2')).toMatchObject({ ok: true, state: { wallId: 'main' } });

    expect((await sendJson('GET', `${t.url}/api/v1/wall-devices/pending`, technician)).body.pending).toEqual([]);
    const again = await sendJson('POST', `${t.url}/api/v1/wall-devices/enroll`, technician, { code, wallId: 'main', displayId: 'd2' });
    expect(again.status).toBe(404);
    const list = await sendJson('GET', `${t.url}/api/v1/wall-devices`, technician);
    expect(list.body.devices).toContainEqual(expect.objectContaining({ id: res.body.device.id, connected: true }));
    expect(list.body.positions).toContainEqual({ wallId: 'main', displayId: 'd2', rendererId: null, displays: ['d2'], devices: 1 });
  });

  it('disconnects a revoked device at once, and refuses its token afterwards', async () => {
    const token = await enrollDevice(t.server, 'main', 'd1');
    const s = open(token);
    const identity = await nextEvent<DeviceIdentity>(s, 'device:identity');
    expect(await join(s, 'd1')).toMatchObject({ ok: true });
    expect((await sendJson('DELETE', `${t.url}/api/v1/wall-devices/${identity.id}`, t.keys.operator)).status).toBe(403);

    const revoked = nextEvent(s, 'device:revoked');
    const gone = nextEvent(s, 'disconnect');
    const res = await sendJson('DELETE', `${t.url}/api/v1/wall-devices/${identity.id}`, technician);
    expect(res.status).toBe(200);
    await Promise.all([revoked, gone]);
    expect(s.connected).toBe(false);
    expect((await t.server.audit.recent(1, 'wall.device.revoke'))[0]).toMatchObject({ actor: 'user:tech-1', role: 'technician', target: `device:${identity.id}`, ok: true, detail: { position: 'main/d1' } });
    expect((await sendJson('DELETE', `${t.url}/api/v1/wall-devices/${identity.id}`, technician)).status).toBe(404);

    const retry = open(token);
    const err = await nextEvent<Error & { data?: { code?: string } }>(retry, 'connect_error');
    expect(err.data?.code).toBe(DEVICE_TOKEN_REFUSED);
  });
});
