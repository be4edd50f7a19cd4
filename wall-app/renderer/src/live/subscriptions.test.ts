import type { LiveBatch, Point, SubscribeRequest, UnsubscribeRequest } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { Subscriptions, type LiveTransport } from './subscriptions';
import { TopicRegistry } from './topic-registry';

const A = 'series:cpi_yoy:VN' as const;
const B = 'latest:grdp_growth' as const;
const C = 'series:exports:VN' as const;
const pt = (period: string, value: number): Point => ({ unit: 'VN', period, t: Date.parse(`${period}-01`), value, synthetic: true, source: 's' });

class FakeTransport implements LiveTransport {
  subs: SubscribeRequest[] = [];
  unsubs: UnsubscribeRequest[] = [];
  subscribe(req: SubscribeRequest) {
    this.subs.push(req);
    return Promise.resolve({ ok: true as const, epoch: 'e1' });
  }
  unsubscribe(req: UnsubscribeRequest) {
    this.unsubs.push(req);
  }
}

const batch = (epoch: string, messages: LiveBatch['messages']): LiveBatch => ({ epoch, sentAt: 0, messages });

describe('subscriptions', () => {
  it('subscribes to the scene topics, then only to what changes', () => {
    const reg = new TopicRegistry();
    const subs = new Subscriptions(reg);
    const t = new FakeTransport();
    subs.joined(t, 'e1');
    subs.sync([A, B]);
    expect(t.subs).toEqual([{ topics: [A, B] }]);
    subs.sync([A, C]);
    expect(t.unsubs).toEqual([{ topics: [B] }]);
    expect(t.subs[1]).toEqual({ topics: [C] });
    expect(reg.topics().sort()).toEqual([C, A].sort());
  });

  it('resumes from the versions held after a reconnection, with no reload', () => {
    const reg = new TopicRegistry();
    const subs = new Subscriptions(reg);
    const t1 = new FakeTransport();
    subs.joined(t1, 'e1');
    subs.sync([A, B]);
    subs.onBatch(batch('e1', [{ kind: 'snapshot', topic: A, version: 5, points: [pt('2025-01', 1)] }]));
    subs.connectionLost();
    const t2 = new FakeTransport();
    subs.joined(t2, 'e1');
    subs.sync([A, B]);
    expect(t2.subs).toEqual([{ topics: [A, B], resume: { epoch: 'e1', versions: { [A]: 5 } } }]);
    expect(reg.get(A)?.getState().points).toHaveLength(1);
  });

  it('after a server restart, ignores deltas until fresh snapshots come', () => {
    const reg = new TopicRegistry();
    const subs = new Subscriptions(reg);
    subs.joined(new FakeTransport(), 'e1');
    subs.sync([A]);
    subs.onBatch(batch('e1', [{ kind: 'snapshot', topic: A, version: 5, points: [pt('2025-01', 1)] }]));
    subs.connectionLost();
    const t2 = new FakeTransport();
    subs.joined(t2, 'e2');
    subs.sync([A]);
    expect(t2.subs[0]?.resume).toBeUndefined();
    subs.onBatch(batch('e2', [{ kind: 'delta', topic: A, baseVersion: 5, version: 6, points: [pt('2025-02', 9)] }]));
    expect(reg.get(A)?.getState().version).toBe(5);
    subs.onBatch(batch('e2', [{ kind: 'snapshot', topic: A, version: 1, points: [pt('2025-02', 2)] }]));
    expect(reg.get(A)?.getState()).toMatchObject({ version: 1, resyncing: false });
  });

  it('resubscribes without resume when a delta does not follow the version held', () => {
    const reg = new TopicRegistry();
    const subs = new Subscriptions(reg);
    const t = new FakeTransport();
    subs.joined(t, 'e1');
    subs.sync([A]);
    subs.onBatch(batch('e1', [{ kind: 'snapshot', topic: A, version: 5, points: [] }]));
    subs.onBatch(batch('e1', [{ kind: 'delta', topic: A, baseVersion: 6, version: 7, points: [pt('2025-03', 1)] }]));
    expect(t.unsubs).toEqual([{ topics: [A] }]);
    expect(t.subs.at(-1)).toEqual({ topics: [A] });
    // Further deltas wait for the snapshot instead of resubscribing again.
    subs.onBatch(batch('e1', [{ kind: 'delta', topic: A, baseVersion: 7, version: 8, points: [] }]));
    expect(t.subs).toHaveLength(2);
  });
});
