import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashKey as hashToken } from '../auth/api-keys.js';
import { DEVICE_TOKEN_PREFIX, formatVnTimestamp, type WallDevice, type WallDevicePosition } from '@ioc/protocol';
import type { Db } from '../store/index.js';

/** A device as stored (without `connected`, which only the live sockets know). */
export type StoredDevice = Omit<WallDevice, 'connected'>;

interface DeviceRow {
  id: number;
  name: string;
  wall_id: string;
  display_id: string | null;
  renderer_id: string | null;
  token_hash: string;
  enrolled_by: string;
  enrolled_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
}

/** A new device token: `iow_` and 32 random bytes in base64url. */
export function generateDeviceToken(): string {
  return DEVICE_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

function toDevice(r: DeviceRow): StoredDevice {
  return {
    id: r.id,
    name: r.name,
    wallId: r.wall_id,
    displayId: r.display_id,
    rendererId: r.renderer_id,
    enrolledBy: r.enrolled_by,
    enrolledAt: r.enrolled_at,
    enrolledTime: formatVnTimestamp(r.enrolled_at, true),
    lastSeenAt: r.last_seen_at,
    revokedAt: r.revoked_at,
  };
}

/** The short name of a position: `main/d1`, or `ops-room/renderer:top`. */
export function positionName(p: WallDevicePosition): string {
  return p.displayId !== null ? `${p.wallId}/${p.displayId}` : `${p.wallId}/renderer:${p.rendererId ?? ''}`;
}

/**
 * Device tokens of enrolled wall renderers. As with API keys, only the sha256 of a token is
 * stored and the plaintext exists once, on its way to the renderer; a token is found by its
 * hash and compared in constant time. A revoked token stays as a row (the audit log names it).
 */
export class DeviceTokens {
  constructor(private readonly db: Db) {}

  create(position: WallDevicePosition, opts: { name?: string; by: string; now?: number }): { token: string; device: StoredDevice } {
    if ((position.displayId === null) === (position.rendererId === null)) throw new Error('a device is enrolled at a display or at a renderer, not both');
    const token = generateDeviceToken();
    const now = opts.now ?? Date.now();
    const name = opts.name ?? positionName(position);
    const info = this.db
      .prepare('INSERT INTO wall_devices (name, wall_id, display_id, renderer_id, token_hash, enrolled_by, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(name, position.wallId, position.displayId, position.rendererId, hashToken(token), opts.by, now);
    return { token, device: this.get(Number(info.lastInsertRowid))! };
  }

  /** The active device holding this token, or null (unknown, malformed or revoked). */
  verify(presented: unknown): StoredDevice | null {
    if (typeof presented !== 'string' || !presented.startsWith(DEVICE_TOKEN_PREFIX) || presented.length > 200) return null;
    const hash = hashToken(presented);
    const row = this.db.prepare<[string], DeviceRow>('SELECT * FROM wall_devices WHERE token_hash = ? AND revoked_at IS NULL').get(hash);
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
    return toDevice(row);
  }

  /** A fresh token for an active device (an enrollment code was traded): the old one stops working. */
  rotate(id: number): { token: string; device: StoredDevice } | null {
    const token = generateDeviceToken();
    const r = this.db.prepare('UPDATE wall_devices SET token_hash = ? WHERE id = ? AND revoked_at IS NULL').run(hashToken(token), id);
    return r.changes === 1 ? { token, device: this.get(id)! } : null;
  }

  isActive(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM wall_devices WHERE id = ? AND revoked_at IS NULL').get(id) !== undefined;
  }

  get(id: number): StoredDevice | null {
    const row = this.db.prepare<[number], DeviceRow>('SELECT * FROM wall_devices WHERE id = ?').get(id);
    return row ? toDevice(row) : null;
  }

  seen(id: number, at = Date.now()): void {
    this.db.prepare('UPDATE wall_devices SET last_seen_at = ? WHERE id = ?').run(at, id);
  }

  /** Revokes an active device; returns it, or null when there is no active device of that id. */
  revoke(id: number, at = Date.now()): StoredDevice | null {
    const r = this.db.prepare('UPDATE wall_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id);
    return r.changes === 1 ? this.get(id) : null;
  }

  /** Active devices (and revoked ones with `all`), oldest first. */
  list(opts: { all?: boolean } = {}): StoredDevice[] {
    const sql = `SELECT * FROM wall_devices ${opts.all ? '' : 'WHERE revoked_at IS NULL'} ORDER BY enrolled_at, id`;
    return this.db.prepare<[], DeviceRow>(sql).all().map(toDevice);
  }

  /** Active devices enrolled by `by` (the demo's, replaced at each start). */
  activeBy(by: string): StoredDevice[] {
    return this.db.prepare<[string], DeviceRow>('SELECT * FROM wall_devices WHERE enrolled_by = ? AND revoked_at IS NULL ORDER BY id').all(by).map(toDevice);
  }
}
