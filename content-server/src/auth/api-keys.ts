import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../store/sql.js';

/** `reader`: reads data over HTTP (dashboards, scripts), and nothing else. */
export type Role = 'ingest' | 'reader' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['ingest', 'reader', 'operator', 'admin'];

/** What a request may do, by role: admin may do what the others may. */
export type Permission = 'ingest' | 'command';
const GRANTS: Record<Role, readonly Permission[]> = {
  ingest: ['ingest'],
  reader: [],
  operator: ['command'],
  admin: ['ingest', 'command'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/** A key as the server knows it; never holds the plaintext. */
export interface ApiKey {
  id: number;
  name: string;
  role: Role;
  synthetic: boolean;
  /** The unit (e.g. `01`) whose observations alone this key may submit; null: any unit. */
  unit: string | null;
  createdAt: number;
  revokedAt: number | null;
}

interface KeyRow {
  id: number;
  name: string;
  role: Role;
  synthetic: number;
  unit: string | null;
  key_hash: string;
  created_at: number;
  revoked_at: number | null;
}

const KEY_PREFIX = 'ioc_';

export function hashKey(plaintext: string): string {
  return createHash('sha256').update(plaintext, 'utf8').digest('hex');
}

/** A new key: `ioc_` and 32 random bytes in base64url. */
export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

function toKey(r: KeyRow): ApiKey {
  return { id: r.id, name: r.name, role: r.role, synthetic: r.synthetic === 1, unit: r.unit ?? null, createdAt: r.created_at, revokedAt: r.revoked_at };
}

/**
 * API keys. Only the sha256 of a key is stored: the plaintext is shown once at creation. A
 * key is found by its hash (the index does the lookup) and the hashes are then compared in
 * constant time, so that timing reveals nothing about stored keys.
 */
export class ApiKeys {
  /** `onRevoke`: called after a key was revoked here, so that its open sockets are cut at once. */
  constructor(
    private readonly sql: Sql,
    private readonly opts: { onRevoke?: () => void } = {},
  ) {}

  async create(name: string, role: Role, opts: { synthetic?: boolean; unit?: string | null } = {}): Promise<{ key: string; record: ApiKey }> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(name)) {
      throw new Error(`invalid key name "${name}": use letters, digits, ".", "_" and "-" (at most 64)`);
    }
    if (!ROLES.includes(role)) throw new Error(`invalid role "${role}": expected one of ${ROLES.join(', ')}`);
    if (await this.findActive(name)) throw new Error(`an active key named "${name}" exists; revoke it first`);
    const unit = opts.unit ?? null;
    if (unit !== null && !/^[A-Za-z0-9_-]{1,16}$/.test(unit)) throw new Error(`invalid unit "${unit}": expected a unit code such as 01 or VN`);
    const key = generateKey();
    const createdAt = Date.now();
    const row = await this.sql.get<{ id: number }>('INSERT INTO api_keys (name, role, synthetic, unit, key_hash, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id', [
      name,
      role,
      opts.synthetic ? 1 : 0,
      unit,
      hashKey(key),
      createdAt,
    ]);
    return { key, record: { id: row!.id, name, role, synthetic: !!opts.synthetic, unit, createdAt, revokedAt: null } };
  }

  /** The active key matching a presented secret, or null (unknown, malformed or revoked). */
  async verify(presented: string | undefined | null): Promise<ApiKey | null> {
    if (!presented || !presented.startsWith(KEY_PREFIX) || presented.length > 200) return null;
    const hash = hashKey(presented);
    const row = await this.sql.get<KeyRow>('SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL', [hash]);
    if (!row) return null;
    if (!timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
    return toKey(row);
  }

  /** True while the key with this id exists and is not revoked. */
  async isActive(id: number): Promise<boolean> {
    return (await this.sql.get('SELECT 1 AS one FROM api_keys WHERE id = ? AND revoked_at IS NULL', [id])) !== undefined;
  }

  async findActive(name: string): Promise<ApiKey | null> {
    const row = await this.sql.get<KeyRow>('SELECT * FROM api_keys WHERE name = ? AND revoked_at IS NULL', [name]);
    return row ? toKey(row) : null;
  }

  /** Revokes the active key of that name; returns it, or null when there is none. */
  async revoke(name: string): Promise<ApiKey | null> {
    const key = await this.findActive(name);
    if (!key) return null;
    const revokedAt = Date.now();
    // Conditional: of two servers revoking the same key at once, one revokes it, the other finds none.
    const { changes } = await this.sql.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [revokedAt, key.id]);
    if (changes === 0) return null;
    this.opts.onRevoke?.();
    return { ...key, revokedAt };
  }

  async list(): Promise<ApiKey[]> {
    return (await this.sql.all<KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id')).map(toKey);
  }
}
