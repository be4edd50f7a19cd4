import { SECOND_TICK_GUARD_MS, type FrameCadence } from '@ioc/protocol';
import { median } from '../stats.js';

const mod = (a: number, m: number) => ((a % m) + m) % m;

/**
 * The earliest wall time at or after `t` that lies furthest from every renderer's frame starts.
 *
 * A renderer applies a change in the first frame that starts at or after T, judged on its own
 * clock estimate. When T falls within that estimate's error of a frame start, renderers that
 * share a frame phase (the windows of one machine, or machines on a common sync) split between
 * two frames: one refresh interval of skew. Placing T in the middle of the largest gap between
 * the renderers' frame starts leaves half that gap of margin for the clock error instead of none.
 * Where phases are spread evenly (independent refresh without frame lock) the gap is small and
 * this changes little: that spread is the physical floor.
 *
 * Moves `t` forward by less than one frame interval; returns `t` when no cadence is known.
 */
export function alignToFrames(t: number, cadences: readonly FrameCadence[]): number {
  if (cadences.length === 0) return t;
  const interval = median(cadences.map((c) => c.intervalMs));
  // Each renderer's frame start nearest t (projected on its own interval), as a phase of the common one.
  const phases = cadences
    .map((c) => mod(c.anchorWall + Math.round((t - c.anchorWall) / c.intervalMs) * c.intervalMs, interval))
    .sort((a, b) => a - b);
  let gapStart = phases[phases.length - 1]!;
  let gap = phases[0]! + interval - gapStart;
  for (let i = 1; i < phases.length; i++) {
    const g = phases[i]! - phases[i - 1]!;
    if (g > gap) {
      gap = g;
      gapStart = phases[i - 1]!;
    }
  }
  const target = mod(gapStart + gap / 2, interval);
  return t + mod(target - mod(t, interval), interval);
}

/** `t`, or the end of the guard after a whole wall second when `t` falls inside it. */
export function clearOfSecondTick(t: number, guardMs = SECOND_TICK_GUARD_MS): number {
  const intoSecond = mod(t, 1000);
  return intoSecond < guardMs ? t - intoSecond + guardMs : t;
}

/**
 * Where a change due at `t` is scheduled: out of the frames in which every renderer turns its
 * clock (the first `guardMs` of each wall second: doing both in one frame doubles that frame's
 * work on every renderer, and a renderer that misses the frame shows the change a frame late),
 * then between the renderers' frame starts. Never earlier than `t`; later by at most the guard
 * plus one frame. Data commits use `SECOND_TICK_GUARD_MS`, scene changes `SCENE_TICK_GUARD_MS`.
 */
export function placeChange(t: number, cadences: readonly FrameCadence[], guardMs = SECOND_TICK_GUARD_MS): number {
  let at = alignToFrames(clearOfSecondTick(t, guardMs), cadences);
  // Alignment may have moved it into the next second's guard: step out once more.
  if (clearOfSecondTick(at, guardMs) !== at) at = alignToFrames(clearOfSecondTick(at, guardMs), cadences);
  return at;
}
