import { GroupNameSchema, USER_ROLES, type GroupMember, type UserRole } from '@ioc/protocol';
import type { Db } from '../store/index.js';
import { parseUserRole } from './users.js';

/** A group as the server knows it (store migration 17). */
export interface Group {
  id: number;
  name: string;
  displayName: string;
  role: UserRole;
  idpGroups: string[];
  createdAt: number;
  disabledAt: number | null;
  members: GroupMember[];
}

/** A refused change (unknown group, name taken, a guard); the message says why. */
export class GroupError extends Error {
  override readonly name = 'GroupError';
}

interface GroupRow {
  id: number;
  name: string;
  display_name: string;
  role: UserRole;
  idp_groups: string;
  created_at: number;
  disabled_at: number | null;
}

// The USER_ROLES order as SQL, so that the highest grant is picked by the store in one query.
const RANK = `CASE g.role ${USER_ROLES.map((r, i) => `WHEN '${r}' THEN ${i}`).join(' ')} END`;

/**
 * The highest role granted to user `userIdSql` by the enabled groups they belong to (NULL when
 * none): a subquery on group_members' user index, for the query that reads a session's user.
 */
export function groupRoleSql(userIdSql: string): string {
  return `(SELECT g.role FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ${userIdSql} AND g.disabled_at IS NULL ORDER BY ${RANK} DESC LIMIT 1)`;
}

/** The higher of two roles in USER_ROLES order; null counts as nothing. */
export function higherRole(own: UserRole, granted: UserRole | null | undefined): UserRole {
  if (!granted) return own;
  return USER_ROLES.indexOf(granted) > USER_ROLES.indexOf(own) ? granted : own;
}

function displayNameOf(name: string | undefined, fallback: string): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed.length > 128) throw new GroupError('a display name may have at most 128 characters');
  return trimmed || fallback;
}

function idpNamesOf(names: readonly string[] | undefined): string[] {
  const clean = [...new Set((names ?? []).map((n) => n.trim()).filter((n) => n !== ''))];
  if (clean.length > 50 || clean.some((n) => n.length > 256)) throw new GroupError('expected at most 50 identity provider groups of at most 256 characters');
  return clean;
}

/**
 * User groups: each grants a role to its members while it is enabled, so that a person's role is
 * the highest of their own and their enabled groups' (sessions.ts reads it with the session).
 * Members are added by an admin (`local`) or by single sign-on (`idp`): at each sign-in the
 * person's provider groups are matched against the groups' `idpGroups` (`syncIdp`). Every change
 * that may move someone's role calls `onChange`, so that open sockets are re-checked at once.
 */
export class Groups {
  /** Inside `guarded`: whether something changed, told to listeners only once it is kept. */
  private held: { changed: boolean } | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: { onChange?: () => void } = {},
  ) {}

  list(): Group[] {
    return this.db.prepare<[], GroupRow>('SELECT * FROM groups ORDER BY name').all().map((r) => this.toGroup(r));
  }

  find(id: number): Group | null {
    const row = this.db.prepare<[number], GroupRow>('SELECT * FROM groups WHERE id = ?').get(id);
    return row ? this.toGroup(row) : null;
  }

  findByName(name: string): Group | null {
    const row = this.db.prepare<[string], GroupRow>('SELECT * FROM groups WHERE name = ?').get(name.trim().toLowerCase());
    return row ? this.toGroup(row) : null;
  }

  create(input: { name: string; role: UserRole; displayName?: string; idpGroups?: readonly string[] }): Group {
    const parsed = GroupNameSchema.safeParse(input.name);
    if (!parsed.success) throw new GroupError(`invalid group name "${input.name}": use 1-64 letters, digits, ".", "_" and "-"`);
    const name = parsed.data;
    if (this.findByName(name)) throw new GroupError(`a group named "${name}" exists`);
    const info = this.db
      .prepare('INSERT INTO groups (name, display_name, role, idp_groups, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(name, displayNameOf(input.displayName, name), parseUserRole(input.role), JSON.stringify(idpNamesOf(input.idpGroups)), Date.now());
    return this.mustFind(Number(info.lastInsertRowid));
  }

  /** Changes what is given; `disabled` disables (keeping the first time) or enables the group. */
  update(id: number, change: { displayName?: string | undefined; role?: UserRole | undefined; idpGroups?: readonly string[] | undefined; disabled?: boolean | undefined }): Group {
    const before = this.mustFind(id);
    this.db.transaction(() => {
      if (change.displayName !== undefined) this.db.prepare('UPDATE groups SET display_name = ? WHERE id = ?').run(displayNameOf(change.displayName, before.name), id);
      if (change.role !== undefined) this.db.prepare('UPDATE groups SET role = ? WHERE id = ?').run(parseUserRole(change.role), id);
      if (change.idpGroups !== undefined) this.db.prepare('UPDATE groups SET idp_groups = ? WHERE id = ?').run(JSON.stringify(idpNamesOf(change.idpGroups)), id);
      if (change.disabled === true) this.db.prepare('UPDATE groups SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?').run(Date.now(), id);
      if (change.disabled === false) this.db.prepare('UPDATE groups SET disabled_at = NULL WHERE id = ?').run(id);
    })();
    const after = this.mustFind(id);
    if (after.role !== before.role || after.disabledAt !== before.disabledAt) this.changed();
    return after;
  }

  /** Deletes a group; its memberships go with it (ON DELETE CASCADE). */
  remove(id: number): Group {
    const group = this.mustFind(id);
    this.db.prepare('DELETE FROM groups WHERE id = ?').run(id);
    this.changed();
    return group;
  }

  /** Adds a member; an existing membership becomes `local` (a sign-in no longer removes it). */
  addMember(id: number, userId: number, source: 'local' | 'idp' = 'local'): Group {
    this.mustFind(id);
    this.db
      .prepare("INSERT INTO group_members (group_id, user_id, source, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (group_id, user_id) DO UPDATE SET source = CASE WHEN excluded.source = 'local' THEN 'local' ELSE source END")
      .run(id, userId, source, Date.now());
    this.changed();
    return this.mustFind(id);
  }

  /** Removes a member; false when they were not one. */
  removeMember(id: number, userId: number): boolean {
    const removed = this.db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?').run(id, userId).changes > 0;
    if (removed) this.changed();
    return removed;
  }

  /** The enabled groups standing for any of these provider groups. */
  matching(idpGroups: readonly string[]): Group[] {
    const wanted = new Set(idpGroups);
    return this.list().filter((g) => g.disabledAt === null && g.idpGroups.some((n) => wanted.has(n)));
  }

  /** The highest role the enabled groups standing for these provider groups grant, or null. */
  roleOfIdpGroups(idpGroups: readonly string[]): UserRole | null {
    return this.matching(idpGroups).reduce<UserRole | null>((best, g) => (best ? higherRole(best, g.role) : g.role), null);
  }

  /**
   * At a sign-in: the user's `idp` memberships become exactly the enabled groups standing for
   * their provider groups; memberships an admin added (`local`) are left as they are.
   */
  syncIdp(userId: number, idpGroups: readonly string[]): { joined: string[]; left: string[] } {
    const want = new Map(this.matching(idpGroups).map((g) => [g.id, g.name]));
    const result = this.db.transaction(() => {
      const had = this.db.prepare<[number], { group_id: number; name: string; source: string }>('SELECT m.group_id, g.name, m.source FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?').all(userId);
      const left = had.filter((m) => m.source === 'idp' && !want.has(m.group_id));
      for (const m of left) this.db.prepare('DELETE FROM group_members WHERE group_id = ? AND user_id = ?').run(m.group_id, userId);
      const joined = [...want].filter(([id]) => !had.some((m) => m.group_id === id));
      for (const [id] of joined) this.db.prepare("INSERT INTO group_members (group_id, user_id, source, added_at) VALUES (?, ?, 'idp', ?)").run(id, userId, Date.now());
      return { joined: joined.map(([, name]) => name), left: left.map((m) => m.name) };
    }).immediate();
    if (result.joined.length > 0 || result.left.length > 0) this.changed();
    return result;
  }

  /** A user's role with their groups' grants (null: no such user). */
  effectiveRole(userId: number): UserRole | null {
    const row = this.db.prepare<[number], { role: UserRole; group_role: UserRole | null }>(`SELECT u.role, ${groupRoleSql('u.id')} AS group_role FROM users u WHERE u.id = ?`).get(userId);
    return row ? higherRole(row.role, row.group_role) : null;
  }

  /** How many enabled users are admins, by their own role or an enabled group's. */
  enabledAdmins(): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM users u WHERE u.disabled_at IS NULL AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id AND g.disabled_at IS NULL AND g.role = 'admin'))`)
      .pluck()
      .get() as number;
  }

  /**
   * Runs `change` in a transaction and keeps it only when `check` (asked after it, inside the
   * same transaction) finds nothing wrong; otherwise rolls it back and throws GroupError with
   * the check's message. The guards judge the state the change would leave, not a forecast of it.
   */
  guarded<T>(change: () => T, check: () => string | null): T {
    const held = { changed: false };
    this.held = held;
    try {
      const result = this.db.transaction(() => {
        const value = change();
        const why = check();
        if (why) throw new GroupError(why);
        return value;
      }).immediate();
      this.held = null;
      if (held.changed) this.opts.onChange?.();
      return result;
    } finally {
      this.held = null;
    }
  }

  private changed(): void {
    if (this.held) this.held.changed = true;
    else this.opts.onChange?.();
  }

  private mustFind(id: number): Group {
    const group = this.find(id);
    if (!group) throw new GroupError(`no group with id ${id}`);
    return group;
  }

  private toGroup(r: GroupRow): Group {
    const members = this.db
      .prepare<[number], GroupMember>("SELECT u.username, u.display_name AS displayName, m.source FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.username")
      .all(r.id);
    return { id: r.id, name: r.name, displayName: r.display_name, role: r.role, idpGroups: JSON.parse(r.idp_groups) as string[], createdAt: r.created_at, disabledAt: r.disabled_at, members };
  }
}
