import type { ClockReport, FrameCadence, TimePong } from '@ioc/protocol';
import { localNow, type WallClock } from './wall-clock';

/** The socket as the clock exchange sees it (a fake in tests). */
export interface ClockTransport {
  ping(t0: number): Promise<TimePong>;
  report(report: ClockReport): void;
}

export interface ClockSyncOptions {
  /** Exchanges in the burst after each (re)connection. */
  burst?: number;
  /** Gap between exchanges of the burst, ms. */
  burstGapMs?: number;
  /** Gap between exchanges after the burst, ms. */
  intervalMs?: number;
  /** Gap between reports to the server, ms (also one after each burst). */
  reportEveryMs?: number;
  /**
   * This page's frame cadence on the local clock, refreshed by `sample` before each report
   * (`first`: the report after a burst, which needs more frames). Reported on wall time.
   */
  frames?: {
    sample(first: boolean): Promise<void>;
    cadence(): { lastFrameLocal: number; intervalMs: number } | null;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Keeps `clock` estimated against the server: a burst of exchanges on each (re)connection,
 * then one every few seconds, and a report of the estimate to the server now and then.
 * Returns a stop function; `connected()` restarts the burst on a new connection.
 */
export function startClockSync(transport: ClockTransport, clock: WallClock, opts: ClockSyncOptions = {}): { connected(): void; stop(): void } {
  const burst = opts.burst ?? 12;
  const burstGapMs = opts.burstGapMs ?? 20;
  const intervalMs = opts.intervalMs ?? 2000;
  const reportEveryMs = opts.reportEveryMs ?? 2_000;
  let generation = 0;
  let stopped = false;
  let lastReport = Number.NEGATIVE_INFINITY;

  const exchange = async (): Promise<boolean> => {
    const t0 = localNow();
    try {
      const pong = await transport.ping(t0);
      const t1 = localNow();
      if (pong.clientSent !== t0 || !Number.isFinite(pong.serverTime)) return false;
      clock.addSample(t0, pong.serverTime, t1);
      return true;
    } catch {
      return false;
    }
  };
  const report = async (first: boolean): Promise<void> => {
    if (!clock.estimate) return;
    lastReport = localNow();
    await opts.frames?.sample(first);
    const e = clock.estimate;
    const c = opts.frames?.cadence();
    const frame: FrameCadence | undefined = c ? { anchorWall: clock.toWall(c.lastFrameLocal), intervalMs: c.intervalMs } : undefined;
    transport.report({ offsetMs: e.offset, errorMs: e.error, rttMs: e.bestRtt, samples: e.samples, ...(frame ? { frame } : {}) });
  };

  const run = async (gen: number): Promise<void> => {
    for (let i = 0; i < burst && gen === generation && !stopped; i++) {
      await exchange();
      clock.markReadyIf(false);
      await sleep(burstGapMs);
    }
    if (gen !== generation || stopped) return;
    clock.markReadyIf(true);
    await report(true);
    while (gen === generation && !stopped) {
      await sleep(intervalMs);
      if (gen !== generation || stopped) return;
      await exchange();
      if (localNow() - lastReport >= reportEveryMs) await report(false);
    }
  };

  return {
    connected() {
      generation++;
      void run(generation);
    },
    stop() {
      stopped = true;
    },
  };
}
