import type { ClockReport } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { startClockSync } from './clock-sync';
import { localNow, WallClock, wallPhase } from './wall-clock';

describe('clock sync', () => {
  it('estimates the offset from a burst of exchanges, becomes ready, and reports it to the server', async () => {
    const clock = new WallClock();
    const reports: ClockReport[] = [];
    const sync = startClockSync(
      // A server 1234.5 ms ahead of this page, answering at once.
      { ping: async (t0) => ({ clientSent: t0, serverTime: localNow() + 1234.5 }), report: (r) => reports.push(r) },
      clock,
      { burst: 6, burstGapMs: 1, intervalMs: 60_000 },
    );
    expect(clock.ready).toBe(false);
    sync.connected();
    await expect.poll(() => reports.length).toBe(1);
    sync.stop();
    expect(clock.ready).toBe(true);
    expect(clock.offset).toBeGreaterThan(1234.5 - 2);
    expect(clock.offset).toBeLessThan(1234.5 + 2);
    expect(reports[0]).toMatchObject({ samples: 6 });
    expect(reports[0]!.offsetMs).toBe(clock.offset);
    expect(Math.abs(clock.now() - (localNow() + 1234.5))).toBeLessThan(2);
  });

  it('reports the frame cadence on wall time, sampling more frames after a burst', async () => {
    const clock = new WallClock();
    const reports: ClockReport[] = [];
    const samples: boolean[] = [];
    const sync = startClockSync(
      { ping: async (t0) => ({ clientSent: t0, serverTime: localNow() + 500 }), report: (r) => reports.push(r) },
      clock,
      {
        burst: 3,
        burstGapMs: 1,
        intervalMs: 5,
        reportEveryMs: 0,
        frames: {
          sample: async (first) => void samples.push(first),
          cadence: () => (samples.length < 2 ? null : { lastFrameLocal: 10_000, intervalMs: 16.667 }),
        },
      },
    );
    sync.connected();
    await expect.poll(() => reports.length).toBeGreaterThanOrEqual(2);
    sync.stop();
    expect(samples.slice(0, 2)).toEqual([true, false]);
    // Before a cadence is measured the report has none; then the latest frame start in wall time.
    expect(reports[0]!.frame).toBeUndefined();
    expect(reports[1]!.frame!.intervalMs).toBe(16.667);
    expect(reports[1]!.frame!.anchorWall).toBe(10_000 + reports[1]!.offsetMs);
  });

  it('ignores answers that do not echo the probe, and failed probes', async () => {
    const clock = new WallClock();
    let n = 0;
    const sync = startClockSync(
      {
        ping: async (t0) => {
          n++;
          if (n % 2) throw new Error('timeout');
          return { clientSent: t0 + 1, serverTime: 0 };
        },
        report: () => undefined,
      },
      clock,
      { burst: 4, burstGapMs: 1, intervalMs: 60_000 },
    );
    sync.connected();
    await expect.poll(() => n).toBe(4);
    sync.stop();
    expect(clock.estimate).toBeNull();
    expect(clock.ready).toBe(false);
  });

  it('gives every tile the same animation phase at the same wall time', () => {
    expect(wallPhase(10_250, 1000)).toBeCloseTo(0.25);
    expect(wallPhase(-250, 1000)).toBeCloseTo(0.75);
  });
});
