import type { LiveMessage, Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { TopicRegistry } from './topic-registry';
import { applyLiveMessage, emptyTopicState, MAX_TOPIC_POINTS } from './topic-store';

const T = 'series:cpi_yoy:VN' as const;
const pt = (period: string, value: number, unit = 'VN'): Point => ({
  unit,
  period,
  t: Date.parse(`${period}-01T00:00:00+07:00`),
  value,
  synthetic: false,
  source: 'test',
});
const snapshot = (version: number, points: Point[]): LiveMessage => ({ kind: 'snapshot', topic: T, version, points });
const delta = (baseVersion: number, version: number, points: Point[]): LiveMessage => ({ kind: 'delta', topic: T, baseVersion, version, points });

describe('applying live messages', () => {
  it('replaces the points on a snapshot, in period order', () => {
    const { state, outcome } = applyLiveMessage(emptyTopicState(T), snapshot(4, [pt('2025-02', 3.1), pt('2025-01', 3.0)]));
    expect(outcome).toBe('applied');
    expect(state.version).toBe(4);
    expect(state.points.map((p) => p.period)).toEqual(['2025-01', '2025-02']);
    expect(state.lastPoint?.period).toBe('2025-02');
    const again = applyLiveMessage(state, snapshot(9, [pt('2024-12', 2.9)]));
    expect(again.state.points.map((p) => p.period)).toEqual(['2024-12']);
  });

  it('upserts a delta by (unit, period) when its base version is the one held', () => {
    const s1 = applyLiveMessage(emptyTopicState(T), snapshot(4, [pt('2025-01', 3.0), pt('2025-02', 3.1)])).state;
    const { state, outcome } = applyLiveMessage(s1, delta(4, 6, [pt('2025-02', 3.3), pt('2025-03', 3.4)]));
    expect(outcome).toBe('applied');
    expect(state.version).toBe(6);
    expect(state.points.map((p) => [p.period, p.value])).toEqual([
      ['2025-01', 3.0],
      ['2025-02', 3.3],
      ['2025-03', 3.4],
    ]);
    expect(state.lastPoint?.period).toBe('2025-03');
    // The previous state is left untouched (stores compare by identity).
    expect(s1.points.map((p) => p.value)).toEqual([3.0, 3.1]);
  });

  it('keeps the same period of different units apart', () => {
    const s1 = applyLiveMessage(emptyTopicState(T), snapshot(1, [pt('2025-01', 5, '01')])).state;
    const s2 = applyLiveMessage(s1, delta(1, 2, [pt('2025-01', 6, '79')])).state;
    expect(s2.points.map((p) => [p.unit, p.value])).toEqual([
      ['01', 5],
      ['79', 6],
    ]);
  });

  it('asks for a resubscription when the base version is not the one held', () => {
    const s1 = applyLiveMessage(emptyTopicState(T), snapshot(4, [pt('2025-01', 3.0)])).state;
    const { state, outcome } = applyLiveMessage(s1, delta(5, 7, [pt('2025-02', 3.1)]));
    expect(outcome).toBe('resubscribe');
    expect(state).toBe(s1);
    expect(applyLiveMessage(emptyTopicState(T), delta(0, 1, [])).outcome).toBe('resubscribe');
  });

  it('ignores messages already applied, and deltas while resyncing', () => {
    const s1 = applyLiveMessage(emptyTopicState(T), snapshot(4, [pt('2025-01', 3.0)])).state;
    expect(applyLiveMessage(s1, delta(3, 4, [pt('2025-01', 9)])).outcome).toBe('ignored');
    const resyncing = { ...s1, resyncing: true };
    expect(applyLiveMessage(resyncing, delta(4, 5, [pt('2025-02', 9)])).outcome).toBe('ignored');
    const fresh = applyLiveMessage(resyncing, snapshot(8, [pt('2025-02', 9)]));
    expect(fresh.state.resyncing).toBe(false);
    expect(fresh.state.version).toBe(8);
  });

  it('keeps at most MAX_TOPIC_POINTS, the newest', () => {
    const many = Array.from({ length: MAX_TOPIC_POINTS + 10 }, (_, i) => ({ ...pt('2025-01', i), period: `p${i}`, t: i }));
    const { state } = applyLiveMessage(emptyTopicState(T), snapshot(1, many));
    expect(state.points).toHaveLength(MAX_TOPIC_POINTS);
    expect(state.points[0]?.value).toBe(10);
  });
});

describe('topic registry', () => {
  it('notifies only the store of the topic that changed', () => {
    const reg = new TopicRegistry();
    const a = reg.ensure(T);
    const b = reg.ensure('latest:grdp_growth');
    let na = 0;
    let nb = 0;
    a.subscribe(() => na++);
    b.subscribe(() => nb++);
    expect(reg.apply(snapshot(1, [pt('2025-01', 1)]))).toBe('applied');
    expect([na, nb]).toEqual([1, 0]);
    expect(reg.apply(delta(7, 8, []))).toBe('resubscribe');
    expect(na).toBe(1);
    expect(reg.apply({ kind: 'snapshot', topic: 'latest:other', version: 1, points: [] })).toBe('ignored');
  });

  it('lists the versions held for resume', () => {
    const reg = new TopicRegistry();
    reg.ensure(T);
    reg.ensure('latest:grdp_growth');
    reg.apply(snapshot(12, []));
    expect(reg.versions()).toEqual({ [T]: 12 });
    reg.drop(T);
    expect(reg.versions()).toEqual({});
  });
});
