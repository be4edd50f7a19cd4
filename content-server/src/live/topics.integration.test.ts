import { PROTOCOL_VERSION, type LiveBatch, type SubscribeResult, type WallJoinResult } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, postObservations, startTestServer, waitFor, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

const obs = (unit: string, period: string, value: number) => ({ indicator: 'retail_sales', unit, period, value, source: 'GSO' });

describe('live topics over socket.io', () => {
  let t: TestServer;
  const sockets: WallClient[] = [];
  const connect = () => {
    const s = wallClient(t.url);
    sockets.push(s);
    return s;
  };
  beforeAll(async () => {
    t = await startTestServer();
    await postObservations(t.url, t.keys.ingest, { observations: [obs('VN', '2025-01', 600.1), obs('01', '2025-08', 80.5), obs('79', '2025-08', 150.2)] });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  it('joins a wall display and gets the epoch, the server time and the wall state', async () => {
    const s = connect();
    const joined = await s.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd2' });
    expect(joined).toMatchObject({ ok: true, epoch: t.server.epoch, state: { wallId: 'main', language: 'vi', scene: { id: 'overview', wall: 'main' } } });
    expect(Math.abs((joined as { serverTime: number }).serverTime - Date.now())).toBeLessThan(5000);
    const pong = await s.emitWithAck('time:ping', 42);
    expect(pong).toEqual({ clientSent: 42, serverTime: expect.any(Number) });
  });

  it('refuses a join with another protocol version, an unknown wall or display, or a bad payload', async () => {
    const s = connect();
    const answers: WallJoinResult[] = [
      await s.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION + 1, wallId: 'main', displayId: 'd1' }),
      await s.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'lobby', displayId: 'd1' }),
      await s.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd9' }),
      await s.emitWithAck('wall:join', { wallId: 'main' } as never),
    ];
    expect(answers.map((a) => (a.ok ? 'ok' : a.error))).toEqual([
      expect.stringMatching(new RegExp(`protocol version ${PROTOCOL_VERSION + 1} is not supported`)),
      'unknown wall "lobby" (walls: main)',
      'wall "main" has no display "d9" (displays: d1, d2)',
      expect.stringMatching(/^invalid wall:join: protocolVersion: .*displayId: /),
    ]);
    const sub: SubscribeResult = await s.emitWithAck('live:subscribe', { topics: ['nonsense'] } as never);
    expect(sub).toEqual({ ok: false, error: expect.stringMatching(/^invalid live:subscribe: topics\[0\]: expected a topic/) });
    const unknown: SubscribeResult = await s.emitWithAck('live:subscribe', { topics: ['series:cpi_yoy:VN', 'latest:gdp_per_cat', 'series:cpi_yoy:XX'] });
    expect(unknown).toEqual({ ok: false, error: 'unknown indicator "gdp_per_cat" in topic latest:gdp_per_cat; unknown reporting unit "XX" in topic series:cpi_yoy:XX' });
  });

  it('sends a snapshot on subscribe, then a delta with the next version after an ingest', async () => {
    const s = connect();
    const batches = collect<LiveBatch>(s, 'live');
    const sub = await s.emitWithAck('live:subscribe', { topics: ['series:retail_sales:VN', 'latest:retail_sales'] });
    expect(sub).toEqual({ ok: true, epoch: t.server.epoch });
    await waitFor(() => batches.length >= 1, 3000, 'snapshot');
    const snapshots = batches[0]!.messages;
    expect(snapshots).toEqual([
      { kind: 'snapshot', topic: 'series:retail_sales:VN', version: expect.any(Number), points: [expect.objectContaining({ unit: 'VN', period: '2025-01', value: 600.1 })] },
      { kind: 'snapshot', topic: 'latest:retail_sales', version: expect.any(Number), points: [expect.objectContaining({ unit: '01', value: 80.5 }), expect.objectContaining({ unit: '79', value: 150.2 })] },
    ]);
    const before = snapshots[0]!.version;
    await postObservations(t.url, t.keys.ingest, { observations: [obs('VN', '2025-02', 580.4), obs('01', '2025-09', 82.25)] });
    await waitFor(() => batches.length >= 2, 3000, 'delta');
    expect(batches[1]!.epoch).toBe(t.server.epoch);
    expect(batches[1]!.messages).toEqual([
      { kind: 'delta', topic: 'series:retail_sales:VN', version: before + 1, baseVersion: before, points: [expect.objectContaining({ period: '2025-02', value: 580.4, synthetic: false })] },
      { kind: 'delta', topic: 'latest:retail_sales', version: snapshots[1]!.version + 1, baseVersion: snapshots[1]!.version, points: [expect.objectContaining({ unit: '01', period: '2025-09', value: 82.25 })] },
    ]);
  });

  it('on reconnect with resume sends only what changed while away, or nothing when nothing did', async () => {
    const topic = 'series:retail_sales:VN';
    const first = connect();
    const firstBatches = collect<LiveBatch>(first, 'live');
    await first.emitWithAck('live:subscribe', { topics: [topic] });
    await waitFor(() => firstBatches.length >= 1, 3000, 'snapshot');
    const had = firstBatches[0]!.messages[0]!.version;
    first.disconnect();

    await postObservations(t.url, t.keys.ingest, { observations: [obs('VN', '2025-03', 590), obs('VN', '2025-01', 601)] });
    await postObservations(t.url, t.keys.ingest, { observations: [obs('VN', '2025-03', 591)] });

    const again = connect();
    const batches = collect<LiveBatch>(again, 'live');
    await again.emitWithAck('live:subscribe', { topics: [topic], resume: { epoch: t.server.epoch, versions: { [topic]: had } } });
    await waitFor(() => batches.length >= 1, 3000, 'resume delta');
    expect(batches[0]!.messages).toEqual([
      {
        kind: 'delta',
        topic,
        version: had + 2,
        baseVersion: had,
        points: [expect.objectContaining({ period: '2025-01', value: 601 }), expect.objectContaining({ period: '2025-03', value: 591 })],
      },
    ]);

    const current = connect();
    const none = collect<LiveBatch>(current, 'live');
    await current.emitWithAck('live:subscribe', { topics: [topic], resume: { epoch: t.server.epoch, versions: { [topic]: had + 2 } } });
    const stale = connect();
    const fresh = collect<LiveBatch>(stale, 'live');
    await stale.emitWithAck('live:subscribe', { topics: [topic], resume: { epoch: 'an-earlier-start', versions: { [topic]: had + 2 } } });
    await waitFor(() => fresh.length >= 1, 3000, 'snapshot for another epoch');
    expect(fresh[0]!.messages[0]).toMatchObject({ kind: 'snapshot', version: had + 2 });
    expect(fresh[0]!.messages[0]!.points).toHaveLength(3);
    expect(none).toEqual([]);
  });

  it("serves a merged province's topic in the current map: its members' earlier periods rolled up, marked derived", async () => {
    // Bắc Ninh (24) of 2025 merges Bắc Giang (24) and Bắc Ninh (27) of the 63.
    await postObservations(t.url, t.keys.ingest, { observations: [obs('24', '2025-05', 20.5), obs('27', '2025-05', 30.25), obs('24', '2025-08', 55)] });
    const s = connect();
    const batches = collect<LiveBatch>(s, 'live');
    await s.emitWithAck('live:subscribe', { topics: ['series:retail_sales:24'] });
    await waitFor(() => batches.length >= 1, 3000, 'snapshot');
    expect(batches[0]!.messages[0]!.points).toEqual([
      expect.objectContaining({ unit: '24', period: '2025-05', value: 50.75, derived: true }),
      expect.objectContaining({ unit: '24', period: '2025-08', value: 55 }),
    ]);
    // A member's revised value changes the derived one, sent as a delta; the member's own value is not sent on the kept code.
    await postObservations(t.url, t.keys.ingest, { observations: [obs('27', '2025-05', 31.25), obs('24', '2025-05', 21)] });
    await waitFor(() => batches.length >= 2, 3000, 'delta');
    expect(batches[1]!.messages).toEqual([
      expect.objectContaining({ kind: 'delta', topic: 'series:retail_sales:24', points: [expect.objectContaining({ unit: '24', period: '2025-05', value: 52.25, derived: true })] }),
    ]);
  });
});
