export interface RestartPolicyOptions {
  /** First delay, ms. */
  initialDelayMs: number;
  /** Longest delay, ms. */
  maxDelayMs: number;
  /** A renderer that ran this long without failing is considered healthy again, ms. */
  stableAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  stableAfterMs: 60_000,
};

/**
 * When to restart a wall window's renderer after it crashed or hung: 0.5 s, then doubling up to
 * 10 s while it keeps failing; once it has run 60 s without failing the next failure starts
 * again at 0.5 s. One instance per window; time is passed in so tests need no clock.
 */
export class RestartPolicy {
  readonly #opts: RestartPolicyOptions;
  #failures = 0;
  #startedAt: number | null = null;

  constructor(opts: Partial<RestartPolicyOptions> = {}) {
    this.#opts = { ...DEFAULT_RESTART_POLICY, ...opts };
  }

  /** The renderer (re)started and loaded its page at `now`. */
  started(now: number): void {
    this.#startedAt = now;
  }

  /** The renderer failed at `now`; returns how long to wait before restarting it, ms. */
  failed(now: number): number {
    if (this.#startedAt !== null && now - this.#startedAt >= this.#opts.stableAfterMs) this.#failures = 0;
    const delay = Math.min(this.#opts.maxDelayMs, this.#opts.initialDelayMs * 2 ** this.#failures);
    this.#failures += 1;
    this.#startedAt = null;
    return delay;
  }

  /** Failures counted in the current streak. */
  get failures(): number {
    return this.#failures;
  }
}
