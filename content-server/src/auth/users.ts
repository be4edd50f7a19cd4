import { USER_ROLES, UsernameSchema, type UserRole } from '@ioc/protocol';
import type { Sql } from '../store/sql.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';

/**
 * Where a user's identity comes from: `local` (a password kept here), or an external provider
 * id, `oidc` or `oidc:<name>` when several are configured, whose `subject` names the user.
 */
export type UserProvider = 'local' | 'oidc' | `oidc:${string}`;

/** A user as the server knows it; the password hash never leaves this module. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  role: UserRole;
  provider: UserProvider;
  /** The provider's stable id of the person (OIDC `sub`); null for local users. */
  subject: string | null;
  hasPassword: boolean;
  createdAt: number;
  disabledAt: number | null;
  /** The reporting unit this user submits observations for (its own only); null: none. */
  unit: string | null;
}

/** What an external provider vouches for; the role is decided by the caller's claim mapping. */
export interface ExternalClaims {
  username: string;
  displayName?: string;
  role: UserRole;
}

/** A refused change (unknown user, name taken, wrong kind of user); the message says why. */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/** A row of `users` (for sessions.ts, which reads the user with the session). */
export interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: UserRole;
  provider: UserProvider;
  subject: string | null;
  password_hash: string | null;
  created_at: number;
  disabled_at: number | null;
  unit: string | null;
}

const PROVIDER = /^oidc(:[a-z0-9._-]{1,32})?$/;

export function toUser(r: UserRow): User {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    provider: r.provider,
    subject: r.subject,
    hasPassword: r.password_hash !== null,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
    unit: r.unit ?? null,
  };
}

/** The canonical (lower-case) form of a user name; throws UserError when it is not one. */
export function normalizeUsername(username: string): string {
  const r = UsernameSchema.safeParse(username);
  if (!r.success) throw new UserError(`invalid user name "${username}": use 1-64 letters, digits, ".", "_" and "-"`);
  return r.data;
}

export function parseUserRole(role: string): UserRole {
  if (!USER_ROLES.includes(role as UserRole)) throw new UserError(`invalid role "${role}": expected one of ${USER_ROLES.join(', ')}`);
  return role as UserRole;
}

function displayNameOf(name: string | undefined, username: string): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length > 128) throw new UserError('a display name may have at most 128 characters');
  return trimmed || username;
}

/**
 * The people who may sign in. Local users have an argon2id password (passwords.ts); users of
 * an external single sign-on come in through `upsertExternal` and never have one. A user who
 * leaves is normally disabled, so that the audit log's `user:<name>` keeps meaning one person;
 * `remove` is for an administrator who means it, and the audit records when.
 */
export class Users {
  /** `onChange`: called after a user was disabled or given another role here (open sockets are re-checked). */
  constructor(
    private readonly sql: Sql,
    private readonly opts: { onChange?: () => void } = {},
  ) {}

  /** Creates a local user; with a password it must meet the policy (PasswordPolicyError otherwise). */
  /** `unit` must be a code of the catalog: the caller checks it (this module has no catalog). */
  async create(input: { username: string; role: UserRole; displayName?: string; password?: string; unit?: string | null }): Promise<User> {
    const username = normalizeUsername(input.username);
    const role = parseUserRole(input.role);
    const displayName = displayNameOf(input.displayName, username);
    if (await this.find(username)) throw new UserError(`a user named "${username}" exists`);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    // The name may have been taken meanwhile (the hash is slow; another server): one statement decides.
    const row = await this.sql.get<UserRow>(
      "INSERT INTO users (username, display_name, role, provider, password_hash, created_at, unit) VALUES (?, ?, ?, 'local', ?, ?, ?) ON CONFLICT (username) DO NOTHING RETURNING *",
      [username, displayName, role, passwordHash, Date.now(), input.unit ?? null],
    );
    if (!row) throw new UserError(`a user named "${username}" exists`);
    return toUser(row);
  }

  /** A user by name (any case), or null. */
  async find(username: string, tx: Sql = this.sql): Promise<User | null> {
    const row = await this.row(username, tx);
    return row ? toUser(row) : null;
  }

  async findById(id: number, tx: Sql = this.sql): Promise<User | null> {
    const row = await tx.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    return row ? toUser(row) : null;
  }

  async list(tx: Sql = this.sql): Promise<User[]> {
    return (await tx.all<UserRow>('SELECT * FROM users ORDER BY username')).map(toUser);
  }

  /**
   * The user when the name and password match an enabled local user, else null. Unknown
   * names, disabled users and users without a password cost one argon2 verification all the
   * same (verifyPassword), so timing does not tell them apart. A hash made with older
   * settings is replaced by one with today's.
   */
  async verifyLogin(username: string, password: string): Promise<{ user: User | null; reason: 'ok' | 'unknown-user' | 'wrong-password' | 'no-password' | 'disabled' }> {
    const parsed = UsernameSchema.safeParse(username);
    const row = parsed.success ? await this.row(parsed.data) : undefined;
    const ok = await verifyPassword(row?.password_hash, password);
    if (!row) return { user: null, reason: 'unknown-user' };
    if (row.password_hash === null) return { user: null, reason: 'no-password' };
    if (!ok) return { user: null, reason: 'wrong-password' };
    if (row.disabled_at !== null) return { user: null, reason: 'disabled' };
    if (needsRehash(row.password_hash)) {
      const rehashed = await hashPassword(password).catch(() => row.password_hash);
      // Only over the hash just verified: a password set meanwhile (another server) is kept.
      await this.sql.run('UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?', [rehashed, row.id, row.password_hash]);
    }
    return { user: toUser(row), reason: 'ok' };
  }

  /** Sets a local user's password (policy enforced). */
  async setPassword(username: string, password: string): Promise<User> {
    const user = await this.mustFind(username);
    if (user.provider !== 'local') throw new UserError(`"${user.username}" signs in through ${user.provider}; it has no password here`);
    const passwordHash = await hashPassword(password);
    await this.sql.run('UPDATE users SET password_hash = ? WHERE id = ?', [passwordHash, user.id]);
    return this.mustFindById(user.id);
  }

  async setRole(username: string, role: UserRole, tx: Sql = this.sql): Promise<User> {
    const user = await this.mustFind(username, tx);
    await tx.run('UPDATE users SET role = ? WHERE id = ?', [parseUserRole(role), user.id]);
    if (user.role !== role) this.opts.onChange?.();
    return this.mustFindById(user.id, tx);
  }

  /** Disables a user: verify() of their sessions fails from now on (Sessions.revokeAllFor also ends them). */
  async disable(username: string, tx: Sql = this.sql): Promise<User> {
    const user = await this.mustFind(username, tx);
    await tx.run('UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?', [Date.now(), user.id]);
    this.opts.onChange?.();
    return this.mustFindById(user.id, tx);
  }

  async enable(username: string, tx: Sql = this.sql): Promise<User> {
    const user = await this.mustFind(username, tx);
    await tx.run('UPDATE users SET disabled_at = NULL WHERE id = ?', [user.id]);
    return this.mustFindById(user.id, tx);
  }

  /** Binds the user to a reporting unit (a code the caller checked against the catalog), or unbinds with null. */
  async setUnit(username: string, unit: string | null, tx: Sql = this.sql): Promise<User> {
    const user = await this.mustFind(username, tx);
    await tx.run('UPDATE users SET unit = ? WHERE id = ?', [unit, user.id]);
    return this.mustFindById(user.id, tx);
  }

  async setDisplayName(username: string, displayName: string, tx: Sql = this.sql): Promise<User> {
    const user = await this.mustFind(username, tx);
    await tx.run('UPDATE users SET display_name = ? WHERE id = ?', [displayNameOf(displayName, user.username), user.id]);
    return this.mustFindById(user.id, tx);
  }

  /**
   * Deletes a user and their sessions (an administrator's explicit choice; disabling is the
   * usual way out). The audit log keeps the name: its `user.delete` line says from when
   * `user:<name>` stopped meaning this person.
   */
  async remove(username: string, tx: Sql = this.sql): Promise<User> {
    const user = await this.mustFind(username, tx);
    await tx.begin(async (t) => {
      await t.run('DELETE FROM sessions WHERE user_id = ?', [user.id]);
      await t.run('DELETE FROM users WHERE id = ?', [user.id]);
    });
    this.opts.onChange?.();
    return user;
  }

  /**
   * The single entry point for single sign-on: after an OIDC callback has checked the ID token,
   * it calls this with the issuer's provider id, the token's `sub`, and the claims mapped to a
   * user name, display name and role. The first sign-in creates the user; later ones update
   * display name and role (the provider is the source of truth for them) but keep the user name,
   * which the audit log refers to. A user disabled here stays disabled: the caller must check
   * `disabledAt` before creating a session. A user name already used by another account is
   * refused rather than merged, so that an external login can never take over a local account.
   */
  async upsertExternal(provider: string, subject: string, claims: ExternalClaims): Promise<User> {
    if (!PROVIDER.test(provider)) throw new UserError(`invalid provider "${provider}": expected "oidc" or "oidc:<name>"`);
    if (subject.length === 0 || subject.length > 255) throw new UserError('invalid subject: expected 1-255 characters');
    const role = parseUserRole(claims.role);
    let moved = false;
    const user = await this.sql.begin(async (tx): Promise<User> => {
      const existing = await tx.get<UserRow>(`SELECT * FROM users WHERE provider = ? AND subject = ?${forUpdate(tx)}`, [provider, subject]);
      if (existing) {
        const displayName = displayNameOf(claims.displayName, existing.username);
        await tx.run('UPDATE users SET display_name = ?, role = ? WHERE id = ?', [displayName, role, existing.id]);
        moved = existing.role !== role;
        return this.mustFindById(existing.id, tx);
      }
      const username = normalizeUsername(claims.username);
      const clash = await this.row(username, tx);
      if (clash) throw new UserError(`user name "${username}" belongs to another account (${clash.provider}); map this ${provider} user to another name`);
      // Two first sign-ins at once (two servers): the second insert finds the name taken and is refused like a clash.
      const row = await tx.get<UserRow>(
        'INSERT INTO users (username, display_name, role, provider, subject, password_hash, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (username) DO NOTHING RETURNING *',
        [username, displayNameOf(claims.displayName, username), role, provider, subject, Date.now()],
      );
      if (!row) throw new UserError(`user name "${username}" belongs to another account; map this ${provider} user to another name`);
      return toUser(row);
    });
    // The provider's groups moved this user to another role: open consoles follow (after the commit).
    if (moved) this.opts.onChange?.();
    return user;
  }

  private row(username: string, tx: Sql = this.sql): Promise<UserRow | undefined> {
    return tx.get<UserRow>('SELECT * FROM users WHERE username = ?', [username.trim().toLowerCase()]);
  }

  private async mustFind(username: string, tx: Sql = this.sql): Promise<User> {
    const user = await this.find(username, tx);
    if (!user) throw new UserError(`no user named "${username.trim().toLowerCase()}"`);
    return user;
  }

  private async mustFindById(id: number, tx: Sql = this.sql): Promise<User> {
    const user = await this.findById(id, tx);
    if (!user) throw new Error(`user ${id} vanished`);
    return user;
  }
}

/** ` FOR UPDATE` on PostgreSQL (rows read to be written, locked against other servers); SQLite's BEGIN IMMEDIATE already serializes writers. */
export function forUpdate(sql: Sql): string {
  return sql.engine === 'postgres' ? ' FOR UPDATE' : '';
}
