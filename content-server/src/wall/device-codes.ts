import { randomBytes } from 'node:crypto';
import { DEVICE_CODE_PREFIX, DEVICE_CODE_TTL_MS } from '@ioc/protocol';
import { hashKey as hash } from '../auth/api-keys.js';
import type { Db } from '../store/index.js';
import type { DeviceTokens, StoredDevice } from './device-tokens.js';

/**
 * Enrollment codes: what a wall page's address carries instead of a device token. A code is
 * valid for minutes and traded once (`exchange`) for a fresh token of its device, which the
 * page keeps in its storage; the token it replaces stops working. Only hashes are stored, so
 * the database holds no usable code either.
 */
export class DeviceCodes {
  constructor(
    private readonly db: Db,
    private readonly tokens: DeviceTokens,
  ) {}

  /** A new code for an active device, valid `ttlMs`. */
  issue(deviceId: number, opts: { now?: number; ttlMs?: number } = {}): string {
    const now = opts.now ?? Date.now();
    const code = DEVICE_CODE_PREFIX + randomBytes(18).toString('base64url');
    this.db
      .prepare('INSERT INTO wall_device_codes (code_hash, device_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(hash(code), deviceId, now, now + (opts.ttlMs ?? DEVICE_CODE_TTL_MS));
    return code;
  }

  /**
   * The token for a code that is known, unused, not expired and of an active device; null
   * otherwise (the same answer for each, so a guess learns nothing). Marks the code used.
   */
  exchange(code: string, now = Date.now()): { token: string; device: StoredDevice } | null {
    if (!code.startsWith(DEVICE_CODE_PREFIX) || code.length > 64) return null;
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[string, number], { device_id: number }>('SELECT device_id FROM wall_device_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?')
        .get(hash(code), now);
      if (!row || !this.tokens.isActive(row.device_id)) return null;
      this.db.prepare('UPDATE wall_device_codes SET used_at = ? WHERE code_hash = ?').run(now, hash(code));
      return this.tokens.rotate(row.device_id);
    })();
  }

  /** Forgets codes that can no longer be used. */
  prune(now = Date.now()): void {
    this.db.prepare('DELETE FROM wall_device_codes WHERE expires_at <= ? OR used_at IS NOT NULL').run(now);
  }
}
