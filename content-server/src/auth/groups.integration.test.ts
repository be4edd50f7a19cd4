import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql.js';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { GroupError, Groups, Sessions, Users, higherRole } from './index.js';

const NO_ADMIN = async (groups: Groups, tx: Sql) => ((await groups.enabledAdmins(tx)) === 0 ? 'no admin left' : null);

/** Resolves once another transaction waits for a lock (PostgreSQL) or, on SQLite, once it was issued (it then waits at the one connection's gate). */
async function otherWaits(sql: Sql): Promise<void> {
  if (sql.engine === 'sqlite') return new Promise((r) => setImmediate(r));
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const row = await sql.get<{ n: number }>("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
    if (row!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the other transaction never waited for a lock');
}

describe.each(ENGINES)('groups on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => {
    const sql = await freshSql(engine);
    const counter = { changes: 0 };
    return { sql, counter, users: new Users(sql), groups: new Groups(sql, { onChange: () => counter.changes++ }) };
  };

  it('creates a group with a unique name in any case, a role and provider groups; finds it in any case', async () => {
    const { groups } = await open();
    const g = await groups.create({ name: 'Truc-Ban', role: 'operator', displayName: ' Trực ban ', idpGroups: ['ioc-duty', 'ioc-duty', ' '] });
    expect(g).toMatchObject({ name: 'truc-ban', displayName: 'Trực ban', role: 'operator', idpGroups: ['ioc-duty'], disabledAt: null, members: [] });
    await expect(groups.create({ name: 'TRUC-BAN', role: 'viewer' })).rejects.toThrow(GroupError);
    await expect(groups.create({ name: 'no spaces', role: 'viewer' })).rejects.toThrow(/invalid group name/);
    await expect(groups.create({ name: 'x', role: 'root' as 'admin' })).rejects.toThrow(/invalid role/);
    expect((await groups.findByName('TRUC-Ban'))?.id).toBe(g.id);
    expect(await groups.findByName('truc')).toBeNull();
  });

  it('refuses a second group of the same name in another case written straight to the store', async () => {
    const { sql, groups } = await open();
    await groups.create({ name: 'ops', role: 'viewer' });
    await expect(sql.run("INSERT INTO groups (name, display_name, role, idp_groups, created_at) VALUES ('OPS', 'x', 'viewer', '[]', 0)")).rejects.toThrow(/UNIQUE|unique/);
  });

  it("resolves a session's role as the highest of the user's own and their enabled groups'", async () => {
    const { sql, users, groups } = await open();
    const sessions = new Sessions(sql);
    const hoa = await users.create({ username: 'hoa', role: 'viewer' });
    const { token } = await sessions.create(hoa.id);
    const role = async () => (await sessions.verify(token))?.user.role;
    const ops = await groups.create({ name: 'ops', role: 'operator' });
    const techs = await groups.create({ name: 'techs', role: 'technician' });
    expect(await role()).toBe('viewer');
    await groups.addMember(ops.id, hoa.id);
    expect(await role()).toBe('operator');
    await groups.addMember(techs.id, hoa.id);
    expect(await role()).toBe('technician');
    expect(await groups.effectiveRole(hoa.id)).toBe('technician');
    await groups.update(techs.id, { disabled: true });
    expect(await role()).toBe('operator');
    await groups.remove(ops.id);
    expect(await role()).toBe('viewer');
    // A lower grant never lowers a user's own role.
    await users.setRole('hoa', 'presenter');
    await groups.update(techs.id, { disabled: false, role: 'viewer' });
    expect(await role()).toBe('presenter');
    expect(await groups.effectiveRole(9999)).toBeNull();
    expect(higherRole('viewer', null)).toBe('viewer');
  });

  it('tells listeners of every change that may move a role, and drops memberships with the user or group', async () => {
    const { sql, users, groups, counter } = await open();
    const hoa = await users.create({ username: 'hoa', role: 'viewer' });
    const g = await groups.create({ name: 'ops', role: 'operator' });
    await groups.addMember(g.id, hoa.id);
    await groups.update(g.id, { role: 'presenter' });
    await groups.update(g.id, { displayName: 'Only a label' });
    await groups.removeMember(g.id, hoa.id);
    expect(counter.changes).toBe(3);
    await groups.addMember(g.id, hoa.id);
    await users.remove('hoa');
    expect((await groups.find(g.id))?.members).toEqual([]);
    const lan = await users.create({ username: 'lan', role: 'viewer' });
    await groups.addMember(g.id, lan.id);
    await groups.remove(g.id);
    expect(await sql.get('SELECT COUNT(*) AS n FROM group_members')).toEqual({ n: 0 });
  });

  it("sets a sign-in's provider memberships to exactly the matches, leaving local ones", async () => {
    const { users, groups } = await open();
    const an = await users.create({ username: 'an', role: 'viewer' });
    const duty = await groups.create({ name: 'duty', role: 'operator', idpGroups: ['ioc-duty'] });
    const tech = await groups.create({ name: 'tech', role: 'technician', idpGroups: ['ioc-tech'] });
    const local = await groups.create({ name: 'local', role: 'presenter', idpGroups: ['ioc-brief'] });
    await groups.addMember(local.id, an.id);
    expect(await groups.roleOfIdpGroups(['ioc-duty', 'ioc-tech', 'other'])).toBe('technician');
    expect(await groups.syncIdp(an.id, ['ioc-duty', 'ioc-tech'])).toEqual({ joined: ['duty', 'tech'], left: [] });
    expect(await groups.syncIdp(an.id, ['ioc-duty'])).toEqual({ joined: [], left: ['tech'] });
    // Not in ioc-brief at the provider, but an admin added them here: they stay.
    expect((await groups.find(local.id))?.members).toEqual([{ username: 'an', displayName: 'an', source: 'local' }]);
    expect((await groups.find(duty.id))?.members[0]?.source).toBe('idp');
    expect((await groups.find(tech.id))?.members).toEqual([]);
    // An admin adding an idp member makes the membership theirs (local).
    await groups.addMember(duty.id, an.id);
    expect((await groups.find(duty.id))?.members[0]?.source).toBe('local');
    // A disabled group maps nobody.
    await groups.update(duty.id, { disabled: true });
    expect(await groups.roleOfIdpGroups(['ioc-duty'])).toBeNull();
  });

  it('lets the same person sign in on two servers at once without a duplicate membership', async () => {
    const { users, groups } = await open();
    const an = await users.create({ username: 'an', role: 'viewer' });
    await groups.create({ name: 'duty', role: 'operator', idpGroups: ['ioc-duty'] });
    await Promise.all([groups.syncIdp(an.id, ['ioc-duty']), groups.syncIdp(an.id, ['ioc-duty'])]);
    expect(await groups.effectiveRole(an.id)).toBe('operator');
  });

  it('keeps a guarded change only when its check passes, and tells listeners only then', async () => {
    const { sql, users, groups, counter } = await open();
    const minh = await users.create({ username: 'minh', role: 'viewer' });
    // Another group first, so that the group's id and the user's differ (a query mixing them up shows).
    await groups.create({ name: 'spare', role: 'viewer' });
    const admins = await groups.create({ name: 'admins', role: 'admin' });
    await groups.addMember(admins.id, minh.id);
    expect(await groups.enabledAdmins()).toBe(1);
    counter.changes = 0;
    await expect(groups.guarded((tx) => groups.update(admins.id, { disabled: true }, tx), (tx) => NO_ADMIN(groups, tx))).rejects.toThrow('no admin left');
    expect((await groups.find(admins.id))?.disabledAt).toBeNull();
    expect(await groups.effectiveRole(minh.id)).toBe('admin');
    expect(counter.changes).toBe(0);
    await groups.guarded((tx) => groups.update(admins.id, { role: 'technician' }, tx), async () => null);
    expect(counter.changes).toBe(1);
    expect(await groups.effectiveRole(minh.id)).toBe('technician');
    // A user changed inside the guarded transaction is told once it is committed (what listeners then read).
    const seen: Array<Promise<unknown>> = [];
    const watched = new Groups(sql, { onChange: () => seen.push(sql.get('SELECT role FROM users WHERE id = ?', [minh.id])) });
    await watched.guarded((tx) => users.setRole('minh', 'operator', tx), async () => null);
    expect(await Promise.all(seen)).toEqual([{ role: 'operator' }]);
  });

  it('keeps the last enabled admin when two servers each remove a different one at the same moment', async () => {
    const { sql, users, groups } = await open();
    // Two admins: one by their own role, one by a group's grant.
    await users.create({ username: 'an', role: 'admin' });
    const binh = await users.create({ username: 'binh', role: 'viewer' });
    const admins = await groups.create({ name: 'admins', role: 'admin' });
    await groups.addMember(admins.id, binh.id);
    expect(await groups.enabledAdmins()).toBe(2);

    let started!: () => void;
    const secondStarted = new Promise<void>((r) => (started = r));
    let changed!: () => void;
    const secondChanged = new Promise<void>((r) => (changed = r));
    // The first holds its transaction open until the second is under way (waiting for the lock, or past it without one).
    const first = groups.guarded(
      async (tx) => {
        await users.disable('an', tx);
        await secondStarted;
        await Promise.race([otherWaits(sql), secondChanged]);
      },
      (tx) => NO_ADMIN(groups, tx),
    );
    started();
    const second = groups.guarded(
      async (tx) => {
        await groups.removeMember(admins.id, binh.id, tx);
        changed();
      },
      (tx) => NO_ADMIN(groups, tx),
    );
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(GroupError);
    expect(await groups.enabledAdmins()).toBe(1);
  });
});
