import { randomBytes } from 'node:crypto';
import { DEVICE_CODE_PREFIX, DEVICE_CODE_TTL_MS } from '@ioc/protocol';
import { hashKey as hash } from '../auth/api-keys.js';
import type { Sql } from '../store/sql.js';
import type { DeviceTokens, StoredDevice } from './device-tokens.js';

const CLAIM = 'UPDATE wall_device_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING device_id';
/** Thrown inside the trade to roll the claim back: a code of a revoked device stays as it was. */
const NOT_ACTIVE = new Error('device not active');

/**
 * Enrollment codes: what a wall page's address carries instead of a device token. A code is
 * valid for minutes and traded once (`exchange`) for a fresh token of its device, which the
 * page keeps in its storage; the token it replaces stops working. Only hashes are stored, so
 * the database holds no usable code either.
 */
export class DeviceCodes {
  constructor(
    private readonly sql: Sql,
    private readonly tokens: DeviceTokens,
  ) {}

  /** A new code for an active device, valid `ttlMs`. */
  async issue(deviceId: number, opts: { now?: number; ttlMs?: number } = {}): Promise<string> {
    const now = opts.now ?? Date.now();
    const code = DEVICE_CODE_PREFIX + randomBytes(18).toString('base64url');
    await this.sql.run('INSERT INTO wall_device_codes (code_hash, device_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [hash(code), deviceId, now, now + (opts.ttlMs ?? DEVICE_CODE_TTL_MS)]);
    return code;
  }

  /**
   * The token for a code that is known, unused, not expired and of an active device; null
   * otherwise (the same answer for each, so a guess learns nothing). Marks the code used.
   * The claim is one conditional UPDATE: of two servers trading the same code at the same
   * moment, one row update wins and the other finds the code used.
   */
  async exchange(code: string, now = Date.now()): Promise<{ token: string; device: StoredDevice } | null> {
    if (!code.startsWith(DEVICE_CODE_PREFIX) || code.length > 64) return null;
    return this.sql.begin(async (tx) => {
      const claimed = await tx.get<{ device_id: number }>(CLAIM, [now, hash(code), now]);
      if (!claimed) return null;
      // rotate() answers null for a revoked device; the code is spent all the same (rolled back below).
      const traded = await this.tokens.rotate(claimed.device_id, tx);
      if (!traded) throw NOT_ACTIVE;
      return traded;
    }).catch((err: unknown) => {
      if (err === NOT_ACTIVE) return null;
      throw err;
    });
  }

  /** Forgets codes that can no longer be used. */
  async prune(now = Date.now()): Promise<void> {
    await this.sql.run('DELETE FROM wall_device_codes WHERE expires_at <= ? OR used_at IS NOT NULL', [now]);
  }
}
