import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { PaintReporter, pushCapped } from './paint-log';
import { ReadyTracker } from './ready-tracker';

const point = (period: string, value: number): Point => ({ unit: 'VN', period, t: 0, value, synthetic: false, source: 's' });

describe('paint log', () => {
  it('keeps the same array and at most `cap` entries, dropping the oldest', () => {
    const log: number[] = [];
    for (let i = 0; i < 12; i++) pushCapped(log, i, 10);
    expect(log).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('reports each topic version once per panel', () => {
    const r = new PaintReporter();
    const a = { topic: 'series:x:VN', version: 3, point: point('2025-01', 1) };
    expect(r.fresh([a, { topic: 'series:y:VN', version: null, point: null }])).toHaveLength(1);
    expect(r.fresh([a])).toEqual([]);
    expect(r.fresh([{ ...a, version: 4 }])).toEqual([{ topic: 'series:x:VN', version: 4, point: point('2025-01', 1) }]);
  });
});

describe('ready tracker', () => {
  it('is ready once every panel of the current scene has settled', () => {
    const events: string[] = [];
    const t = new ReadyTracker({ onReset: () => events.push('reset'), onReady: () => events.push('ready') });
    t.expect('overview', ['a', 'b']);
    t.settled('overview', 'a');
    t.settled('other-scene', 'b');
    expect(t.ready).toBe(false);
    t.settled('overview', 'b');
    t.settled('overview', 'b');
    expect(events).toEqual(['reset', 'ready']);
    t.expect('overview', ['a', 'b']);
    expect(events).toEqual(['reset', 'ready']);
    t.expect('economy', []);
    expect(events).toEqual(['reset', 'ready', 'reset', 'ready']);
  });
});
