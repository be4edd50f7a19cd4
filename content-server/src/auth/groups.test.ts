import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { GroupError, Groups, Sessions, Users, higherRole } from './index.js';

describe('groups', () => {
  let dir: string;
  let store: Store;
  let users: Users;
  let groups: Groups;
  let changes: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-groups-'));
    store = Store.open(dir);
    users = new Users(store.db);
    changes = 0;
    groups = new Groups(store.db, { onChange: () => changes++ });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a group with a unique name in any case, a role and provider groups', () => {
    const g = groups.create({ name: 'Truc-Ban', role: 'operator', displayName: ' Trực ban ', idpGroups: ['ioc-duty', 'ioc-duty', ' '] });
    expect(g).toMatchObject({ name: 'truc-ban', displayName: 'Trực ban', role: 'operator', idpGroups: ['ioc-duty'], disabledAt: null, members: [] });
    expect(() => groups.create({ name: 'TRUC-BAN', role: 'viewer' })).toThrow(GroupError);
    expect(() => groups.create({ name: 'no spaces', role: 'viewer' })).toThrow(/invalid group name/);
    expect(() => groups.create({ name: 'x', role: 'root' as 'admin' })).toThrow(/invalid role/);
  });

  it("resolves a session's role as the highest of the user's own and their enabled groups'", async () => {
    const sessions = new Sessions(store.db);
    const hoa = await users.create({ username: 'hoa', role: 'viewer' });
    const { token } = sessions.create(hoa.id);
    const ops = groups.create({ name: 'ops', role: 'operator' });
    const techs = groups.create({ name: 'techs', role: 'technician' });
    expect(sessions.verify(token)?.user.role).toBe('viewer');
    groups.addMember(ops.id, hoa.id);
    expect(sessions.verify(token)?.user.role).toBe('operator');
    groups.addMember(techs.id, hoa.id);
    expect(sessions.verify(token)?.user.role).toBe('technician');
    groups.update(techs.id, { disabled: true });
    expect(sessions.verify(token)?.user.role).toBe('operator');
    groups.remove(ops.id);
    expect(sessions.verify(token)?.user.role).toBe('viewer');
    // A lower grant never lowers a user's own role.
    users.setRole('hoa', 'presenter');
    groups.update(techs.id, { disabled: false, role: 'viewer' });
    expect(sessions.verify(token)?.user.role).toBe('presenter');
    expect(higherRole('viewer', null)).toBe('viewer');
  });

  it('tells listeners of every change that may move a role, and drops memberships with the user or group', async () => {
    const hoa = await users.create({ username: 'hoa', role: 'viewer' });
    const g = groups.create({ name: 'ops', role: 'operator' });
    groups.addMember(g.id, hoa.id);
    groups.update(g.id, { role: 'presenter' });
    groups.update(g.id, { displayName: 'Only a label' });
    groups.removeMember(g.id, hoa.id);
    expect(changes).toBe(3);
    groups.addMember(g.id, hoa.id);
    users.remove('hoa');
    expect(groups.find(g.id)?.members).toEqual([]);
    const lan = await users.create({ username: 'lan', role: 'viewer' });
    groups.addMember(g.id, lan.id);
    groups.remove(g.id);
    expect(store.db.prepare('SELECT count(*) FROM group_members').pluck().get()).toBe(0);
  });

  it("sets a sign-in's provider memberships to exactly the matches, leaving local ones", async () => {
    const an = await users.create({ username: 'an', role: 'viewer' });
    const duty = groups.create({ name: 'duty', role: 'operator', idpGroups: ['ioc-duty'] });
    const tech = groups.create({ name: 'tech', role: 'technician', idpGroups: ['ioc-tech'] });
    const local = groups.create({ name: 'local', role: 'presenter', idpGroups: ['ioc-brief'] });
    groups.addMember(local.id, an.id);
    expect(groups.roleOfIdpGroups(['ioc-duty', 'ioc-tech', 'other'])).toBe('technician');
    expect(groups.syncIdp(an.id, ['ioc-duty', 'ioc-tech'])).toEqual({ joined: ['duty', 'tech'], left: [] });
    expect(groups.syncIdp(an.id, ['ioc-duty'])).toEqual({ joined: [], left: ['tech'] });
    // Not in ioc-brief at the provider, but an admin added them here: they stay.
    expect(groups.find(local.id)?.members).toEqual([{ username: 'an', displayName: 'an', source: 'local' }]);
    expect(groups.find(duty.id)?.members[0]?.source).toBe('idp');
    expect(groups.find(tech.id)?.members).toEqual([]);
    // A disabled group maps nobody.
    groups.update(duty.id, { disabled: true });
    expect(groups.roleOfIdpGroups(['ioc-duty'])).toBeNull();
  });

  it('keeps a guarded change only when its check passes, and tells listeners only then', async () => {
    const minh = await users.create({ username: 'minh', role: 'viewer' });
    // Another group first, so that the group's id and the user's differ (a query mixing them up shows).
    groups.create({ name: 'spare', role: 'viewer' });
    const admins = groups.create({ name: 'admins', role: 'admin' });
    groups.addMember(admins.id, minh.id);
    expect(groups.enabledAdmins()).toBe(1);
    changes = 0;
    expect(() => groups.guarded(() => groups.update(admins.id, { disabled: true }), () => (groups.enabledAdmins() === 0 ? 'no admin left' : null))).toThrow('no admin left');
    expect(groups.find(admins.id)?.disabledAt).toBeNull();
    expect(groups.effectiveRole(minh.id)).toBe('admin');
    expect(changes).toBe(0);
    groups.guarded(() => groups.update(admins.id, { role: 'technician' }), () => null);
    expect(changes).toBe(1);
    expect(groups.effectiveRole(minh.id)).toBe('technician');
  });
});
