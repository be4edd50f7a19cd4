import { z } from 'zod';

/**
 * Wall time: the content server's clock (epoch ms, fractional). Renderers estimate their offset
 * to it with `time:ping` and schedule every visible change on it.
 */

/**
 * Default lead of a scheduled `wall:state` change: T = server now + lead. Every renderer must
 * receive the change, subscribe the new scene's topics and take their snapshots before T; 150 ms
 * left that work running into T on a machine running 16 renderer pages on 2 cores (2-5 of 1,920
 * page-changes a frame late, against 0-1 with 250 ms: bench/RESULTS.md).
 */
export const DEFAULT_SCENE_LEAD_MS = 250;
/** Default lead of a live data commit before it is rounded up to the next tick. */
export const DEFAULT_COMMIT_LEAD_MS = 30;
/** Default spacing of the common data-commit ticks (a commit time is a multiple of it). */
export const DEFAULT_COMMIT_TICK_MS = 10;
/**
 * Every renderer turns its clock (and any per-second animation) in the first frame of each
 * whole wall second, all at once. The server schedules no data commit in the first this-many
 * ms of a second (more than one 60 Hz frame), so that work never lands in the frame of the
 * tick. Kept short because every commit placed there waits for its end: 50 ms made the
 * ingest-to-pixels p99 at 4 tiles 100-110 ms, 25 ms 74-78 ms (bench/RESULTS.md).
 */
export const SECOND_TICK_GUARD_MS = 25;
/**
 * The same guard for scene changes, wider: a scene change is the heaviest frame a renderer
 * draws, and on a machine running many renderer pages the tick keeps the cores busy for longer
 * than 50 ms (16 pages on 2 cores: late frames up to 75 ms into the second, bench/RESULTS.md).
 * A scene change waits at most this long more; data commits, which must stay quick, keep the
 * narrower guard.
 */
export const SCENE_TICK_GUARD_MS = 150;
/** A renderer shows its tile only once its clock error estimate is at most this (or after its start burst). */
export const CLOCK_READY_ERROR_MS = 5;

/** Answer to `time:ping`: the client's send time echoed, and the server's wall time. */
export interface TimePong {
  clientSent: number;
  serverTime: number;
}

/**
 * When a renderer's frames start, on wall time: the start of one recent frame and the measured
 * interval between frames. The server schedules changes between frame starts (see
 * `content-server/src/live/frame-grid.ts`), so a clock error smaller than half a frame cannot
 * split a wall across two frames.
 */
export const FrameCadenceSchema = z.strictObject({
  /** Wall time of the start of a recent frame (its rAF timestamp through the clock offset), ms. */
  anchorWall: z.number().finite(),
  /** Interval between frame starts, ms (16.67 at 60 Hz); 4 to 100. */
  intervalMs: z.number().finite().min(4).max(100),
});
export type FrameCadence = z.infer<typeof FrameCadenceSchema>;

/** What a renderer reports of its clock estimate (`clock:report`), a few times a minute. */
export const ClockReportSchema = z.strictObject({
  /** Server wall time minus the renderer's local clock, ms. */
  offsetMs: z.number().finite(),
  /** Estimated error of `offsetMs`, ms (half the best round trip, or the spread of the best samples). */
  errorMs: z.number().finite().nonnegative(),
  /** Lowest round trip among the samples kept, ms. */
  rttMs: z.number().finite().nonnegative(),
  /** Samples the estimate is made of. */
  samples: z.number().int().nonnegative(),
  /** Its frame cadence, once it has seen enough frames to measure it. */
  frame: FrameCadenceSchema.optional(),
});
export type ClockReport = z.infer<typeof ClockReportSchema>;

/** One connected renderer of a wall and its clock, for `GET /api/v1/walls/:id/renderers`. */
export interface RendererClock {
  displayId: string;
  /** The socket the renderer is connected on. */
  socketId: string;
  /** When it joined, ISO 8601 +07:00. */
  joinedAt: string;
  /** Its last clock report; null until the first. */
  clock: (ClockReport & { reportedAt: string }) | null;
}

export interface WallRenderersResponse {
  wallId: string;
  renderers: RendererClock[];
}
