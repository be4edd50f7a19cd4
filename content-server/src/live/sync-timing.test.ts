import { describe, expect, it } from 'vitest';
import { commitTick, syncTiming } from './sync-timing.js';

describe('sync timing', () => {
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
