import { randomBytes, timingSafeEqual } from 'node:crypto';
import { hashKey as hashToken } from '../auth/api-keys.js';
import { DEVICE_TOKEN_PREFIX, formatVnTimestamp, type WallDevice, type WallDevicePosition } from '@ioc/protocol';
import { placeholders, type Sql } from '../store/sql.js';

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

const LIST_ALL = 'SELECT * FROM wall_devices ORDER BY enrolled_at, id';
const LIST_ACTIVE = 'SELECT * FROM wall_devices WHERE revoked_at IS NULL ORDER BY enrolled_at, id';

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
  constructor(private readonly sql: Sql) {}

  async create(position: WallDevicePosition, opts: { name?: string; by: string; now?: number }): Promise<{ token: string; device: StoredDevice }> {
    if ((position.displayId === null) === (position.rendererId === null)) throw new Error('a device is enrolled at a display or at a renderer, not both');
    const token = generateDeviceToken();
    const now = opts.now ?? Date.now();
    const name = opts.name ?? positionName(position);
    const row = await this.sql.get<DeviceRow>('INSERT INTO wall_devices (name, wall_id, display_id, renderer_id, token_hash, enrolled_by, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *', [
      name,
      position.wallId,
      position.displayId,
      position.rendererId,
      hashToken(token),
      opts.by,
      now,
    ]);
    return { token, device: toDevice(row!) };
  }

  /** The active device holding this token, or null (unknown, malformed or revoked). */
  async verify(presented: unknown): Promise<StoredDevice | null> {
    if (typeof presented !== 'string' || !presented.startsWith(DEVICE_TOKEN_PREFIX) || presented.length > 200) return null;
    const hash = hashToken(presented);
    const row = await this.sql.get<DeviceRow>('SELECT * FROM wall_devices WHERE token_hash = ? AND revoked_at IS NULL', [hash]);
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
    return toDevice(row);
  }

  /** A fresh token for an active device (an enrollment code was traded): the old one stops working. */
  async rotate(id: number, tx: Sql = this.sql): Promise<{ token: string; device: StoredDevice } | null> {
    const token = generateDeviceToken();
    const row = await tx.get<DeviceRow>('UPDATE wall_devices SET token_hash = ? WHERE id = ? AND revoked_at IS NULL RETURNING *', [hashToken(token), id]);
    return row ? { token, device: toDevice(row) } : null;
  }

  async isActive(id: number, tx: Sql = this.sql): Promise<boolean> {
    return (await tx.get('SELECT 1 AS one FROM wall_devices WHERE id = ? AND revoked_at IS NULL', [id])) !== undefined;
  }

  /** Which of these devices are no longer active (revoked or gone), in one query. */
  async inactiveOf(ids: readonly number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.sql.all<{ id: number }>(`SELECT id FROM wall_devices WHERE revoked_at IS NULL AND id IN (${placeholders(ids.length)})`, ids);
    const active = new Set(rows.map((r) => r.id));
    return new Set(ids.filter((id) => !active.has(id)));
  }

  async get(id: number): Promise<StoredDevice | null> {
    const row = await this.sql.get<DeviceRow>('SELECT * FROM wall_devices WHERE id = ?', [id]);
    return row ? toDevice(row) : null;
  }

  async seen(id: number, at = Date.now()): Promise<void> {
    await this.sql.run('UPDATE wall_devices SET last_seen_at = ? WHERE id = ?', [at, id]);
  }

  /** Revokes an active device; returns it, or null when there is no active device of that id. */
  async revoke(id: number, at = Date.now()): Promise<StoredDevice | null> {
    const row = await this.sql.get<DeviceRow>('UPDATE wall_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING *', [at, id]);
    return row ? toDevice(row) : null;
  }

  /** Active devices (and revoked ones with `all`), oldest first. */
  async list(opts: { all?: boolean } = {}): Promise<StoredDevice[]> {
    return (await this.sql.all<DeviceRow>(opts.all ? LIST_ALL : LIST_ACTIVE)).map(toDevice);
  }

  /** Active devices enrolled by `by` (the demo's, replaced at each start). */
  async activeBy(by: string): Promise<StoredDevice[]> {
    return (await this.sql.all<DeviceRow>('SELECT * FROM wall_devices WHERE enrolled_by = ? AND revoked_at IS NULL ORDER BY id', [by])).map(toDevice);
  }
}
