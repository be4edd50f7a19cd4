import { describe, expect, it } from 'vitest';
import { ClockFilter, sampleOf } from './clock-filter';

/** An exchange with a true offset, sent at local t0, taking `up` ms to the server and `down` back. */
const exchange = (trueOffset: number, t0: number, up: number, down: number) => sampleOf(t0, t0 + up + trueOffset, t0 + up + down);

describe('clock filter', () => {
  it('computes offset and round trip of one exchange NTP-style', () => {
    expect(sampleOf(1000, 1505, 1010)).toEqual({ offset: 1505 - 1005, rtt: 10, at: 1010 });
  });

  it('takes the offsets of the lowest round trips, not the ones delayed on one leg', () => {
    const f = new ClockFilter({ best: 3 });
    // Symmetric, fast exchanges: exact. Slow ones, delayed on the way back: off by half the delay.
    f.add(exchange(250, 0, 1, 1));
    f.add(exchange(250, 100, 40, 2));
    f.add(exchange(250, 200, 0.5, 0.5));
    f.add(exchange(250, 300, 2, 90));
    f.add(exchange(250, 400, 1.5, 1.5));
    f.add(exchange(250, 500, 3, 60));
    const e = f.estimate()!;
    expect(e.offset).toBeCloseTo(250, 6);
    expect(e.bestRtt).toBe(1);
    expect(e.samples).toBe(6);
    expect(e.error).toBeCloseTo(0.5, 6);
  });

  it('ignores a lone outlier among the best samples (median)', () => {
    const f = new ClockFilter({ best: 5 });
    for (let i = 0; i < 4; i++) f.add(exchange(-40, i * 100, 1, 1));
    // A fast exchange whose answer was stamped late on the server (a hiccup there).
    f.add(sampleOf(500, 500 + 1 - 40 + 30, 502));
    const e = f.estimate()!;
    expect(e.offset).toBeCloseTo(-40, 6);
    // The spread of the samples used says the estimate is less sure than half a round trip.
    expect(e.error).toBeCloseTo(15, 6);
  });

  it('follows a drifting clock: old samples age out', () => {
    const f = new ClockFilter({ keep: 8, best: 3, maxAgeMs: 10_000 });
    // Local clock drifts 1 ms per second against the server; fast exchanges every second.
    for (let s = 0; s <= 60; s++) f.add(exchange(100 + s, s * 1000, 0.5, 0.5));
    const e = f.estimate()!;
    expect(e.samples).toBe(8);
    // The median of the newest samples: within a few ms of today's offset, not the start's.
    expect(e.offset).toBeGreaterThan(100 + 52);
    expect(e.offset).toBeLessThanOrEqual(160);
  });

  it('drops samples it cannot use and says nothing before the first', () => {
    const f = new ClockFilter();
    expect(f.estimate()).toBeNull();
    f.add({ offset: Number.NaN, rtt: 1, at: 0 });
    f.add({ offset: 3, rtt: -1, at: 0 });
    expect(f.estimate()).toBeNull();
    expect(f.size).toBe(0);
  });
});
