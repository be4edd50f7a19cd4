import { USER_ROLES, UsernameSchema, type UserRole } from '@ioc/protocol';
import type { Db } from '../store/index.js';
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
    private readonly db: Db,
    private readonly opts: { onChange?: () => void } = {},
  ) {}

  /** Creates a local user; with a password it must meet the policy (PasswordPolicyError otherwise). */
  /** `unit` must be a code of the catalog: the caller checks it (this module has no catalog). */
  async create(input: { username: string; role: UserRole; displayName?: string; password?: string; unit?: string | null }): Promise<User> {
    const username = normalizeUsername(input.username);
    const role = parseUserRole(input.role);
    const displayName = displayNameOf(input.displayName, username);
    if (this.find(username)) throw new UserError(`a user named "${username}" exists`);
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    // Checked again after the (slow) hash: another process may have taken the name meanwhile.
    if (this.find(username)) throw new UserError(`a user named "${username}" exists`);
    const info = this.db
      .prepare("INSERT INTO users (username, display_name, role, provider, password_hash, created_at, unit) VALUES (?, ?, ?, 'local', ?, ?, ?)")
      .run(username, displayName, role, passwordHash, Date.now(), input.unit ?? null);
    return this.mustFindById(Number(info.lastInsertRowid));
  }

  /** A user by name (any case), or null. */
  find(username: string): User | null {
    const row = this.row(username);
    return row ? toUser(row) : null;
  }

  findById(id: number): User | null {
    const row = this.db.prepare<[number], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : null;
  }

  list(): User[] {
    return this.db.prepare<[], UserRow>('SELECT * FROM users ORDER BY username').all().map(toUser);
  }

  /**
   * The user when the name and password match an enabled local user, else null. Unknown
   * names, disabled users and users without a password cost one argon2 verification all the
   * same (verifyPassword), so timing does not tell them apart. A hash made with older
   * settings is replaced by one with today's.
   */
  async verifyLogin(username: string, password: string): Promise<{ user: User | null; reason: 'ok' | 'unknown-user' | 'wrong-password' | 'no-password' | 'disabled' }> {
    const parsed = UsernameSchema.safeParse(username);
    const row = parsed.success ? this.row(parsed.data) : undefined;
    const ok = await verifyPassword(row?.password_hash, password);
    if (!row) return { user: null, reason: 'unknown-user' };
    if (row.password_hash === null) return { user: null, reason: 'no-password' };
    if (!ok) return { user: null, reason: 'wrong-password' };
    if (row.disabled_at !== null) return { user: null, reason: 'disabled' };
    if (needsRehash(row.password_hash)) {
      this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(await hashPassword(password).catch(() => row.password_hash), row.id);
    }
    return { user: toUser(row), reason: 'ok' };
  }

  /** Sets a local user's password (policy enforced). */
  async setPassword(username: string, password: string): Promise<User> {
    const user = this.mustFind(username);
    if (user.provider !== 'local') throw new UserError(`"${user.username}" signs in through ${user.provider}; it has no password here`);
    const passwordHash = await hashPassword(password);
    this.db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, user.id);
    return this.mustFindById(user.id);
  }

  setRole(username: string, role: UserRole): User {
    const user = this.mustFind(username);
    this.db.prepare('UPDATE users SET role = ? WHERE id = ?').run(parseUserRole(role), user.id);
    if (user.role !== role) this.opts.onChange?.();
    return this.mustFindById(user.id);
  }

  /** Disables a user: verify() of their sessions fails from now on (Sessions.revokeAllFor also ends them). */
  disable(username: string): User {
    const user = this.mustFind(username);
    this.db.prepare('UPDATE users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?').run(Date.now(), user.id);
    this.opts.onChange?.();
    return this.mustFindById(user.id);
  }

  enable(username: string): User {
    const user = this.mustFind(username);
    this.db.prepare('UPDATE users SET disabled_at = NULL WHERE id = ?').run(user.id);
    return this.mustFindById(user.id);
  }

  /** Binds the user to a reporting unit (a code the caller checked against the catalog), or unbinds with null. */
  setUnit(username: string, unit: string | null): User {
    const user = this.mustFind(username);
    this.db.prepare('UPDATE users SET unit = ? WHERE id = ?').run(unit, user.id);
    return this.mustFindById(user.id);
  }

  setDisplayName(username: string, displayName: string): User {
    const user = this.mustFind(username);
    this.db.prepare('UPDATE users SET display_name = ? WHERE id = ?').run(displayNameOf(displayName, user.username), user.id);
    return this.mustFindById(user.id);
  }

  /**
   * Deletes a user and their sessions (an administrator's explicit choice; disabling is the
   * usual way out). The audit log keeps the name: its `user.delete` line says from when
   * `user:<name>` stopped meaning this person.
   */
  remove(username: string): User {
    const user = this.mustFind(username);
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(user.id);
      this.db.prepare('DELETE FROM users WHERE id = ?').run(user.id);
    }).immediate();
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
  upsertExternal(provider: string, subject: string, claims: ExternalClaims): User {
    if (!PROVIDER.test(provider)) throw new UserError(`invalid provider "${provider}": expected "oidc" or "oidc:<name>"`);
    if (subject.length === 0 || subject.length > 255) throw new UserError('invalid subject: expected 1-255 characters');
    const role = parseUserRole(claims.role);
    return this.db.transaction((): User => {
      const existing = this.db.prepare<[string, string], UserRow>('SELECT * FROM users WHERE provider = ? AND subject = ?').get(provider, subject);
      if (existing) {
        const displayName = displayNameOf(claims.displayName, existing.username);
        this.db.prepare('UPDATE users SET display_name = ?, role = ? WHERE id = ?').run(displayName, role, existing.id);
        // The provider's groups moved this user to another role: open consoles follow.
        if (existing.role !== role) this.opts.onChange?.();
        return this.mustFindById(existing.id);
      }
      const username = normalizeUsername(claims.username);
      const clash = this.row(username);
      if (clash) throw new UserError(`user name "${username}" belongs to another account (${clash.provider}); map this ${provider} user to another name`);
      const info = this.db
        .prepare('INSERT INTO users (username, display_name, role, provider, subject, password_hash, created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)')
        .run(username, displayNameOf(claims.displayName, username), role, provider, subject, Date.now());
      return this.mustFindById(Number(info.lastInsertRowid));
    }).immediate();
  }

  private row(username: string): UserRow | undefined {
    return this.db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?').get(username.trim().toLowerCase());
  }

  private mustFind(username: string): User {
    const user = this.find(username);
    if (!user) throw new UserError(`no user named "${username.trim().toLowerCase()}"`);
    return user;
  }

  private mustFindById(id: number): User {
    const user = this.findById(id);
    if (!user) throw new Error(`user ${id} vanished`);
    return user;
  }
}
