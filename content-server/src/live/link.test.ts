import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BusHandler, ClusterBus } from '../cluster/bus.js';
import type { ChangedPoint, Sql } from '../store/index.js';
import { LIVE_CHANNEL, LiveLink, OWN_BATCH_WAIT_MS } from './link.js';

const log = pino({ level: 'silent' });
const point = (value: number): ChangedPoint => ({ indicator: 'cpi_yoy', point: { unit: 'VN', period: '2026-10', t: 0, value, synthetic: false, estimate: false, source: 'test' } });

/** A transaction that commits when told: what waits for its commit runs then. */
function transaction(): { tx: Sql; commit(): void } {
  const after: Array<() => void> = [];
  return { tx: { afterCommit: (fn: () => void) => after.push(fn) } as unknown as Sql, commit: () => after.splice(0).forEach((fn) => fn()) };
}

/** A bus whose deliveries the test makes by hand (the network between servers), in the order it chooses. */
class HandBus implements ClusterBus {
  readonly sent: Array<{ channel: string; body: unknown }> = [];
  private readonly handlers = new Map<string, BusHandler>();
  private gap: (() => void) | null = null;
  constructor(readonly serverId: string) {}
  async publish(channel: string, body: unknown, tx?: Sql): Promise<void> {
    const send = () => this.sent.push({ channel, body });
    if (tx) tx.afterCommit(send);
    else send();
  }
  subscribe(channel: string, handler: BusHandler): () => void {
    this.handlers.set(channel, handler);
    return () => this.handlers.delete(channel);
  }
  onGap(handler: () => void): () => void {
    this.gap = handler;
    return () => (this.gap = null);
  }
  deliver(body: unknown, origin: string): void {
    this.handlers.get(LIVE_CHANNEL)?.({ channel: LIVE_CHANNEL, origin, body });
  }
  interrupt(): void {
    this.gap?.();
  }
  async close(): Promise<void> {}
}

function link(bus: HandBus | null, toLocal = (t: number) => t) {
  const applied: Array<{ values: number[]; commitAt: number | null | undefined }> = [];
  const resyncs: number[] = [];
  const l = new LiveLink({
    apply: async (changes, commitAt) => void applied.push({ values: changes.map((c) => c.point.value), commitAt }),
    nextCommitTick: () => 1_000,
    resync: async () => void resyncs.push(1),
    bus,
    toLocal: (t) => toLocal(t),
    log,
  });
  return { l, applied, resyncs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveLink alone (SQLite)', () => {
  it('applies a batch when its transaction commits, never before, never after a rollback', async () => {
    const { l, applied } = link(null);
    const first = transaction();
    const { published } = await l.announce([point(1)], first.tx);
    expect(applied).toEqual([]);
    first.commit();
    await published;
    expect(applied).toEqual([{ values: [1], commitAt: undefined }]);
    await l.announce([point(2)], transaction().tx); // rolled back: its commit never comes
    expect(applied).toHaveLength(1);
  });
});

describe('LiveLink with several servers', () => {
  it('sends the batch with its tick when the transaction commits, and applies it only when it comes back on the bus', async () => {
    const bus = new HandBus('me');
    const { l, applied } = link(bus);
    const { tx, commit } = transaction();
    let settled = false;
    const { published } = await l.announce([point(1)], tx);
    void published.then(() => (settled = true));
    expect(bus.sent).toEqual([]);
    commit();
    expect(bus.sent).toEqual([{ channel: LIVE_CHANNEL, body: { id: expect.any(String), commitAt: 1_000, changes: [point(1)] } }]);
    await Promise.resolve();
    expect(applied).toEqual([]);
    expect(settled).toBe(false);
    bus.deliver(bus.sent[0]!.body, 'me');
    await published;
    expect(applied).toEqual([{ values: [1], commitAt: 1_000 }]);
  });

  it('applies batches in the bus\'s order, another server\'s moved onto this clock', async () => {
    const bus = new HandBus('me');
    const { l, applied } = link(bus, (t) => t + 5);
    const mine = transaction();
    const { published } = await l.announce([point(2)], mine.tx);
    mine.commit();
    // Another server's revision of the same point committed first: the bus says so.
    bus.deliver({ id: 'theirs', commitAt: 990, changes: [point(1)] }, 'other');
    bus.deliver(bus.sent[0]!.body, 'me');
    await published;
    expect(applied.map((a) => a.values[0])).toEqual([1, 2]);
    expect(applied[0]!.commitAt).toBe(995);
  });

  it('applies its own batch itself when the bus does not bring it back in time', async () => {
    vi.useFakeTimers();
    const bus = new HandBus('me');
    const { l, applied } = link(bus);
    const { tx, commit } = transaction();
    const { published } = await l.announce([point(3)], tx);
    commit();
    await vi.advanceTimersByTimeAsync(OWN_BATCH_WAIT_MS - 1);
    expect(applied).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await published;
    expect(applied).toEqual([{ values: [3], commitAt: 1_000 }]);
  });

  it('settles a batch still waiting for its echo when it closes (the server is going away)', async () => {
    const bus = new HandBus('me');
    const { l, applied } = link(bus);
    const { tx, commit } = transaction();
    const { published } = await l.announce([point(4)], tx);
    commit();
    l.close();
    await published;
    expect(applied).toEqual([]);
  });

  it('sends every subscribed topic whole again after a gap in the bus', () => {
    const bus = new HandBus('me');
    const { resyncs } = link(bus);
    bus.interrupt();
    expect(resyncs).toEqual([1]);
  });
});
