import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GroupAnswerSchema, GroupListSchema, type Principal } from '@ioc/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { consoleClient, nextEvent, testDatabase } from '../testing/harness.js';

const PASSWORD = 'control-room-42';

// The whole server in-process: real HTTP, the real store (SQLite, or PostgreSQL in integration-pg), real sockets.
describe('group management by admins', () => {
  let dir: string;
  let srv: RunningServer;
  const tokens: Record<string, string> = {};

  const call = (method: string, path: string, who: string | null, body?: unknown) =>
    fetch(`${srv.url}${path}`, {
      method,
      headers: { ...(who && { authorization: `Bearer ${tokens[who] ?? who}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const lastAudit = async () => (await srv.audit.recent(1))[0];
  const groupOf = async (res: Response) => GroupAnswerSchema.parse(await res.json()).group;
  const roleOf = async (who: string) => ((await (await call('GET', '/api/v1/auth/me', who)).json()) as { principal: Principal }).principal.role;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-groups-'));
    srv = await createServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dir, 'none'), consoleDist: join(dir, 'none'), ...(await testDatabase(dir)) });
    for (const [username, role] of [['minh', 'admin'], ['lan', 'operator'], ['hoa', 'viewer'], ['tuan', 'viewer']] as const) {
      await srv.users.create({ username, role, password: PASSWORD });
      tokens[username] = (await srv.sessions.create((await srv.users.find(username))!.id)).token;
    }
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses non-admins (403, audited) and anonymous callers (401) on every group route, storing nothing', async () => {
    const g = await srv.groups.create({ name: 'existing', role: 'viewer' });
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/groups'],
      ['POST', '/api/v1/groups', { name: 'x', role: 'admin' }],
      ['PATCH', `/api/v1/groups/${g.id}`, { role: 'admin' }],
      ['DELETE', `/api/v1/groups/${g.id}`],
      ['PUT', `/api/v1/groups/${g.id}/members/lan`],
      ['DELETE', `/api/v1/groups/${g.id}/members/lan`],
    ];
    for (const [method, path, body] of routes) {
      const res = await call(method, path, 'lan', body);
      expect([method, path, res.status]).toEqual([method, path, 403]);
      expect(await lastAudit()).toMatchObject({ actor: 'user:lan', role: 'operator', action: 'access.forbidden', ok: false });
      expect((await call(method, path, null, body)).status).toBe(401);
    }
    expect((await srv.groups.list()).map((x) => [x.name, x.role, x.members.length])).toEqual([['existing', 'viewer', 0]]);
    await srv.groups.remove(g.id);
  });

  it('grants a group\'s role to its members at once, and takes it back when disabled, changed, left or deleted; each audited', async () => {
    const created = await call('POST', '/api/v1/groups', 'minh', { name: 'Truc-Ban', displayName: 'Trực ban', role: 'operator', idpGroups: ['ioc-duty'] });
    expect(created.status).toBe(201);
    const g = await groupOf(created);
    expect(g).toMatchObject({ name: 'truc-ban', displayName: 'Trực ban', role: 'operator', idpGroups: ['ioc-duty'], members: [] });
    expect(await lastAudit()).toMatchObject({ actor: 'user:minh', action: 'group.create', target: 'truc-ban', ok: true });
    expect((await call('POST', '/api/v1/groups', 'minh', { name: 'TRUC-BAN', role: 'viewer' })).status).toBe(409);
    expect(await lastAudit()).toMatchObject({ action: 'group.create', ok: false });

    expect(await roleOf('hoa')).toBe('viewer');
    const socket = consoleClient(srv.url, tokens['hoa']);
    expect(await nextEvent<Principal>(socket, 'console:whoami')).toMatchObject({ role: 'viewer' });
    const promoted = nextEvent<Principal>(socket, 'console:whoami');
    const added = await call('PUT', `/api/v1/groups/${g.id}/members/HOA`, 'minh');
    expect((await groupOf(added)).members).toEqual([{ username: 'hoa', displayName: 'hoa', source: 'local' }]);
    expect(await lastAudit()).toMatchObject({ action: 'group.member.add', target: 'truc-ban', detail: { username: 'hoa', role: 'operator' }, ok: true });
    // The open console follows at once (the revocation re-check), and so does every request.
    expect(await promoted).toMatchObject({ name: 'hoa', role: 'operator' });
    expect(await roleOf('hoa')).toBe('operator');
    // The Users screen shows both: the role given to the person, and the one they act with.
    const listed = (await (await call('GET', '/api/v1/users', 'minh')).json()) as { users: Array<{ username: string; role: string; effectiveRole: string }> };
    expect(listed.users.find((u) => u.username === 'hoa')).toMatchObject({ role: 'viewer', effectiveRole: 'operator' });

    const demoted = nextEvent<Principal>(socket, 'console:whoami');
    expect((await call('PATCH', `/api/v1/groups/${g.id}`, 'minh', { disabled: true })).status).toBe(200);
    expect(await demoted).toMatchObject({ role: 'viewer' });
    expect(await lastAudit()).toMatchObject({ action: 'group.update', detail: { before: { disabled: false }, after: { disabled: true } }, ok: true });
    const enabled = await groupOf(await call('PATCH', `/api/v1/groups/${g.id}`, 'minh', { disabled: false, role: 'presenter' }));
    expect(enabled).toMatchObject({ role: 'presenter', disabledAt: null });
    expect(await roleOf('hoa')).toBe('presenter');
    // A new sign-in answers, and audits, the role the session acts with.
    const login = await call('POST', '/api/v1/auth/login', null, { username: 'hoa', password: PASSWORD });
    expect(((await login.json()) as { user: { role: string } }).user.role).toBe('presenter');
    expect((await srv.audit.recent(1, 'auth.login'))[0]).toMatchObject({ actor: 'user:hoa', role: 'presenter' });

    const list = GroupListSchema.parse(await (await call('GET', '/api/v1/groups', 'minh')).json());
    expect(list.groups.map((x) => [x.name, x.members.length])).toEqual([['truc-ban', 1]]);
    expect(await lastAudit()).toMatchObject({ action: 'group.list', ok: true });

    expect((await call('DELETE', `/api/v1/groups/${g.id}/members/hoa`, 'minh')).status).toBe(200);
    expect(await lastAudit()).toMatchObject({ action: 'group.member.remove', detail: { username: 'hoa' }, ok: true });
    expect(await roleOf('hoa')).toBe('viewer');
    await call('PUT', `/api/v1/groups/${g.id}/members/tuan`, 'minh');
    expect(await roleOf('tuan')).toBe('presenter');
    expect((await call('DELETE', `/api/v1/groups/${g.id}`, 'minh')).status).toBe(204);
    expect(await lastAudit()).toMatchObject({ action: 'group.delete', target: 'truc-ban', detail: { members: ['tuan'] }, ok: true });
    expect(await roleOf('tuan')).toBe('viewer');
    expect(await srv.store.sql.get('SELECT count(*) AS n FROM group_members')).toEqual({ n: 0 });
    socket.disconnect();
  });

  it('refuses unknown groups and users (404) and invalid bodies (422), audited', async () => {
    expect((await call('PATCH', '/api/v1/groups/999', 'minh', { role: 'admin' })).status).toBe(404);
    expect(await lastAudit()).toMatchObject({ action: 'group.update', ok: false });
    const g = await srv.groups.create({ name: 'techs', role: 'technician' });
    expect((await call('PUT', `/api/v1/groups/${g.id}/members/nobody`, 'minh')).status).toBe(404);
    expect(await lastAudit()).toMatchObject({ action: 'group.member.add', ok: false });
    const bad = await call('POST', '/api/v1/groups', 'minh', { name: 'x y', role: 'root' });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual(['name', 'role']);
    expect((await call('PATCH', `/api/v1/groups/${g.id}`, 'minh', {})).status).toBe(422);
    // Only digits name a group: what Number() would read otherwise names none.
    expect((await call('PATCH', `/api/v1/groups/${g.id}e0`, 'minh', { role: 'viewer' })).status).toBe(404);
    expect((await call('PUT', `/api/v1/groups/0x${g.id}/members/hoa`, 'minh')).status).toBe(422);
    expect(await srv.groups.find(g.id)).toMatchObject({ role: 'technician', members: [] });
    await srv.groups.remove(g.id);
  });

  it('never leaves the center without an enabled admin, nor lets an admin drop their own admin grant', async () => {
    // tuan is an admin only through a group; minh is one by his own role.
    const admins = await groupOf(await call('POST', '/api/v1/groups', 'minh', { name: 'admins', role: 'admin' }));
    await call('PUT', `/api/v1/groups/${admins.id}/members/tuan`, 'minh');
    expect(await roleOf('tuan')).toBe('admin');
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/groups/${admins.id}`, { disabled: true }],
      ['PATCH', `/api/v1/groups/${admins.id}`, { role: 'operator' }],
      ['DELETE', `/api/v1/groups/${admins.id}/members/tuan`],
      ['DELETE', `/api/v1/groups/${admins.id}`],
    ] as const) {
      const res = await call(method, path, 'tuan', body);
      expect([method, path, res.status]).toEqual([method, path, 409]);
      expect(((await res.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/Không thể tự bỏ quyền quản trị.*you cannot remove your own admin grant/);
      expect(await lastAudit()).toMatchObject({ actor: 'user:tuan', ok: false });
    }
    expect(await srv.groups.find(admins.id)).toMatchObject({ role: 'admin', disabledAt: null, members: [{ username: 'tuan' }] });
    // Without minh's own admin role, tuan's group is the last admin: minh may not take it either.
    await srv.users.disable('minh');
    tokens['key'] = (await srv.keys.create('admin-script', 'admin')).key;
    expect((await call('PATCH', `/api/v1/groups/${admins.id}`, 'key', { disabled: true })).status).toBe(409);
    expect(await lastAudit()).toMatchObject({ actor: 'key:admin-script', action: 'group.update', detail: { error: expect.stringMatching(/at least one enabled admin must remain/) }, ok: false });
    expect(await roleOf('tuan')).toBe('admin');
    // Nor through the users routes: tuan is the last admin, by a group's grant.
    const disable = await call('POST', '/api/v1/users/tuan/disable', 'key');
    expect(disable.status).toBe(409);
    expect(((await disable.json()) as { errors: Array<{ message: string }> }).errors[0]!.message).toMatch(/at least one enabled admin must remain/);
    expect((await srv.users.find('tuan'))?.disabledAt).toBeNull();
    await srv.users.enable('minh');
    // With minh an admin again, tuan's grant may go (by minh).
    expect((await call('DELETE', `/api/v1/groups/${admins.id}/members/tuan`, 'minh')).status).toBe(200);
    expect(await roleOf('tuan')).toBe('viewer');
  });
});
