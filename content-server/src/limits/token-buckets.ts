/** A bucket's size and how fast it fills: `burst` requests at once, then `perSecond` on average. */
export interface Rate {
  perSecond: number;
  burst: number;
}

export type Take = { ok: true } | { ok: false; retryAfterS: number };

/**
 * Token buckets keyed by source (an address, a principal, a socket): each key may spend `burst`
 * at once and earns `perSecond` back. In memory on purpose: a refusal must cost less than the
 * request it refuses, so no database write and no await. The map is bounded (`maxKeys`): the
 * stalest key is forgotten first, which at worst hands a forgotten source a full bucket, never
 * lets memory grow with the number of sources an attacker can invent.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly rate: Rate,
    private readonly opts: { maxKeys?: number; now?: () => number } = {},
  ) {}

  /** Spends one token of `key`, or says how many whole seconds until one is there. */
  take(key: string): Take {
    const now = (this.opts.now ?? Date.now)();
    const { perSecond, burst } = this.rate;
    const held = this.buckets.get(key);
    const tokens = held ? Math.min(burst, held.tokens + ((now - held.at) / 1000) * perSecond) : burst;
    if (tokens < 1) {
      // Not re-inserted: a refused source does not refresh its place, so it ages out normally.
      if (held) Object.assign(held, { tokens, at: now });
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
    }
    this.buckets.delete(key);
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    const max = this.opts.maxKeys ?? 50_000;
    while (this.buckets.size > max) {
      const stalest = this.buckets.keys().next().value;
      if (stalest === undefined) break;
      this.buckets.delete(stalest);
    }
    return { ok: true };
  }

  /** Forgets a key (a socket that disconnected). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  get size(): number {
    return this.buckets.size;
  }
}
