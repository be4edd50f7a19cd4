import type { ClockEstimate } from './clock-filter';

/** One scheduled change as the renderer showed it (test and benchmark hook `window.__iocSync`). */
export interface SyncRecord {
  /** `state`: a `wall:state` change; `data`: a live batch commit. */
  kind: 'state' | 'data';
  /** Its wall time T. */
  at: number;
  /** Wall time of the first frame that showed it (rAF timestamp through the clock offset); >= at unless late. */
  frameWall: number;
  /** That frame on the local clock: `performance.timeOrigin` + rAF timestamp. */
  frameLocal: number;
  /** The clock offset used, ms. */
  offset: number;
  /** Wall time at which the change reached this page (after T: it came too late for its frame). */
  arrivedAt?: number;
  /** `state`: the scene shown, and the server's `changedAt` of the change. */
  sceneId?: string;
  changedAt?: number;
  /** `data`: the versions committed, `topic -> version`. */
  versions?: Record<string, number>;
}

declare global {
  interface Window {
    /** Scheduled changes as shown, oldest first, at most SYNC_LOG_CAP. */
    __iocSync?: SyncRecord[];
    /** This renderer's clock estimate now (null before the first exchange). */
    __iocClock?: () => (ClockEstimate & { ready: boolean }) | null;
  }
}

export const SYNC_LOG_CAP = 5000;

export function syncLog(): SyncRecord[] {
  window.__iocSync ??= [];
  return window.__iocSync;
}

export function recordSync(r: SyncRecord): void {
  const log = syncLog();
  log.push(r);
  if (log.length > SYNC_LOG_CAP) log.splice(0, log.length - SYNC_LOG_CAP);
}
