import type { Point } from '@ioc/protocol';

/** One panel showing a new version of one topic, as the benchmarks read it. */
export interface PaintRecord {
  panelId: string;
  topic: string;
  version: number;
  /** Latest point the panel shows. */
  period: string;
  value: number;
  /** Wall-clock ms of the animation frame that showed it: `performance.timeOrigin + rAF time`. */
  frameTime: number;
}

declare global {
  interface Window {
    /** Paint records, oldest first, at most PAINT_LOG_CAP (test and benchmark hook). */
    __wallPaints?: PaintRecord[];
    /** `performance.now()` at the frame where every panel of the tile had painted with data. */
    __wallReadyAt?: number;
    /** Exposed by the Electron preload; absent in a plain browser. */
    iocWall?: { heartbeat(): void };
  }
}

export const PAINT_LOG_CAP = 5000;

/** Appends to `log`, dropping the oldest entries past `cap`. The array itself is kept. */
export function pushCapped<T>(log: T[], item: T, cap = PAINT_LOG_CAP): void {
  log.push(item);
  if (log.length > cap) log.splice(0, log.length - cap);
}

export function paintLog(): PaintRecord[] {
  window.__wallPaints ??= [];
  return window.__wallPaints;
}

/** What a panel shows of one of its topics in the commit being painted. */
export interface ShownTopic {
  topic: string;
  version: number | null;
  point: Point | null;
}

/**
 * Remembers the last version a panel reported per topic, and says which topics have a new
 * version to report (one record per panel per new data version).
 */
export class PaintReporter {
  readonly #reported = new Map<string, number>();

  fresh(shown: readonly ShownTopic[]): Array<{ topic: string; version: number; point: Point }> {
    const out: Array<{ topic: string; version: number; point: Point }> = [];
    for (const s of shown) {
      if (s.version === null || s.point === null || this.#reported.get(s.topic) === s.version) continue;
      this.#reported.set(s.topic, s.version);
      out.push({ topic: s.topic, version: s.version, point: s.point });
    }
    return out;
  }
}
