import { DEFAULT_SCENE_LEAD_MS, PROTOCOL_VERSION, SCENE_TICK_GUARD_MS, SECOND_TICK_GUARD_MS, type LiveBatch, type WallJoinResult, type WallState } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, getJson, nextEvent, postObservations, sendJson, startTestServer, waitFor, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

/** Wall time: scheduled changes, common commit ticks, clock exchange and reports (issue 5). */
describe('wall time: scheduled changes and renderer clocks', () => {
  let t: TestServer;
  const sockets: WallClient[] = [];
  const join = async (displayId: string) => {
    const s = wallClient(t.url);
    sockets.push(s);
    const res: WallJoinResult = await s.timeout(3000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId });
    if (!res.ok) throw new Error(res.error);
    return { socket: s, state: res.state };
  };

  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t.close();
  });

  it('answers a clock probe with its sub-ms wall time, echoing the send time', async () => {
    const { socket } = await join('d1');
    const t0 = performance.timeOrigin + performance.now();
    const pong = await socket.timeout(3000).emitWithAck('time:ping', t0);
    const t1 = performance.timeOrigin + performance.now();
    expect(pong.clientSent).toBe(t0);
    // Same machine, same clock: the server's time lies within the exchange.
    expect(pong.serverTime).toBeGreaterThanOrEqual(t0 - 1);
    expect(pong.serverTime).toBeLessThanOrEqual(t1 + 1);
  });

  it('sends a scene change to every renderer with the same wall time T, a lead ahead of now', async () => {
    const a = await join('d1');
    const b = await join('d2');
    // The current state of a wall nobody changed is due at once.
    expect(a.state.applyAt).toBeLessThanOrEqual(Date.now());
    const gotA = nextEvent<WallState>(a.socket, 'wall:state');
    const gotB = nextEvent<WallState>(b.socket, 'wall:state');
    const before = performance.timeOrigin + performance.now();
    const res = await sendJson('POST', `${t.url}/api/v1/commands`, t.keys.operator, { clientId: 'sync-scene-1', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } });
    expect(res.status).toBe(200);
    const [sa, sb] = await Promise.all([gotA, gotB]);
    expect(sa.scene.id).toBe('economy');
    expect(sb.applyAt).toBe(sa.applyAt);
    expect(sa.applyAt).toBeGreaterThanOrEqual(before + DEFAULT_SCENE_LEAD_MS);
    // A renderer joining now is told the same T: it shows the scene in the same frame as the others.
    const late = await join('d2');
    expect(late.state.scene.id).toBe('economy');
    expect(late.state.applyAt).toBe(sa.applyAt);
  });

  it('puts live batches on a common commit tick', async () => {
    const a = await join('d1');
    const b = await join('d2');
    const topic = 'series:cpi_yoy:VN' as const;
    const batchesA = collect<LiveBatch>(a.socket, 'live');
    const batchesB = collect<LiveBatch>(b.socket, 'live');
    for (const s of [a.socket, b.socket]) expect(await s.timeout(3000).emitWithAck('live:subscribe', { topics: [topic] })).toMatchObject({ ok: true });
    await waitFor(() => batchesA.length > 0 && batchesB.length > 0, 3000, 'snapshots');
    batchesA.length = 0;
    batchesB.length = 0;
    const before = performance.timeOrigin + performance.now();
    const res = await postObservations(t.url, t.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 3.3, source: 'test' }] });
    expect(res.status).toBe(200);
    await waitFor(() => batchesA.length > 0 && batchesB.length > 0, 3000, 'both batches');
    const [ba, bb] = [batchesA[0]!, batchesB[0]!];
    expect(ba.messages[0]).toMatchObject({ kind: 'delta', topic });
    expect(ba.commitAt).toBeDefined();
    expect(bb.commitAt).toBe(ba.commitAt);
    // On the 10 ms tick grid, unless the tick fell in a wall second's first SECOND_TICK_GUARD_MS:
    // then it is moved to the guard's end (live/frame-grid.ts `clearOfSecondTick`).
    const intoSecond = ba.commitAt! % 1000;
    expect(intoSecond).toBeGreaterThanOrEqual(SECOND_TICK_GUARD_MS);
    if (intoSecond !== SECOND_TICK_GUARD_MS) expect(ba.commitAt! % 10).toBe(0);
    expect(ba.commitAt!).toBeGreaterThanOrEqual(before + 30);
  });

  it('keeps each renderer\'s clock report for GET /api/v1/walls/:id/renderers, for signed-in readers only', async () => {
    const { socket } = await join('d2');
    socket.emit('clock:report', { offsetMs: -0.25, errorMs: 0.4, rttMs: 0.8, samples: 12 });
    // An invalid report changes nothing.
    socket.emit('clock:report', { offsetMs: 'soon', errorMs: -1 } as never);
    const url = `${t.url}/api/v1/walls/main/renderers`;
    await waitFor(async () => {
      const r = await sendJson('GET', url, t.keys.operator);
      return r.body.renderers?.some((x: { socketId: string; clock: unknown }) => x.socketId === socket.id && x.clock !== null);
    }, 3000, 'report kept');
    const r = await sendJson('GET', url, t.keys.operator);
    expect(r.status).toBe(200);
    const mine = r.body.renderers.find((x: { socketId: string }) => x.socketId === socket.id);
    expect(mine).toMatchObject({ displayId: 'd2', clock: { offsetMs: -0.25, errorMs: 0.4, rttMs: 0.8, samples: 12 } });
    expect(mine.clock.reportedAt).toMatch(/\+07:00$/);

    expect((await getJson(url, null)).status).toBe(401);
    expect((await sendJson('GET', `${t.url}/api/v1/walls/nowhere/renderers`, t.keys.operator)).status).toBe(404);

    socket.close();
    await waitFor(async () => !(await sendJson('GET', url, t.keys.operator)).body.renderers.some((x: { socketId: string }) => x.socketId === mine.socketId), 3000, 'renderer gone');
  });

  it('places scene changes and data commits half a frame from the frame starts renderers report, out of the second tick', async () => {
    const a = await join('d1');
    const b = await join('d2');
    const interval = 1000 / 60;
    const anchor = performance.timeOrigin + performance.now() - 3.3;
    for (const s of [a.socket, b.socket]) s.emit('clock:report', { offsetMs: 0, errorMs: 0.3, rttMs: 0.6, samples: 12, frame: { anchorWall: anchor, intervalMs: interval } });
    const url = `${t.url}/api/v1/walls/main/renderers`;
    await waitFor(async () => (await sendJson('GET', url, t.keys.operator)).body.renderers.filter((x: { clock: { frame?: unknown } | null }) => x.clock?.frame).length >= 2, 3000, 'cadences kept');
    const distance = (at: number) => {
      const p = (((at - anchor) % interval) + interval) % interval;
      return Math.min(p, interval - p);
    };

    const got = nextEvent<WallState>(a.socket, 'wall:state');
    const before = performance.timeOrigin + performance.now();
    expect((await sendJson('POST', `${t.url}/api/v1/commands`, t.keys.operator, { clientId: 'sync-scene-aligned', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'overview' } })).status).toBe(200);
    const state = await got;
    expect(state.applyAt).toBeGreaterThanOrEqual(before + DEFAULT_SCENE_LEAD_MS);
    expect(state.applyAt).toBeLessThan(before + DEFAULT_SCENE_LEAD_MS + SCENE_TICK_GUARD_MS + interval + 20);
    expect(distance(state.applyAt)).toBeGreaterThan(8);
    expect(state.applyAt % 1000).toBeGreaterThanOrEqual(SCENE_TICK_GUARD_MS);

    const topic = 'series:cpi_yoy:VN' as const;
    const batches = collect<LiveBatch>(a.socket, 'live');
    expect(await a.socket.timeout(3000).emitWithAck('live:subscribe', { topics: [topic] })).toMatchObject({ ok: true });
    await waitFor(() => batches.length > 0, 3000, 'snapshot');
    batches.length = 0;
    expect((await postObservations(t.url, t.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 3.4, source: 'test' }] })).status).toBe(200);
    await waitFor(() => batches.length > 0, 3000, 'batch');
    expect(distance(batches[0]!.commitAt!)).toBeGreaterThan(8);
    expect(batches[0]!.commitAt! % 1000).toBeGreaterThanOrEqual(SECOND_TICK_GUARD_MS);
  });
});
