import type { LiveBatch, Point, Topic } from '@ioc/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangedPoint } from '../store/index.js';
import { LiveHub, type LiveSource } from './hub.js';

const pt = (unit: string, period: string, value: number, t = Date.parse(`${period}-01T00:00:00+07:00`)): Point => ({ unit, period, t, value, synthetic: false, source: 'test' });
const change = (indicator: string, p: Point): ChangedPoint => ({ indicator, point: p });
const SERIES: Topic = 'series:cpi_yoy:VN';
const LATEST: Topic = 'latest:cpi_yoy';

/** A store stand-in: the points "stored" per indicator, and a count of reads. */
function fakeSource() {
  const stored = new Map<string, Point[]>();
  const reads = { series: 0, latest: 0 };
  const source: LiveSource = {
    series: async (indicator, unit, limit) => {
      reads.series++;
      return (stored.get(indicator) ?? []).filter((p) => p.unit === unit).sort((a, b) => a.t - b.t).slice(-limit);
    },
    latest: async (indicator, units) => {
      reads.latest++;
      const byUnit = new Map<string, Point>();
      for (const p of stored.get(indicator) ?? []) {
        const best = byUnit.get(p.unit);
        if (units.includes(p.unit) && (!best || p.t > best.t)) byUnit.set(p.unit, p);
      }
      return [...byUnit.values()];
    },
  };
  const store = (indicator: string, ...points: Point[]) => {
    const list = (stored.get(indicator) ?? []).filter((s) => !points.some((p) => p.unit === s.unit && p.period === s.period));
    stored.set(indicator, [...list, ...points]);
    return points.map((p) => change(indicator, p));
  };
  return { source, store, reads };
}

function setup() {
  const src = fakeSource();
  const hub = new LiveHub({ source: src.source, currentProvinces: () => ({ codes: new Set(['01', '79']), minEnd: 0 }), epoch: 'epoch-1', logSize: 4 });
  const client = () => {
    const batches: LiveBatch[] = [];
    return { batches, live: hub.connect((b) => batches.push(b)) };
  };
  return { ...src, hub, client };
}

describe('LiveHub', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  it('sends a snapshot on subscribe, then a delta per change with increasing versions', async () => {
    const { hub, store, client } = setup();
    store('cpi_yoy', pt('VN', '2025-01', 3.1));
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    await vi.advanceTimersByTimeAsync(0);
    expect(c.batches).toEqual([{ epoch: 'epoch-1', sentAt: Date.now(), messages: [{ kind: 'snapshot', topic: SERIES, version: 0, points: [pt('VN', '2025-01', 3.1)] }] }]);
    await vi.advanceTimersByTimeAsync(100);
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    await vi.advanceTimersByTimeAsync(0);
    expect(c.batches[1]?.messages).toEqual([{ kind: 'delta', topic: SERIES, version: 1, baseVersion: 0, points: [pt('VN', '2025-02', 3.3)] }]);
  });

  it('sends every subscribed topic whole again on resync, as one new version, from the store', async () => {
    const { hub, store, client } = setup();
    store('cpi_yoy', pt('VN', '2025-01', 3.1));
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    await vi.advanceTimersByTimeAsync(100);
    // A change another server made while this one was not listening: in the store, never published here.
    store('cpi_yoy', pt('VN', '2025-02', 3.4));
    await hub.resync();
    await vi.advanceTimersByTimeAsync(100);
    expect(c.batches[1]?.messages).toEqual([{ kind: 'delta', topic: SERIES, version: 1, baseVersion: 0, points: [pt('VN', '2025-01', 3.1), pt('VN', '2025-02', 3.4)] }]);
  });

  it('puts a batch on the commit tick it is given (a batch another server took)', async () => {
    const src = fakeSource();
    const hub = new LiveHub({ source: src.source, currentProvinces: () => ({ codes: new Set(['01']), minEnd: 0 }), epoch: 'e', commit: { leadMs: 30, tickMs: 10, clock: () => 1_000_000 } });
    expect(hub.nextCommitTick()).toBe(1_000_030);
    await hub.publish(src.store('cpi_yoy', pt('VN', '2025-02', 3.3)), 2_000_000);
    expect(hub.commitAt(SERIES)).toBe(2_000_000);
  });

  it('sends the first change after a quiet spell on the next tick, not after the interval', async () => {
    const { hub, store, client } = setup();
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    await vi.advanceTimersByTimeAsync(1000);
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    expect(c.batches).toHaveLength(1);
    await vi.runOnlyPendingTimersAsync(); // setImmediate: no wait for the 50 ms interval
    expect(c.batches).toHaveLength(2);
  });

  it('coalesces changes within the interval into one message per topic, upserted by (unit, period)', async () => {
    const { hub, store, client } = setup();
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    await vi.advanceTimersByTimeAsync(0);
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.4)));
    await hub.publish(store('cpi_yoy', pt('VN', '2025-03', 3.0)));
    await vi.advanceTimersByTimeAsync(49);
    expect(c.batches).toHaveLength(1); // the snapshot went out < 50 ms ago
    await vi.advanceTimersByTimeAsync(1);
    expect(c.batches).toHaveLength(2);
    expect(c.batches[1]?.messages).toEqual([
      { kind: 'delta', topic: SERIES, version: 3, baseVersion: 0, points: [pt('VN', '2025-02', 3.4), pt('VN', '2025-03', 3.0)] },
    ]);
  });

  it('sends at most LIVE_MAX_BATCHES_PER_SECOND batches a second to one client', async () => {
    const { hub, store, client } = setup();
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    for (let ms = 0; ms < 1000; ms += 5) {
      await hub.publish(store('cpi_yoy', pt('VN', '2025-02', ms)));
      await vi.advanceTimersByTimeAsync(5);
    }
    const sent = c.batches.map((b) => b.sentAt);
    const gaps = sent.slice(1).map((t, i) => t - (sent[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
    expect(c.batches.length).toBeGreaterThanOrEqual(19);
    const versions = c.batches.flatMap((b) => b.messages.map((m) => m.version));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('reads a snapshot once and computes a delta once, however many clients listen', async () => {
    const { hub, store, client, reads } = setup();
    const clients = Array.from({ length: 10 }, () => client());
    // All at once: the read under way is shared, not repeated per client.
    await Promise.all(clients.map((c) => c.live.subscribe({ topics: [SERIES, LATEST] })));
    await vi.advanceTimersByTimeAsync(100);
    await hub.publish(store('cpi_yoy', pt('01', '2025-02', 3.3), pt('79', '2025-02', 3.5)));
    await vi.advanceTimersByTimeAsync(100);
    expect(reads).toEqual({ series: 1, latest: 2 }); // one snapshot read + one read for the delta
    for (const c of clients) expect(c.batches.flatMap((b) => b.messages).map((m) => `${m.kind}:${m.topic}:${m.version}`)).toEqual([`snapshot:${SERIES}:0`, `snapshot:${LATEST}:0`, `delta:${LATEST}:1`]);
  });

  it('puts in latest: only current provinces, and only points that are now their latest', async () => {
    const { hub, store, client } = setup();
    store('cpi_yoy', pt('01', '2025-05', 3.0));
    const c = client();
    await c.live.subscribe({ topics: [LATEST] });
    await vi.advanceTimersByTimeAsync(100);
    await hub.publish(store('cpi_yoy', pt('01', '2025-04', 2.0), pt('VN', '2025-06', 3.1), pt('02', '2025-06', 1.0)));
    await vi.advanceTimersByTimeAsync(100);
    expect(c.batches).toHaveLength(1);
    expect(hub.version(LATEST)).toBe(0);
    await hub.publish(store('cpi_yoy', pt('01', '2025-06', 3.9)));
    await vi.advanceTimersByTimeAsync(100);
    expect(c.batches[1]?.messages).toEqual([{ kind: 'delta', topic: LATEST, version: 1, baseVersion: 0, points: [pt('01', '2025-06', 3.9)] }]);
  });

  describe('resume', () => {
    async function afterThreeChanges() {
      const s = setup();
      const first = s.client();
      await first.live.subscribe({ topics: [SERIES] });
      await vi.advanceTimersByTimeAsync(100);
      for (const [i, v] of [[2, 3.2], [3, 3.3], [4, 3.4]] as const) await s.hub.publish(s.store('cpi_yoy', pt('VN', `2025-0${i}`, v)));
      await vi.advanceTimersByTimeAsync(100);
      first.live.close();
      return s;
    }

    it('sends nothing for a topic the client already has at the current version', async () => {
      const { client } = await afterThreeChanges();
      const c = client();
      await c.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-1', versions: { [SERIES]: 3 } } });
      await vi.advanceTimersByTimeAsync(100);
      expect(c.batches).toEqual([]);
    });

    it('sends only the points changed since an older version', async () => {
      const { client } = await afterThreeChanges();
      const c = client();
      await c.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-1', versions: { [SERIES]: 1 } } });
      await vi.advanceTimersByTimeAsync(100);
      expect(c.batches[0]?.messages).toEqual([{ kind: 'delta', topic: SERIES, version: 3, baseVersion: 1, points: [pt('VN', '2025-03', 3.3), pt('VN', '2025-04', 3.4)] }]);
    });

    it('sends a snapshot when the log no longer reaches back, or for another epoch', async () => {
      const { hub, store, client } = await afterThreeChanges();
      for (const m of [5, 6, 7]) await hub.publish(store('cpi_yoy', pt('VN', `2025-0${m}`, m)));
      const old = client();
      await old.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-1', versions: { [SERIES]: 1 } } });
      const other = client();
      await other.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-0', versions: { [SERIES]: 6 } } });
      await vi.advanceTimersByTimeAsync(100);
      for (const c of [old, other]) expect(c.batches[0]?.messages).toMatchObject([{ kind: 'snapshot', topic: SERIES, version: 6 }]);
      expect(old.batches[0]?.messages[0]?.points).toHaveLength(6);
    });
  });

  it('folds a change that arrives before a pending snapshot is sent into that snapshot', async () => {
    const { hub, store, client } = setup();
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    await vi.advanceTimersByTimeAsync(100);
    expect(c.batches).toHaveLength(1);
    expect(c.batches[0]?.messages).toEqual([{ kind: 'snapshot', topic: SERIES, version: 1, points: [pt('VN', '2025-02', 3.3)] }]);
  });

  it('applies a change published while a snapshot is being read on top of that snapshot', async () => {
    const { hub, store, client } = setup();
    const c = client();
    // The snapshot read starts at version 0 and resolves after the change of version 1 arrived.
    const subscribed = c.live.subscribe({ topics: [SERIES] });
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    await subscribed;
    await vi.advanceTimersByTimeAsync(100);
    expect(c.batches.map((b) => b.messages)).toEqual([[{ kind: 'snapshot', topic: SERIES, version: 1, points: [pt('VN', '2025-02', 3.3)] }]]);
  });

  it('applies publications in the order they were called, even when an earlier one is still being prepared', async () => {
    const { hub, client } = setup();
    const c = client();
    await c.live.subscribe({ topics: [SERIES] });
    await vi.advanceTimersByTimeAsync(100);
    // The first batch's changes are still being derived (a promise) when the second is published.
    let derive!: (changes: ChangedPoint[]) => void;
    const one = hub.publish(new Promise<ChangedPoint[]>((r) => (derive = r)));
    const two = hub.publish([change('cpi_yoy', pt('VN', '2025-02', 2))]);
    await vi.advanceTimersByTimeAsync(100);
    expect(hub.version(SERIES)).toBe(0);
    derive([change('cpi_yoy', pt('VN', '2025-02', 1))]);
    await Promise.all([one, two]);
    await vi.advanceTimersByTimeAsync(100);
    const deltas = c.batches.flatMap((b) => b.messages).filter((m) => m.kind === 'delta');
    // Coalesced into one delta at version 2: the later batch's value is the one the wall keeps.
    expect(deltas).toEqual([{ kind: 'delta', topic: SERIES, version: 2, baseVersion: 0, points: [pt('VN', '2025-02', 2)] }]);
  });

  it('stops sending to a client that unsubscribed or closed', async () => {
    const { hub, store, client } = setup();
    const a = client();
    const b = client();
    await a.live.subscribe({ topics: [SERIES] });
    await b.live.subscribe({ topics: [SERIES] });
    await vi.advanceTimersByTimeAsync(100);
    a.live.unsubscribe([SERIES]);
    b.live.close();
    await hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    await vi.advanceTimersByTimeAsync(100);
    expect([a.batches.length, b.batches.length, hub.clientCount]).toEqual([1, 1, 1]);
  });
});
