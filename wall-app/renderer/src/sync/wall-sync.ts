import { CadenceEstimator } from './frame-cadence';
import { FrameDriver } from './frame-driver';
import { recordSync, syncLog } from './sync-log';
import { WallClock } from './wall-clock';

/** This page's wall time and the frame-exact application of scheduled changes. */
export interface WallSync {
  clock: WallClock;
  frames: FrameDriver;
  /** When this page's frames start, reported to the server so it schedules changes between them. */
  cadence: CadenceEstimator;
}

/**
 * Creates the page's clock and frame driver and exposes the test hooks (`window.__iocSync`,
 * `window.__iocClock`). `commit` must make React render synchronously (`flushSync`), so that a
 * change applied in an animation frame is painted in that frame.
 */
export function createWallSync(commit: (apply: () => void) => void): WallSync {
  const clock = new WallClock();
  const cadence = new CadenceEstimator();
  const frames = new FrameDriver({ clock, commit, record: recordSync, onFrame: (t) => cadence.add(t) });
  syncLog();
  window.__iocClock = () => (clock.estimate ? { ...clock.estimate, ready: clock.ready } : null);
  return { clock, frames, cadence };
}

/**
 * Calls `done` once `caughtUp()` holds, or `giveUpMs` after `started()` first holds (a topic
 * that never answers must not keep the wall dark). Checked every 50 ms; only at start-up.
 */
export function whenCaughtUp(opts: { started: () => boolean; caughtUp: () => boolean; giveUpMs: number; done: () => void }): () => void {
  let since: number | null = null;
  const timer = setInterval(() => {
    if (!opts.started()) return;
    since ??= Date.now();
    if (opts.caughtUp() || Date.now() - since >= opts.giveUpMs) {
      clearInterval(timer);
      opts.done();
    }
  }, 50);
  return () => clearInterval(timer);
}
