import { describe, expect, it } from 'vitest';
import { CadenceEstimator } from './frame-cadence';

/** Frame starts on a grid of `interval` from `origin`, coarsened to 0.1 ms like a browser's timestamps. */
const frame = (origin: number, interval: number, k: number) => Math.round((origin + k * interval) * 10) / 10;

describe('frame cadence', () => {
  it('needs a few intervals before it reports, then measures the interval over the whole baseline', () => {
    const e = new CadenceEstimator();
    const interval = 1000 / 59.94;
    for (let k = 0; k < 5; k++) e.add(frame(1_000, interval, k));
    expect(e.cadence()).toBeNull();
    for (let k = 5; k < 12; k++) e.add(frame(1_000, interval, k));
    expect(e.cadence()!.intervalMs).toBeCloseTo(interval, 1);
    // Two seconds later, frames skipped in between: the interval is now known to a few microseconds.
    for (const k of [130, 131, 132, 600, 601]) e.add(frame(1_000, interval, k));
    const c = e.cadence()!;
    expect(Math.abs(c.intervalMs - interval)).toBeLessThan(0.001);
    expect(c.lastFrameLocal).toBe(frame(1_000, interval, 601));
  });

  it('takes the smallest step as the interval when the first frames skipped one', () => {
    const e = new CadenceEstimator();
    for (const k of [0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) e.add(frame(0, 16.667, k));
    // 0 -> 2 looked like one interval of 33.3 ms; 2 -> 3 is off that grid and starts again.
    expect(e.cadence()!.intervalMs).toBeCloseTo(16.667, 1);
  });

  it('starts again when frames leave the grid (a new refresh rate)', () => {
    const e = new CadenceEstimator();
    for (let k = 0; k < 20; k++) e.add(frame(0, 16.667, k));
    expect(e.cadence()!.intervalMs).toBeCloseTo(16.667, 2);
    const t0 = frame(0, 16.667, 19) + 5;
    for (let k = 0; k < 4; k++) e.add(frame(t0, 20, k));
    expect(e.cadence()).toBeNull();
    for (let k = 4; k < 12; k++) e.add(frame(t0, 20, k));
    expect(e.cadence()!.intervalMs).toBeCloseTo(20, 2);
  });

  it('ignores the same frame seen twice', () => {
    const e = new CadenceEstimator();
    for (let k = 0; k < 10; k++) {
      e.add(frame(0, 16.667, k));
      e.add(frame(0, 16.667, k));
    }
    expect(e.cadence()!.intervalMs).toBeCloseTo(16.667, 2);
  });
});
