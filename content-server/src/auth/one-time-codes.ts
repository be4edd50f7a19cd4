import { randomBytes } from 'node:crypto';
import type { Sql } from '../store/sql.js';
import { hashKey } from './api-keys.js';

/** What a code stands for: a sign-in waiting at the provider, or the hand-over its callback gives the console. */
export type OneTimeKind = 'oidc.state' | 'oidc.handoff';

/** Codes of one kind alive at once, over all servers; beyond this `put` is refused. */
export const MAX_CODES_PER_KIND = 10_000;
/** Expired rows deleted by one `put`: enough to keep up, never a long statement. */
const SWEEP_BATCH = 100;
/** Longer than any key `put` gives: a longer one is refused without a query. */
const MAX_KEY_LENGTH = 128;

/** `put` found MAX_CODES_PER_KIND live codes of its kind. */
export class OneTimeCodesFull extends Error {
  override readonly name = 'OneTimeCodesFull';
  constructor(readonly kind: OneTimeKind) {
    super(`too many ${kind} codes alive at once`);
  }
}

/**
 * Short-lived, single-use codes in the store, so that the server which takes a code need not be
 * the one that gave it (several servers on one PostgreSQL). The key (32 random bytes, base64url)
 * is given out once; only its sha256 is stored, so a copy of the database redeems nothing.
 * `take` deletes the row in the statement that reads it: of servers racing for one key, one gets
 * the value. Each `put` sweeps expired rows of its kind and refuses past the cap, so anonymous
 * callers (anyone may start a sign-in) cannot fill the disk.
 */
export class OneTimeCodes {
  private readonly now: () => number;
  private readonly max: number;

  constructor(
    private readonly sql: Sql,
    opts: { now?: () => number; maxPerKind?: number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.max = opts.maxPerKind ?? MAX_CODES_PER_KIND;
  }

  /** Keeps `value` (as JSON) for `ttlMs`; the new key, or OneTimeCodesFull. */
  async put(kind: OneTimeKind, value: unknown, ttlMs: number): Promise<string> {
    const now = this.now();
    await this.sql.run('DELETE FROM one_time_codes WHERE key_hash IN (SELECT key_hash FROM one_time_codes WHERE kind = ? AND expires_at <= ? LIMIT ?)', [kind, now, SWEEP_BATCH]);
    // Counted before the insert, not with it: servers putting at the same moment may pass the cap by a few, which is no flood.
    const live = await this.sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM one_time_codes WHERE kind = ? AND expires_at > ?', [kind, now]);
    if ((live?.n ?? 0) >= this.max) throw new OneTimeCodesFull(kind);
    const key = randomBytes(32).toString('base64url');
    await this.sql.run('INSERT INTO one_time_codes (key_hash, kind, value, expires_at) VALUES (?, ?, ?, ?)', [hashKey(key), kind, JSON.stringify(value), now + ttlMs]);
    return key;
  }

  /** The value of a live key of this kind, once; null for an unknown, expired, used or other kind's key. */
  async take<T>(kind: OneTimeKind, key: string): Promise<T | null> {
    if (!key || key.length > MAX_KEY_LENGTH) return null;
    const row = await this.sql.get<{ value: string }>('DELETE FROM one_time_codes WHERE key_hash = ? AND kind = ? AND expires_at > ? RETURNING value', [hashKey(key), kind, this.now()]);
    return row ? (JSON.parse(row.value) as T) : null;
  }
}
