export interface RestartPolicyOptions {
  /**
   * Restarts at the start of a streak made at once: a crash and a hang soon after it (two
   * unrelated failures) are both repaired within the kiosk's 2 s; only a renderer that keeps
   * failing is slowed down.
   */
  immediateRestarts: number;
  /** Delay before the first restart after the immediate ones, ms; doubled for each further one. */
  initialDelayMs: number;
  /** Longest delay, ms. */
  maxDelayMs: number;
  /** A renderer that ran this long without failing is considered healthy again, ms. */
  stableAfterMs: number;
  /**
   * Restarts in one streak that only reload the page; from the next one on the caller should
   * start over from scratch (destroy and recreate the window, restart the browser process).
   */
  reloadsBeforeEscalation: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicyOptions = {
  immediateRestarts: 2,
  initialDelayMs: 500,
  maxDelayMs: 10_000,
  stableAfterMs: 60_000,
  reloadsBeforeEscalation: 2,
};

/** What to do after a failure. */
export interface RestartDecision {
  /** How long to wait before restarting, ms. */
  delayMs: number;
  /** Failures in the current streak, this one included (1 = first). */
  failures: number;
  /** True when reloading has not helped: recreate the window / restart the browser. */
  escalate: boolean;
}

/**
 * When and how to restart a wall window (or a kiosk browser) after it crashed or hung: at once
 * for the first failure, then 0.5 s doubling up to 10 s while it keeps failing, so that a crash
 * loop never spins; after two reloads that did not last, escalate to a full recreation. Once it
 * has run 60 s without failing the next failure starts a new streak. One instance per window;
 * time is passed in so tests need no clock.
 */
export class RestartPolicy {
  readonly #opts: RestartPolicyOptions;
  #failures = 0;
  #startedAt: number | null = null;

  constructor(opts: Partial<RestartPolicyOptions> = {}) {
    this.#opts = { ...DEFAULT_RESTART_POLICY, ...opts };
  }

  /** The renderer (re)started and proved alive at `now`. */
  started(now: number): void {
    this.#startedAt = now;
  }

  /** The renderer failed at `now`; returns how long to wait, and whether to escalate. */
  failed(now: number): RestartDecision {
    if (this.#startedAt !== null && now - this.#startedAt >= this.#opts.stableAfterMs) this.#failures = 0;
    const { immediateRestarts, initialDelayMs, maxDelayMs, reloadsBeforeEscalation } = this.#opts;
    const delayed = this.#failures - immediateRestarts;
    const delayMs = delayed < 0 ? 0 : Math.min(maxDelayMs, initialDelayMs * 2 ** delayed);
    this.#failures += 1;
    this.#startedAt = null;
    return { delayMs, failures: this.#failures, escalate: this.#failures > reloadsBeforeEscalation };
  }

  /** Failures counted in the current streak. */
  get failures(): number {
    return this.#failures;
  }
}
