import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Sql } from '../store/sql.js';
import { hashKey } from './api-keys.js';
import { groupRoleSql, higherRole } from './groups.js';
import { toUser, type User, type UserRow } from './users.js';

/** Session tokens start with this, API keys with `ioc_`: one look tells them apart. */
export const SESSION_TOKEN_PREFIX = 'ios_';

export interface SessionOptions {
  /** Longest a session lives, however busy (default 12 h: one control-room shift and a margin). */
  absoluteMs?: number;
  /** A session unused this long ends (default 2 h: a console left alone at the end of a shift). */
  idleMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
  /** Called after a session was revoked here, so that its open sockets are cut at once. */
  onRevoke?: () => void;
}

export interface Session {
  id: number;
  userId: number;
  createdAt: number;
  /** The absolute end. */
  absoluteExpiresAt: number;
  lastSeenAt: number;
  /** When the session ends if unused from now on: the sooner of idle and absolute end. */
  expiresAt: number;
  revokedAt: number | null;
  address: string | null;
  userAgent: string | null;
}

export interface SessionMeta {
  address?: string | null;
  userAgent?: string | null;
}

interface SessionRow {
  id: number;
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
  revoked_at: number | null;
  address: string | null;
  user_agent: string | null;
}

// Sliding last_seen_at costs a write; one per this many ms per session is precise enough for
// an idle timeout counted in hours, and keeps busy consoles from writing on every request.
const TOUCH_EVERY_MS = 15_000;

// The user and the highest role their enabled groups grant, in one query (auth/groups.ts).
const USER_WITH_GRANT = `SELECT u.*, ${groupRoleSql('u.id')} AS group_role FROM users u WHERE u.id = ?`;

/**
 * Login sessions. The token (`ios_` + 32 random bytes, base64url) is given to the client once;
 * only its SHA-256 is stored, so a copy of the database opens no session. A session ends at
 * its absolute lifetime, after the idle timeout without use, when revoked (logout, or all of a
 * user's at once) or as soon as its user is disabled.
 */
export class Sessions {
  readonly absoluteMs: number;
  readonly idleMs: number;
  private readonly now: () => number;
  private readonly onRevoke: () => void;

  constructor(
    private readonly sql: Sql,
    opts: SessionOptions = {},
  ) {
    this.absoluteMs = opts.absoluteMs ?? 12 * 3_600_000;
    this.idleMs = opts.idleMs ?? 2 * 3_600_000;
    this.now = opts.now ?? Date.now;
    this.onRevoke = opts.onRevoke ?? (() => {});
  }

  async create(userId: number, meta: SessionMeta = {}): Promise<{ token: string; expiresAt: number; session: Session }> {
    const token = SESSION_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const now = this.now();
    const row = await this.sql.get<SessionRow>('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, last_seen_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *', [
      hashKey(token),
      userId,
      now,
      now + this.absoluteMs,
      now,
      clip(meta.address, 64),
      clip(meta.userAgent, 512),
    ]);
    if (!row) throw new Error('session vanished');
    const session = this.toSession(row);
    return { token, expiresAt: session.expiresAt, session };
  }

  /**
   * The live session of a token and its user, or null when the token is unknown, malformed,
   * revoked, past its absolute end or idle timeout, or its user is disabled. A hit moves the
   * idle timeout forward, unless `touch: false` (a check of an open socket is no use).
   */
  async verify(token: string | null | undefined, opts: { touch?: boolean } = {}): Promise<{ session: Session; user: User } | null> {
    if (!token || !token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 200) return null;
    const hash = hashKey(token);
    const row = await this.sql.get<SessionRow>('SELECT * FROM sessions WHERE token_hash = ?', [hash]);
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(hash, 'hex'))) return null;
    const userRow = await this.userRow(row.user_id);
    const now = this.now();
    if (!userRow || row.revoked_at !== null || userRow.disabled_at !== null || !this.alive(row, now)) return null;
    if (opts.touch !== false && now - row.last_seen_at >= TOUCH_EVERY_MS) {
      // Never moved back: another server may have touched it later meanwhile.
      await this.sql.run('UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?', [now, row.id, now]);
      row.last_seen_at = now;
    }
    return { session: this.toSession(row), user: withGrants(userRow) };
  }

  /** A user with their groups' grants: the role a session of theirs acts with (null: no such user). */
  async effectiveUser(userId: number): Promise<User | null> {
    const row = await this.userRow(userId);
    return row ? withGrants(row) : null;
  }

  private userRow(userId: number): Promise<(UserRow & { group_role: UserRow['role'] | null }) | undefined> {
    return this.sql.get<UserRow & { group_role: UserRow['role'] | null }>(USER_WITH_GRANT, [userId]);
  }

  /** Ends the session of this token; false when there was no live one. */
  async revoke(token: string | null | undefined): Promise<boolean> {
    if (!token || !token.startsWith(SESSION_TOKEN_PREFIX) || token.length > 200) return false;
    const revoked = (await this.sql.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [this.now(), hashKey(token)])).changes > 0;
    if (revoked) this.onRevoke();
    return revoked;
  }

  /** Ends every session of a user (disabled, password changed, or "sign out everywhere"); returns how many. */
  async revokeAllFor(userId: number, tx: Sql = this.sql): Promise<number> {
    const n = (await tx.run('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL', [this.now(), userId])).changes;
    if (n > 0) this.onRevoke();
    return n;
  }

  /** A user's sessions that are still live, newest first (for an admin view). */
  async listActive(userId: number, tx: Sql = this.sql): Promise<Session[]> {
    const now = this.now();
    return (await tx.all<SessionRow>('SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC', [userId]))
      .filter((r) => this.alive(r, now))
      .map((r) => this.toSession(r));
  }

  /** Deletes sessions that ended more than `olderThanMs` ago; returns how many. */
  async prune(olderThanMs = 30 * 86_400_000): Promise<number> {
    const before = this.now() - olderThanMs;
    const { changes } = await this.sql.run('DELETE FROM sessions WHERE (revoked_at IS NOT NULL AND revoked_at < ?) OR expires_at < ? OR last_seen_at + ? < ?', [before, before, this.idleMs, before]);
    return changes;
  }

  private alive(row: SessionRow, now: number): boolean {
    return now < row.expires_at && now < row.last_seen_at + this.idleMs;
  }

  private toSession(r: SessionRow): Session {
    return {
      id: r.id,
      userId: r.user_id,
      createdAt: r.created_at,
      absoluteExpiresAt: r.expires_at,
      lastSeenAt: r.last_seen_at,
      expiresAt: Math.min(r.expires_at, r.last_seen_at + this.idleMs),
      revokedAt: r.revoked_at,
      address: r.address,
      userAgent: r.user_agent,
    };
  }
}

/** A user whose role is the highest of their own and their enabled groups' grants. */
function withGrants(row: UserRow & { group_role: UserRow['role'] | null }): User {
  return { ...toUser(row), role: higherRole(row.role, row.group_role) };
}

function clip(value: string | null | undefined, max: number): string | null {
  return value ? value.slice(0, max) : null;
}
