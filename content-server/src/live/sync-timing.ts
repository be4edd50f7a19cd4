import { performance } from 'node:perf_hooks';
import { DEFAULT_COMMIT_LEAD_MS, DEFAULT_COMMIT_TICK_MS, DEFAULT_SCENE_LEAD_MS } from '@ioc/protocol';

/**
 * The server's wall clock, the time authority of every renderer: epoch ms with sub-ms
 * resolution (a whole-ms `Date.now()` alone would put up to 0.5 ms of rounding into every
 * clock sample). Monotonic within the process.
 */
export function serverNow(): number {
  return performance.timeOrigin + performance.now();
}

/** How far ahead changes are scheduled. */
export interface SyncTiming {
  /** A `wall:state` change is shown at T = now + sceneLeadMs. */
  sceneLeadMs: number;
  /** A live batch is committed on the first tick at or after now + commitLeadMs. */
  commitLeadMs: number;
  commitTickMs: number;
  /** Place changes between the renderers' reported frame starts (`frame-grid.ts`); on by default. */
  frameAlign: boolean;
}

function ms(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > 10_000) throw new Error(`${name}=${raw}: expected a number of ms between ${min} and 10000`);
  return value;
}

/** From `WALL_SCENE_LEAD_MS`, `WALL_COMMIT_LEAD_MS`, `WALL_COMMIT_TICK_MS` (defaults 250, 30, 10) and `WALL_FRAME_ALIGN` (on|off). */
export function syncTiming(env: NodeJS.ProcessEnv = process.env): SyncTiming {
  const align = (env.WALL_FRAME_ALIGN ?? 'on').trim().toLowerCase();
  if (align !== 'on' && align !== 'off') throw new Error(`WALL_FRAME_ALIGN=${env.WALL_FRAME_ALIGN}: expected on or off`);
  return {
    frameAlign: align === 'on',
    sceneLeadMs: ms(env, 'WALL_SCENE_LEAD_MS', DEFAULT_SCENE_LEAD_MS, 0),
    commitLeadMs: ms(env, 'WALL_COMMIT_LEAD_MS', DEFAULT_COMMIT_LEAD_MS, 0),
    commitTickMs: ms(env, 'WALL_COMMIT_TICK_MS', DEFAULT_COMMIT_TICK_MS, 1),
  };
}

/** The common commit tick for a change made at `now`: the first multiple of `tickMs` at or after now + lead. */
export function commitTick(now: number, leadMs: number, tickMs: number): number {
  return Math.ceil((now + leadMs) / tickMs) * tickMs;
}
