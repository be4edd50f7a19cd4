import { FrameSchedule } from './frame-schedule';
import type { SyncRecord } from './sync-log';
import type { WallClock } from './wall-clock';

export type SyncKind = 'state' | 'data' | 'tick';

export interface FrameDriverDeps {
  clock: WallClock;
  /** Runs the changes of a frame so that the DOM is committed before it is painted (React's flushSync). */
  commit: (apply: () => void) => void;
  record: (r: SyncRecord) => void;
  /** Each animation frame's start (local epoch ms), for the frame cadence. */
  onFrame?: (frameLocal: number) => void;
}

/** The local time (epoch ms) of the animation frame whose scheduled changes are being committed, else null. */
let committingFrame: number | null = null;

/**
 * While a frame's scheduled changes are committed (inside its animation-frame callback, DOM
 * updated synchronously), the frame that will show them: this one. Paint records use it
 * instead of waiting for the next frame, which would be a frame late.
 */
export function frameBeingCommitted(): number | null {
  return committingFrame;
}

/** If no animation frame comes (a hidden page), a change is applied this long after its T. */
const NO_FRAME_FALLBACK_MS = 500;

/**
 * Applies scheduled changes in the first animation frame whose wall time (rAF timestamp +
 * `performance.timeOrigin` + clock offset) is at or after their T, and logs that frame. Frames
 * are requested only while something waits.
 */
export class FrameDriver {
  readonly #schedule = new FrameSchedule<SyncKind>();
  #frameRequested = false;
  #fallback: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: FrameDriverDeps) {}

  /** Holds `apply` until the frame at or after wall time `at`; `describe` adds to its sync record (null: no record). */
  at(at: number, kind: SyncKind, apply: () => void, describe?: () => Partial<SyncRecord> | null): void {
    this.#schedule.add(at, kind, apply, describe);
    this.#request();
  }

  /** Changes waiting. */
  get pending(): number {
    return this.#schedule.size;
  }

  /** Changes of one kind waiting (a scene change still to come, say). */
  pendingOf(kind: SyncKind): number {
    return this.#schedule.count(kind);
  }

  #request(): void {
    if (!this.#frameRequested) {
      this.#frameRequested = true;
      requestAnimationFrame((ts) => this.#frame(ts));
    }
    const next = this.#schedule.next();
    if (this.#fallback) clearTimeout(this.#fallback);
    this.#fallback =
      next === null ? null : setTimeout(() => this.#frame(performance.now(), true), Math.max(0, next - this.deps.clock.now()) + NO_FRAME_FALLBACK_MS);
  }

  #frame(ts: number, fallback = false): void {
    if (!fallback) this.#frameRequested = false;
    const frameLocal = performance.timeOrigin + ts;
    if (!fallback) this.deps.onFrame?.(frameLocal);
    const offset = this.deps.clock.offset;
    const frameWall = frameLocal + offset;
    const due = this.#schedule.due(frameWall);
    if (due.length > 0) {
      committingFrame = fallback ? null : frameLocal;
      try {
        this.deps.commit(() => {
          for (const item of due) item.apply();
        });
      } finally {
        committingFrame = null;
      }
      for (const item of due) {
        const extra = item.describe ? item.describe() : {};
        if (item.kind === 'tick' || extra === null) continue;
        this.deps.record({ kind: item.kind, at: item.at, frameWall, frameLocal, offset, ...extra });
      }
    }
    if (this.#schedule.size > 0) this.#request();
    else if (this.#fallback) {
      clearTimeout(this.#fallback);
      this.#fallback = null;
    }
  }
}
