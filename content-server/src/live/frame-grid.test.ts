import { describe, expect, it } from 'vitest';
import { SCENE_TICK_GUARD_MS, SECOND_TICK_GUARD_MS } from '@ioc/protocol';
import { alignToFrames, clearOfSecondTick, placeChange } from './frame-grid.js';

const I = 1000 / 60;
/** Distance from `t` to the nearest frame start of a cadence. */
const margin = (t: number, anchor: number, interval = I) => {
  const p = (((t - anchor) % interval) + interval) % interval;
  return Math.min(p, interval - p);
};

describe('alignToFrames', () => {
  it('keeps t when no renderer has reported its frames', () => {
    expect(alignToFrames(1_000, [])).toBe(1_000);
  });

  it('moves t half a frame from the frame starts of renderers that share a phase, never back and by less than a frame', () => {
    const cadences = [0.1, 0.3, 0.2, 0.25].map((a) => ({ anchorWall: 50_000 + a, intervalMs: I }));
    for (const t of [60_000, 60_000.2, 60_008, 60_016.5, 71_234.56]) {
      const at = alignToFrames(t, cadences);
      expect(at).toBeGreaterThanOrEqual(t);
      expect(at - t).toBeLessThan(I);
      // Every renderer has more than 8 ms of clock error to spare either way.
      for (const c of cadences) expect(margin(at, c.anchorWall)).toBeGreaterThan(8);
    }
  });

  it('with two groups of renderers on different phases, picks the middle of the larger gap', () => {
    // Machine A's frames start at phase 0, machine B's at phase 4 ms: the larger gap is 4 -> 16.67.
    const cadences = [
      { anchorWall: 100_000, intervalMs: I },
      { anchorWall: 100_000 + 4, intervalMs: I },
    ];
    const at = alignToFrames(200_000, cadences);
    expect(margin(at, 100_000)).toBeCloseTo(margin(at, 100_004), 6);
    expect(margin(at, 100_000)).toBeCloseTo((I - 4) / 2, 6);
  });

  it('projects each renderer on its own interval, so an anchor a minute old still places t well', () => {
    const interval = 1000 / 59.94;
    const anchor = 1_000_000;
    const t = anchor + 60_000;
    const at = alignToFrames(t, [{ anchorWall: anchor, intervalMs: interval }]);
    expect(margin(at, anchor, interval)).toBeGreaterThan(8);
  });
});

describe('placeChange', () => {
  const cadences = [{ anchorWall: 0.2, intervalMs: I }];
  it('keeps changes out of the first frames of a wall second, where every renderer turns its clock', () => {
    expect(clearOfSecondTick(12_345)).toBe(12_345);
    expect(clearOfSecondTick(13_010)).toBe(13_000 + SECOND_TICK_GUARD_MS);
    for (const t of [13_000, 13_010, 13_000 + SECOND_TICK_GUARD_MS - 0.1, 12_990, 12_999.9]) {
      const at = placeChange(t, cadences);
      expect(at).toBeGreaterThanOrEqual(t);
      expect(((at % 1000) + 1000) % 1000).toBeGreaterThanOrEqual(SECOND_TICK_GUARD_MS);
      expect(margin(at, 0.2)).toBeGreaterThan(8);
    }
  });

  it('moves a change by at most the guard and one frame', () => {
    for (let t = 50_000; t < 51_000; t += 7.3) expect(placeChange(t, cadences) - t).toBeLessThan(SECOND_TICK_GUARD_MS + I);
  });

  it('keeps scene changes out of a wider guard than data commits', () => {
    for (const t of [13_000, 13_060, 13_149.9, 12_999.9]) {
      const at = placeChange(t, cadences, SCENE_TICK_GUARD_MS);
      expect(at).toBeGreaterThanOrEqual(t);
      expect(((at % 1000) + 1000) % 1000).toBeGreaterThanOrEqual(SCENE_TICK_GUARD_MS);
      expect(margin(at, 0.2)).toBeGreaterThan(8);
    }
    // A data commit at 60 ms into a second is not held back by the scene guard.
    expect(placeChange(13_060, cadences) - 13_060).toBeLessThan(I);
    for (let t = 50_000; t < 51_000; t += 7.3) expect(placeChange(t, cadences, SCENE_TICK_GUARD_MS) - t).toBeLessThan(SCENE_TICK_GUARD_MS + I);
  });
});
