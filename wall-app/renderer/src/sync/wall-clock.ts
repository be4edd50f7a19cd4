import { CLOCK_READY_ERROR_MS } from '@ioc/protocol';
import { ClockFilter, sampleOf, type ClockEstimate } from './clock-filter';

/** The local monotonic clock on the epoch scale, ms (sub-ms resolution). */
export function localNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Phase in [0, 1) of a cycle of `periodMs` at wall time `now`: the same on every tile. */
export function wallPhase(now: number, periodMs: number): number {
  return (((now % periodMs) + periodMs) % periodMs) / periodMs;
}

/**
 * This renderer's view of wall time (the server's clock): the local monotonic clock plus the
 * filtered offset. `ready` once the start burst gave a good enough estimate; it stays ready.
 */
export class WallClock {
  readonly filter = new ClockFilter();
  #estimate: ClockEstimate | null = null;
  #ready = false;
  readonly #listeners = new Set<(e: ClockEstimate) => void>();

  get offset(): number {
    return this.#estimate?.offset ?? 0;
  }

  get estimate(): ClockEstimate | null {
    return this.#estimate;
  }

  get ready(): boolean {
    return this.#ready;
  }

  now(): number {
    return localNow() + this.offset;
  }

  /** Local time (`performance.timeOrigin` + a `performance.now()`-scale time) to wall time. */
  toWall(local: number): number {
    return local + this.offset;
  }

  /** Adds one exchange (local t0, server time, local t1). */
  addSample(t0: number, serverTime: number, t1: number): void {
    this.filter.add(sampleOf(t0, serverTime, t1));
    const e = this.filter.estimate();
    if (!e) return;
    this.#estimate = e;
    for (const l of this.#listeners) l(e);
  }

  /** Ready once enough samples are in and the error is small, or when the start burst is over (`force`). */
  markReadyIf(force: boolean): boolean {
    const e = this.#estimate;
    if (!this.#ready && e && (force || (e.samples >= 5 && e.error <= CLOCK_READY_ERROR_MS))) this.#ready = true;
    return this.#ready;
  }

  onChange(listener: (e: ClockEstimate) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
