import { createStore } from 'zustand/vanilla';

/**
 * One tick per second of wall time, for the clock and the stale badge. The tick is driven by
 * the wall clock (the server's time through this renderer's offset), not by frame counts, and
 * each second is shown in the first frame at or after its boundary: every tile turns the same
 * second in the same frame, also after a restart.
 */
export const wallTicker = createStore<{ now: number }>()(() => ({ now: Date.now() }));

let started = false;

/** Wakes this long before a second boundary to hand the tick to the frame scheduler. */
const WAKE_EARLY_MS = 40;

/**
 * `now`: wall time. `atFrame(T, apply)`: runs `apply` in the first frame at or after wall time T
 * (the sync frame driver); without one, the tick is applied from the timer.
 */
export function startWallTicker(now: () => number, atFrame?: (at: number, apply: () => void) => void): void {
  if (started) return;
  started = true;
  wallTicker.setState({ now: now() });
  const wake = (): void => {
    const t = now();
    const boundary = Math.floor(t / 1000) * 1000 + 1000;
    if (atFrame) atFrame(boundary, () => wallTicker.setState({ now: boundary }));
    else setTimeout(() => wallTicker.setState({ now: boundary }), boundary - t);
    setTimeout(wake, Math.max(1, boundary + 1000 - WAKE_EARLY_MS - t));
  };
  setTimeout(wake, Math.max(1, 1000 - (now() % 1000) - WAKE_EARLY_MS));
}
