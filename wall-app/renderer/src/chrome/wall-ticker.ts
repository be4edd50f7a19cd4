import { createStore } from 'zustand/vanilla';

/**
 * One tick per second of wall time, on the second boundary, for the clock and the stale badge.
 * Driven by timers against the wall clock, not by frame counts, so it stays right when frames
 * are slow or skipped.
 */
export const wallTicker = createStore<{ now: number }>()(() => ({ now: Date.now() }));

let started = false;

export function startWallTicker(offsetMs: () => number): void {
  if (started) return;
  started = true;
  const tick = (): void => {
    const now = Date.now() + offsetMs();
    wallTicker.setState({ now });
    // Aim a few ms past the next boundary so the displayed second is never one behind.
    setTimeout(tick, 1000 - (now % 1000) + 5);
  };
  tick();
}
