export interface LoginLimiterOptions {
  /** Failures within the window after which further attempts are refused (default 5). */
  maxFailures?: number;
  /** Failures from one remote address within the window before it is refused (default: maxFailures). */
  maxFailuresPerAddress?: number;
  /** The window, sliding (default 15 minutes). */
  windowMs?: number;
  /** Most user names and addresses remembered at once; the stalest are forgotten first. */
  maxEntries?: number;
  now?: () => number;
}

/** Either go ahead (then report how it went) or wait this many seconds. */
export type LoginAttempt =
  | { allowed: true; succeeded(): void; failed(): void; /** Never checked (the server was too busy): counts for nobody. */ cancelled(): void }
  | { allowed: false; retryAfterSeconds: number; limitedBy: 'username' | 'address' };

/**
 * Counts failed logins per user name and per remote address, and refuses attempts, right
 * password or not, once either has `maxFailures` failures within the sliding window; the
 * answer says when the oldest of them leaves the window. A success clears the user name's
 * count (not the address's: one right password does not excuse guesses at other names).
 *
 * Kept in memory, deliberately: the server is one process, a write per failed guess would let
 * anyone load the database, and a restart (which an attacker cannot cause) only forgets at most
 * one window's count. Attempts refused here are not counted, so the lock ends on time for the
 * real user even while someone keeps trying.
 *
 * An attempt counts as a failure from the moment it begins until it reports success: a burst
 * of parallel guesses cannot all slip in while the (slow) password checks run.
 */
export class LoginLimiter {
  readonly maxFailures: number;
  readonly maxFailuresPerAddress: number;
  readonly windowMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly failures = new Map<string, number[]>();

  constructor(opts: LoginLimiterOptions = {}) {
    this.maxFailures = opts.maxFailures ?? 5;
    this.maxFailuresPerAddress = opts.maxFailuresPerAddress ?? this.maxFailures;
    this.windowMs = opts.windowMs ?? 15 * 60_000;
    this.maxEntries = opts.maxEntries ?? 10_000;
    this.now = opts.now ?? Date.now;
  }

  /** Asks to try a login for `username` from `address`. */
  begin(username: string, address: string): LoginAttempt {
    const now = this.now();
    const userKey = `u:${username.trim().toLowerCase()}`;
    const addrKey = `a:${address}`;
    const byUser = this.waitMs(userKey, this.maxFailures, now);
    const byAddress = this.waitMs(addrKey, this.maxFailuresPerAddress, now);
    if (byUser > 0 || byAddress > 0) {
      return { allowed: false, retryAfterSeconds: Math.ceil(Math.max(byUser, byAddress) / 1000), limitedBy: byUser >= byAddress ? 'username' : 'address' };
    }
    this.push(userKey, now);
    this.push(addrKey, now);
    let settled = false;
    return {
      allowed: true,
      succeeded: () => {
        if (settled) return;
        settled = true;
        this.failures.delete(userKey);
        this.drop(addrKey, now);
      },
      failed: () => {
        settled = true;
      },
      cancelled: () => {
        if (settled) return;
        settled = true;
        this.drop(userKey, now);
        this.drop(addrKey, now);
      },
    };
  }

  /** Seconds until an attempt for this user name from this address would be allowed; 0 when now. */
  retryAfterSeconds(username: string, address: string): number {
    const now = this.now();
    const ms = Math.max(this.waitMs(`u:${username.trim().toLowerCase()}`, this.maxFailures, now), this.waitMs(`a:${address}`, this.maxFailuresPerAddress, now));
    return Math.ceil(ms / 1000);
  }

  /** Forgets a user name's failures (an admin unlocking an account after a password reset). */
  reset(username: string): void {
    this.failures.delete(`u:${username.trim().toLowerCase()}`);
  }

  /** How long until the count under `key` falls below `max`; 0 if it already is. */
  private waitMs(key: string, max: number, now: number): number {
    const list = this.failures.get(key);
    if (!list) return 0;
    const recent = list.filter((t) => t > now - this.windowMs);
    if (recent.length === 0) this.failures.delete(key);
    else if (recent.length !== list.length) this.failures.set(key, recent);
    if (recent.length < max) return 0;
    // The attempt becomes allowed when all but max-1 of the recent failures have aged out.
    const oldestThatMustLeave = recent[recent.length - max] ?? now;
    return Math.max(1, oldestThatMustLeave + this.windowMs - now);
  }

  private push(key: string, at: number): void {
    const list = this.failures.get(key) ?? [];
    list.push(at);
    // Re-inserting moves the key to the end of the Map's order: the first keys are the stalest.
    this.failures.delete(key);
    this.failures.set(key, list);
    while (this.failures.size > this.maxEntries) {
      const stalest = this.failures.keys().next().value;
      if (stalest === undefined) break;
      this.failures.delete(stalest);
    }
  }

  private drop(key: string, at: number): void {
    const list = this.failures.get(key);
    if (!list) return;
    const i = list.lastIndexOf(at);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.failures.delete(key);
  }
}

/**
 * At most `concurrency` password checks at once, the rest waiting in order, and at most
 * `maxWaiting` waiting. A password check is argon2 (tens of milliseconds of a core, by design):
 * a login flood from many addresses, each within its own few failures, would otherwise keep
 * every core hashing and starve the event loop (health, the wall's data). Past the queue the
 * attempt is refused at once, as a limited one.
 */
export class PasswordCheckGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly opts: { concurrency?: number; maxWaiting?: number } = {}) {}

  /** Runs `check` when a slot is free; null (nothing run) when too many are already waiting. */
  async run<T>(check: () => Promise<T>): Promise<T | null> {
    if (this.running >= (this.opts.concurrency ?? 1)) {
      if (this.waiting.length >= (this.opts.maxWaiting ?? 50)) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await check();
    } finally {
      // The slot passes straight to the next waiter (running stays the same), or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
