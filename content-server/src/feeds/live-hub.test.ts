import type { LiveBatch, Point, Topic } from '@ioc/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChangedPoint } from '../store/index.js';
import { LiveHub, type LiveSource } from './live-hub.js';

const pt = (unit: string, period: string, value: number, t = Date.parse(`${period}-01T00:00:00+07:00`)): Point => ({ unit, period, t, value, synthetic: false, source: 'test' });
const change = (indicator: string, p: Point): ChangedPoint => ({ indicator, point: p });
const SERIES: Topic = 'series:cpi_yoy:VN';
const LATEST: Topic = 'latest:cpi_yoy';

/** A store stand-in: the points "stored" per indicator, and a count of reads. */
function fakeSource() {
  const stored = new Map<string, Point[]>();
  const reads = { series: 0, latest: 0 };
  const source: LiveSource = {
    series: (indicator, unit, limit) => {
      reads.series++;
      return (stored.get(indicator) ?? []).filter((p) => p.unit === unit).sort((a, b) => a.t - b.t).slice(-limit);
    },
    latest: (indicator, units) => {
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

  it('sends a snapshot on subscribe, then a delta per change with increasing versions', () => {
    const { hub, store, client } = setup();
    store('cpi_yoy', pt('VN', '2025-01', 3.1));
    const c = client();
    c.live.subscribe({ topics: [SERIES] });
    vi.advanceTimersByTime(0);
    expect(c.batches).toEqual([{ epoch: 'epoch-1', sentAt: Date.now(), messages: [{ kind: 'snapshot', topic: SERIES, version: 0, points: [pt('VN', '2025-01', 3.1)] }] }]);
    vi.advanceTimersByTime(100);
    hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    vi.advanceTimersByTime(0);
    expect(c.batches[1]?.messages).toEqual([{ kind: 'delta', topic: SERIES, version: 1, baseVersion: 0, points: [pt('VN', '2025-02', 3.3)] }]);
  });

  it('sends the first change after a quiet spell on the next tick, not after the interval', () => {
    const { hub, store, client } = setup();
    const c = client();
    c.live.subscribe({ topics: [SERIES] });
    vi.advanceTimersByTime(1000);
    hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    expect(c.batches).toHaveLength(1);
    vi.runOnlyPendingTimers(); // setImmediate: no wait for the 50 ms interval
    expect(c.batches).toHaveLength(2);
  });

  it('coalesces changes within the interval into one message per topic, upserted by (unit, period)', () => {
    const { hub, store, client } = setup();
    const c = client();
    c.live.subscribe({ topics: [SERIES] });
    vi.advanceTimersByTime(0);
    hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.4)));
    hub.publish(store('cpi_yoy', pt('VN', '2025-03', 3.0)));
    vi.advanceTimersByTime(49);
    expect(c.batches).toHaveLength(1); // the snapshot went out < 50 ms ago
    vi.advanceTimersByTime(1);
    expect(c.batches).toHaveLength(2);
    expect(c.batches[1]?.messages).toEqual([
      { kind: 'delta', topic: SERIES, version: 3, baseVersion: 0, points: [pt('VN', '2025-02', 3.4), pt('VN', '2025-03', 3.0)] },
    ]);
  });

  it('sends at most LIVE_MAX_BATCHES_PER_SECOND batches a second to one client', () => {
    const { hub, store, client } = setup();
    const c = client();
    c.live.subscribe({ topics: [SERIES] });
    for (let ms = 0; ms < 1000; ms += 5) {
      hub.publish(store('cpi_yoy', pt('VN', '2025-02', ms)));
      vi.advanceTimersByTime(5);
    }
    const sent = c.batches.map((b) => b.sentAt);
    const gaps = sent.slice(1).map((t, i) => t - (sent[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(50);
    expect(c.batches.length).toBeGreaterThanOrEqual(19);
    const versions = c.batches.flatMap((b) => b.messages.map((m) => m.version));
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
  });

  it('reads a snapshot once and computes a delta once, however many clients listen', () => {
    const { hub, store, client, reads } = setup();
    const clients = Array.from({ length: 10 }, () => client());
    for (const c of clients) c.live.subscribe({ topics: [SERIES, LATEST] });
    vi.advanceTimersByTime(100);
    hub.publish(store('cpi_yoy', pt('01', '2025-02', 3.3), pt('79', '2025-02', 3.5)));
    vi.advanceTimersByTime(100);
    expect(reads).toEqual({ series: 1, latest: 2 }); // one snapshot read + one read for the delta
    for (const c of clients) expect(c.batches.flatMap((b) => b.messages).map((m) => `${m.kind}:${m.topic}:${m.version}`)).toEqual([`snapshot:${SERIES}:0`, `snapshot:${LATEST}:0`, `delta:${LATEST}:1`]);
  });

  it('puts in latest: only current provinces, and only points that are now their latest', () => {
    const { hub, store, client } = setup();
    store('cpi_yoy', pt('01', '2025-05', 3.0));
    const c = client();
    c.live.subscribe({ topics: [LATEST] });
    vi.advanceTimersByTime(100);
    hub.publish(store('cpi_yoy', pt('01', '2025-04', 2.0), pt('VN', '2025-06', 3.1), pt('02', '2025-06', 1.0)));
    vi.advanceTimersByTime(100);
    expect(c.batches).toHaveLength(1);
    expect(hub.version(LATEST)).toBe(0);
    hub.publish(store('cpi_yoy', pt('01', '2025-06', 3.9)));
    vi.advanceTimersByTime(100);
    expect(c.batches[1]?.messages).toEqual([{ kind: 'delta', topic: LATEST, version: 1, baseVersion: 0, points: [pt('01', '2025-06', 3.9)] }]);
  });

  describe('resume', () => {
    function afterThreeChanges() {
      const s = setup();
      const first = s.client();
      first.live.subscribe({ topics: [SERIES] });
      vi.advanceTimersByTime(100);
      for (const [i, v] of [[2, 3.2], [3, 3.3], [4, 3.4]] as const) s.hub.publish(s.store('cpi_yoy', pt('VN', `2025-0${i}`, v)));
      vi.advanceTimersByTime(100);
      first.live.close();
      return s;
    }

    it('sends nothing for a topic the client already has at the current version', () => {
      const { client } = afterThreeChanges();
      const c = client();
      c.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-1', versions: { [SERIES]: 3 } } });
      vi.advanceTimersByTime(100);
      expect(c.batches).toEqual([]);
    });

    it('sends only the points changed since an older version', () => {
      const { client } = afterThreeChanges();
      const c = client();
      c.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-1', versions: { [SERIES]: 1 } } });
      vi.advanceTimersByTime(100);
      expect(c.batches[0]?.messages).toEqual([{ kind: 'delta', topic: SERIES, version: 3, baseVersion: 1, points: [pt('VN', '2025-03', 3.3), pt('VN', '2025-04', 3.4)] }]);
    });

    it('sends a snapshot when the log no longer reaches back, or for another epoch', () => {
      const { hub, store, client } = afterThreeChanges();
      for (const m of [5, 6, 7]) hub.publish(store('cpi_yoy', pt('VN', `2025-0${m}`, m)));
      const old = client();
      old.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-1', versions: { [SERIES]: 1 } } });
      const other = client();
      other.live.subscribe({ topics: [SERIES], resume: { epoch: 'epoch-0', versions: { [SERIES]: 6 } } });
      vi.advanceTimersByTime(100);
      for (const c of [old, other]) expect(c.batches[0]?.messages).toMatchObject([{ kind: 'snapshot', topic: SERIES, version: 6 }]);
      expect(old.batches[0]?.messages[0]?.points).toHaveLength(6);
    });
  });

  it('folds a change that arrives before a pending snapshot is sent into that snapshot', () => {
    const { hub, store, client } = setup();
    const c = client();
    c.live.subscribe({ topics: [SERIES] });
    hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    vi.advanceTimersByTime(100);
    expect(c.batches).toHaveLength(1);
    expect(c.batches[0]?.messages).toEqual([{ kind: 'snapshot', topic: SERIES, version: 1, points: [pt('VN', '2025-02', 3.3)] }]);
  });

  it('stops sending to a client that unsubscribed or closed', () => {
    const { hub, store, client } = setup();
    const a = client();
    const b = client();
    a.live.subscribe({ topics: [SERIES] });
    b.live.subscribe({ topics: [SERIES] });
    vi.advanceTimersByTime(100);
    a.live.unsubscribe([SERIES]);
    b.live.close();
    hub.publish(store('cpi_yoy', pt('VN', '2025-02', 3.3)));
    vi.advanceTimersByTime(100);
    expect([a.batches.length, b.batches.length, hub.clientCount]).toEqual([1, 1, 1]);
  });
});
