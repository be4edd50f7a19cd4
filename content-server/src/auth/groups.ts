import { GroupNameSchema, USER_ROLES, type GroupMember, type UserRole } from '@ioc/protocol';
import type { Sql } from '../store/sql.js';
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

const ENABLED_ADMINS = `SELECT COUNT(*) AS n FROM users u WHERE u.disabled_at IS NULL AND (u.role = 'admin' OR EXISTS (SELECT 1 FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id AND g.disabled_at IS NULL AND g.role = 'admin'))`;
const EFFECTIVE_ROLE = `SELECT u.role, ${groupRoleSql('u.id')} AS group_role FROM users u WHERE u.id = ?`;

/**
 * Locks what decides who is an admin, at the start of a change that must leave one: on
 * PostgreSQL every user row (FOR UPDATE, in id order so that two lockers never deadlock), so
 * that two servers removing two different admins at once take turns and the second sees the
 * first's change; SQLite's BEGIN IMMEDIATE already lets one writer at a time in.
 */
export async function lockAdmins(tx: Sql): Promise<void> {
  if (tx.engine === 'postgres') await tx.all('SELECT id FROM users ORDER BY id FOR UPDATE');
}

/**
 * User groups: each grants a role to its members while it is enabled, so that a person's role is
 * the highest of their own and their enabled groups' (sessions.ts reads it with the session).
 * Members are added by an admin (`local`) or by single sign-on (`idp`): at each sign-in the
 * person's provider groups are matched against the groups' `idpGroups` (`syncIdp`). Every change
 * that may move someone's role calls `onChange`, so that open sockets are re-checked at once.
 */
export class Groups {
  /** Transactions of `guarded` open now: what they change is told to listeners once, after the commit. */
  private readonly held = new WeakSet<Sql>();

  constructor(
    private readonly sql: Sql,
    private readonly opts: { onChange?: () => void } = {},
  ) {}

  async list(tx: Sql = this.sql): Promise<Group[]> {
    const rows = await tx.all<GroupRow>('SELECT * FROM groups ORDER BY name');
    return Promise.all(rows.map((r) => this.toGroup(r, tx)));
  }

  async find(id: number, tx: Sql = this.sql): Promise<Group | null> {
    const row = await tx.get<GroupRow>('SELECT * FROM groups WHERE id = ?', [id]);
    return row ? this.toGroup(row, tx) : null;
  }

  /** A group by name, in any case (SQLite: COLLATE NOCASE; PostgreSQL: the unique index on lower(name)). */
  async findByName(name: string, tx: Sql = this.sql): Promise<Group | null> {
    const row = await tx.get<GroupRow>('SELECT * FROM groups WHERE lower(name) = lower(?)', [name.trim()]);
    return row ? this.toGroup(row, tx) : null;
  }

  async create(input: { name: string; role: UserRole; displayName?: string; idpGroups?: readonly string[] }): Promise<Group> {
    const parsed = GroupNameSchema.safeParse(input.name);
    if (!parsed.success) throw new GroupError(`invalid group name "${input.name}": use 1-64 letters, digits, ".", "_" and "-"`);
    const name = parsed.data;
    const role = parseUserRole(input.role);
    const idpGroups = JSON.stringify(idpNamesOf(input.idpGroups));
    // One statement decides a name taken, also by another server at the same moment.
    const row = await this.sql.get<{ id: number }>('INSERT INTO groups (name, display_name, role, idp_groups, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id', [
      name,
      displayNameOf(input.displayName, name),
      role,
      idpGroups,
      Date.now(),
    ]);
    if (!row) throw new GroupError(`a group named "${name}" exists`);
    return this.mustFind(row.id);
  }

  /** Changes what is given; `disabled` disables (keeping the first time) or enables the group. */
  async update(id: number, change: { displayName?: string | undefined; role?: UserRole | undefined; idpGroups?: readonly string[] | undefined; disabled?: boolean | undefined }, tx: Sql = this.sql): Promise<Group> {
    const before = await this.mustFind(id, tx);
    await tx.begin(async (t) => {
      if (change.displayName !== undefined) await t.run('UPDATE groups SET display_name = ? WHERE id = ?', [displayNameOf(change.displayName, before.name), id]);
      if (change.role !== undefined) await t.run('UPDATE groups SET role = ? WHERE id = ?', [parseUserRole(change.role), id]);
      if (change.idpGroups !== undefined) await t.run('UPDATE groups SET idp_groups = ? WHERE id = ?', [JSON.stringify(idpNamesOf(change.idpGroups)), id]);
      if (change.disabled === true) await t.run('UPDATE groups SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?', [Date.now(), id]);
      if (change.disabled === false) await t.run('UPDATE groups SET disabled_at = NULL WHERE id = ?', [id]);
    });
    const after = await this.mustFind(id, tx);
    if (after.role !== before.role || after.disabledAt !== before.disabledAt) this.changed(tx);
    return after;
  }

  /** Deletes a group; its memberships go with it (ON DELETE CASCADE). */
  async remove(id: number, tx: Sql = this.sql): Promise<Group> {
    const group = await this.mustFind(id, tx);
    await tx.run('DELETE FROM groups WHERE id = ?', [id]);
    this.changed(tx);
    return group;
  }

  /** Adds a member; an existing membership becomes `local` (a sign-in no longer removes it). */
  async addMember(id: number, userId: number, source: 'local' | 'idp' = 'local', tx: Sql = this.sql): Promise<Group> {
    await this.mustFind(id, tx);
    await tx.run(
      "INSERT INTO group_members (group_id, user_id, source, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (group_id, user_id) DO UPDATE SET source = CASE WHEN excluded.source = 'local' THEN 'local' ELSE group_members.source END",
      [id, userId, source, Date.now()],
    );
    this.changed(tx);
    return this.mustFind(id, tx);
  }

  /** Removes a member; false when they were not one. */
  async removeMember(id: number, userId: number, tx: Sql = this.sql): Promise<boolean> {
    const removed = (await tx.run('DELETE FROM group_members WHERE group_id = ? AND user_id = ?', [id, userId])).changes > 0;
    if (removed) this.changed(tx);
    return removed;
  }

  /** The enabled groups standing for any of these provider groups. */
  async matching(idpGroups: readonly string[]): Promise<Group[]> {
    const wanted = new Set(idpGroups);
    return (await this.list()).filter((g) => g.disabledAt === null && g.idpGroups.some((n) => wanted.has(n)));
  }

  /** The highest role the enabled groups standing for these provider groups grant, or null. */
  async roleOfIdpGroups(idpGroups: readonly string[]): Promise<UserRole | null> {
    return (await this.matching(idpGroups)).reduce<UserRole | null>((best, g) => (best ? higherRole(best, g.role) : g.role), null);
  }

  /**
   * At a sign-in: the user's `idp` memberships become exactly the enabled groups standing for
   * their provider groups; memberships an admin added (`local`) are left as they are.
   */
  async syncIdp(userId: number, idpGroups: readonly string[]): Promise<{ joined: string[]; left: string[] }> {
    const want = new Map((await this.matching(idpGroups)).map((g) => [g.id, g.name]));
    const result = await this.sql.begin(async (tx) => {
      const had = await tx.all<{ group_id: number; name: string; source: string }>('SELECT m.group_id, g.name, m.source FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = ?', [userId]);
      const left = had.filter((m) => m.source === 'idp' && !want.has(m.group_id));
      for (const m of left) await tx.run('DELETE FROM group_members WHERE group_id = ? AND user_id = ?', [m.group_id, userId]);
      const joined = [...want].filter(([id]) => !had.some((m) => m.group_id === id));
      // The same person signing in on two servers at once: the second insert finds the row there.
      for (const [id] of joined) await tx.run("INSERT INTO group_members (group_id, user_id, source, added_at) VALUES (?, ?, 'idp', ?) ON CONFLICT (group_id, user_id) DO NOTHING", [id, userId, Date.now()]);
      return { joined: joined.map(([, name]) => name), left: left.map((m) => m.name) };
    });
    if (result.joined.length > 0 || result.left.length > 0) this.changed(this.sql);
    return result;
  }

  /** A user's role with their groups' grants (null: no such user). */
  async effectiveRole(userId: number, tx: Sql = this.sql): Promise<UserRole | null> {
    const row = await tx.get<{ role: UserRole; group_role: UserRole | null }>(EFFECTIVE_ROLE, [userId]);
    return row ? higherRole(row.role, row.group_role) : null;
  }

  /** How many enabled users are admins, by their own role or an enabled group's. */
  async enabledAdmins(tx: Sql = this.sql): Promise<number> {
    return (await tx.get<{ n: number }>(ENABLED_ADMINS))!.n;
  }

  /**
   * Runs `change` in a transaction and keeps it only when `check` (asked after it, inside the
   * same transaction) finds nothing wrong; otherwise rolls it back and throws GroupError with
   * the check's message. The guards judge the state the change would leave, not a forecast of
   * it; what decides who is an admin is locked first (`lockAdmins`), so that two servers' changes
   * cannot each pass a guard that both together break.
   */
  async guarded<T>(change: (tx: Sql) => Promise<T>, check: (tx: Sql) => Promise<string | null>): Promise<T> {
    const result = await this.sql.begin(async (tx) => {
      this.held.add(tx);
      await lockAdmins(tx);
      const value = await change(tx);
      const why = await check(tx);
      if (why) throw new GroupError(why);
      return value;
    });
    // Always once it is kept: users and sessions changed with `tx` told their listeners before
    // the commit, when a re-check on another PostgreSQL connection still read the old state.
    this.opts.onChange?.();
    return result;
  }

  private changed(tx: Sql): void {
    if (!this.held.has(tx)) this.opts.onChange?.();
  }

  private async mustFind(id: number, tx: Sql = this.sql): Promise<Group> {
    const group = await this.find(id, tx);
    if (!group) throw new GroupError(`no group with id ${id}`);
    return group;
  }

  private async toGroup(r: GroupRow, tx: Sql): Promise<Group> {
    const members = await tx.all<GroupMember>(
      'SELECT u.username, u.display_name AS "displayName", m.source FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.username',
      [r.id],
    );
    return { id: r.id, name: r.name, displayName: r.display_name, role: r.role, idpGroups: JSON.parse(r.idp_groups) as string[], createdAt: r.created_at, disabledAt: r.disabled_at, members };
  }
}
