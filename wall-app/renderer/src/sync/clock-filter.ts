/** One NTP-style exchange: local send time t0, server time, local receive time t1 (ms). */
export interface ClockSample {
  /** Server time minus the local clock at the midpoint of the exchange: server - (t0 + t1) / 2. */
  offset: number;
  /** Round trip, t1 - t0. */
  rtt: number;
  /** Local time the answer arrived (t1). */
  at: number;
}

export function sampleOf(t0: number, serverTime: number, t1: number): ClockSample {
  return { offset: serverTime - (t0 + t1) / 2, rtt: t1 - t0, at: t1 };
}

export interface ClockEstimate {
  /** Server time = local time + offset. */
  offset: number;
  /**
   * Error bound of `offset`: half the best round trip (the true offset lies within it when the
   * network is symmetric-ish), or the spread of the offsets used if that is larger.
   */
  error: number;
  /** Lowest round trip among the samples kept. */
  bestRtt: number;
  /** Samples kept. */
  samples: number;
}

export interface ClockFilterOptions {
  /** Samples kept (the newest). */
  keep?: number;
  /** The offsets of the `best` lowest-round-trip samples make the estimate (their median). */
  best?: number;
  /** Samples older than this (ms of local time) are dropped, so a drifting clock is followed. */
  maxAgeMs?: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/**
 * Clock offset filter: keeps the last `keep` samples (none older than `maxAgeMs`) and takes the
 * median offset of the `best` samples with the lowest round trips. A sample delayed by a busy
 * network or event loop has a long round trip and an offset off by up to half of it; choosing
 * by round trip drops it, and the median drops the odd one left.
 */
export class ClockFilter {
  readonly #keep: number;
  readonly #best: number;
  readonly #maxAgeMs: number;
  #samples: ClockSample[] = [];

  constructor(opts: ClockFilterOptions = {}) {
    this.#keep = opts.keep ?? 32;
    this.#best = opts.best ?? 5;
    this.#maxAgeMs = opts.maxAgeMs ?? 120_000;
  }

  add(sample: ClockSample): void {
    if (!Number.isFinite(sample.offset) || !Number.isFinite(sample.rtt) || sample.rtt < 0) return;
    this.#samples.push(sample);
    const oldest = sample.at - this.#maxAgeMs;
    this.#samples = this.#samples.filter((s) => s.at >= oldest).slice(-this.#keep);
  }

  get size(): number {
    return this.#samples.length;
  }

  /** The estimate, or null before the first sample. */
  estimate(): ClockEstimate | null {
    if (this.#samples.length === 0) return null;
    const chosen = [...this.#samples].sort((a, b) => a.rtt - b.rtt || b.at - a.at).slice(0, this.#best);
    const offsets = chosen.map((s) => s.offset);
    const offset = median(offsets);
    const bestRtt = chosen[0]!.rtt;
    const spread = Math.max(...offsets) - Math.min(...offsets);
    return { offset, error: Math.max(bestRtt / 2, spread / 2), bestRtt, samples: this.#samples.length };
  }
}
