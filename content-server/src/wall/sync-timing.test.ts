import { describe, expect, it } from 'vitest';
import { commitTick, syncTiming, WallSchedule } from './sync-timing.js';

describe('wall schedule', () => {
  it('schedules a change lead ms ahead, per wall, and never before the previous change of that wall', () => {
    let now = 10_000;
    const s = new WallSchedule(150, () => now);
    expect(s.latest('main')).toBeUndefined();
    expect(s.next('main')).toBe(10_150);
    // A second change in the same ms still comes after the first.
    expect(s.next('main')).toBeGreaterThan(10_150);
    now = 10_050;
    expect(s.next('lobby')).toBe(10_200);
    now = 20_000;
    expect(s.next('main')).toBe(20_150);
    expect(s.latest('main')).toBe(20_150);
  });

  it('puts data commits on common ticks at least lead ms ahead', () => {
    expect(commitTick(1_000, 100, 50)).toBe(1_100);
    expect(commitTick(1_000.2, 100, 50)).toBe(1_150);
    expect(commitTick(1_049.9, 100, 50)).toBe(1_150);
  });

  it('reads the timing from the environment and refuses nonsense', () => {
    expect(syncTiming({})).toEqual({ sceneLeadMs: 250, commitLeadMs: 30, commitTickMs: 10, frameAlign: true });
    expect(syncTiming({ WALL_FRAME_ALIGN: 'off' }).frameAlign).toBe(false);
    expect(() => syncTiming({ WALL_FRAME_ALIGN: 'maybe' })).toThrow(/WALL_FRAME_ALIGN/);
    expect(syncTiming({ WALL_SCENE_LEAD_MS: '300', WALL_COMMIT_TICK_MS: '100' })).toMatchObject({ sceneLeadMs: 300, commitTickMs: 100 });
    expect(() => syncTiming({ WALL_COMMIT_TICK_MS: '0' })).toThrow(/WALL_COMMIT_TICK_MS/);
    expect(() => syncTiming({ WALL_SCENE_LEAD_MS: 'soon' })).toThrow(/WALL_SCENE_LEAD_MS/);
  });
});
