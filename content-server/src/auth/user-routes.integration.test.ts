import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserAnswerSchema, UserListSchema } from '@ioc/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { testDatabase } from '../testing/harness.js';

const PASSWORD = 'control-room-42';

// The whole server in-process: real HTTP, real SQLite, real argon2.
describe('user management by admins', () => {
  let dir: string;
  let srv: RunningServer;
  const tokens: Record<string, string> = {};

  const call = (method: string, path: string, who: string | null, body?: unknown) =>
    fetch(`${srv.url}${path}`, {
      method,
      headers: { ...(who && { authorization: `Bearer ${tokens[who] ?? who}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  const login = async (username: string, password = PASSWORD) => (await call('POST', '/api/v1/auth/login', null, { username, password })).status;
  const lastAudit = async (action: string) => (await srv.audit.recent(1, action))[0];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-users-'));
    srv = await createServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dir, 'none'), consoleDist: join(dir, 'none'), ...(await testDatabase(dir)) });
    for (const [username, role] of [['minh', 'admin'], ['lan', 'operator']] as const) {
      await srv.users.create({ username, role, password: PASSWORD });
      tokens[username] = (await srv.sessions.create((await srv.users.find(username))!.id)).token;
    }
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses non-admins (403, audited) and anonymous callers (401) on every user route', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { username: 'x', role: 'viewer' }],
      ['PATCH', '/api/v1/users/lan', { role: 'admin' }],
      ['POST', '/api/v1/users/minh/disable'],
      ['POST', '/api/v1/users/minh/enable'],
      ['DELETE', '/api/v1/users/minh'],
      ['POST', '/api/v1/users/minh/password', { password: 'a-new-password-1' }],
    ];
    for (const [method, path, body] of routes) {
      const before = (await srv.audit.recent(1))[0]!.id;
      const res = await call(method, path, 'lan', body);
      expect([method, path, res.status]).toEqual([method, path, 403]);
      // Refused by the route's declared access (http/route-access.ts) before the route runs.
      expect((await res.json()).errors[0].message).toMatch(/the operator role may not use this route \(allowed: admin\)/);
      expect((await srv.audit.recent(1))[0]).toMatchObject({ actor: 'user:lan', role: 'operator', action: 'access.forbidden', ok: false, detail: { status: 403 } });
      expect((await srv.audit.recent(1))[0]!.id).toBeGreaterThan(before);
      expect((await call(method, path, null, body)).status).toBe(401);
    }
    expect((await srv.users.find('lan'))!.role).toBe('operator');
    expect(await srv.users.find('x')).toBeNull();
  });

  it('lists users for an admin, and audits the read', async () => {
    const res = await call('GET', '/api/v1/users', 'minh');
    expect(res.status).toBe(200);
    const { users, groupGrants } = UserListSchema.parse(await res.json());
    expect(groupGrants).toEqual([]);
    expect(users.map((u) => [u.username, u.role, u.provider, u.activeSessions])).toEqual([['lan', 'operator', 'local', 1], ['minh', 'admin', 'local', 1]]);
    expect(JSON.stringify(users)).not.toMatch(/argon2|password_hash/);
    expect(await lastAudit('user.list')).toMatchObject({ actor: 'user:minh', ok: true, detail: { count: 2 } });
  });

  it('creates, edits, disables, enables, resets and deletes a user; each audited', async () => {
    const created = await call('POST', '/api/v1/users', 'minh', { username: 'Hoa', role: 'viewer', displayName: 'Nguyễn Thị Hoa', password: PASSWORD });
    expect(created.status).toBe(201);
    expect(UserAnswerSchema.parse(await created.json()).user).toMatchObject({ username: 'hoa', displayName: 'Nguyễn Thị Hoa', role: 'viewer', hasPassword: true, disabledAt: null });
    expect(await lastAudit('user.create')).toMatchObject({ actor: 'user:minh', target: 'hoa', ok: true, detail: { role: 'viewer' } });
    expect((await call('POST', '/api/v1/users', 'minh', { username: 'hoa', role: 'viewer' })).status).toBe(409);
    expect((await call('POST', '/api/v1/users', 'minh', { username: 'weak', role: 'viewer', password: 'short' })).status).toBe(422);

    const edited = await call('PATCH', '/api/v1/users/hoa', 'minh', { role: 'presenter', displayName: 'Hoa N.' });
    expect(UserAnswerSchema.parse(await edited.json()).user).toMatchObject({ role: 'presenter', displayName: 'Hoa N.' });
    expect(await lastAudit('user.update')).toMatchObject({ target: 'hoa', detail: { before: { role: 'viewer' }, after: { role: 'presenter' } } });

    expect(await login('hoa')).toBe(200);
    const disabled = await call('POST', '/api/v1/users/hoa/disable', 'minh');
    expect(UserAnswerSchema.parse(await disabled.json()).user.disabledAt).not.toBeNull();
    expect(await lastAudit('user.disable')).toMatchObject({ target: 'hoa', ok: true, detail: { sessionsEnded: 1 } });
    expect(await login('hoa')).toBe(401);
    expect((await call('POST', '/api/v1/users/hoa/enable', 'minh')).status).toBe(200);
    expect(await lastAudit('user.enable')).toMatchObject({ target: 'hoa', ok: true });
    expect(await login('hoa')).toBe(200);

    expect((await call('POST', '/api/v1/users/hoa/password', 'minh', { password: 'a-brand-new-password' })).status).toBe(200);
    expect(await lastAudit('user.password.reset')).toMatchObject({ target: 'hoa', ok: true, detail: { sessionsEnded: 1 } });
    expect(JSON.stringify(await lastAudit('user.password.reset'))).not.toContain('a-brand-new-password');
    expect(await login('hoa')).toBe(401);
    expect(await login('hoa', 'a-brand-new-password')).toBe(200);

    expect((await call('DELETE', '/api/v1/users/hoa', 'minh')).status).toBe(204);
    expect(await lastAudit('user.delete')).toMatchObject({ target: 'hoa', ok: true, detail: { role: 'presenter', sessionsEnded: 1 } });
    expect(await srv.users.find('hoa')).toBeNull();
    expect((await call('DELETE', '/api/v1/users/hoa', 'minh')).status).toBe(404);
  });

  it('keeps an admin from locking the center out', async () => {
    for (const [method, path, body] of [['POST', '/api/v1/users/minh/disable'], ['DELETE', '/api/v1/users/minh'], ['PATCH', '/api/v1/users/minh', { role: 'viewer' }]] as const) {
      const res = await call(method, path, 'minh', body);
      expect(res.status).toBe(409);
      expect((await res.json()).errors[0].message).toMatch(/you cannot (disable|delete|demote) your own account/);
    }
    expect(await lastAudit('user.update')).toMatchObject({ actor: 'user:minh', ok: false });
    expect(await srv.users.find('minh')).toMatchObject({ role: 'admin', disabledAt: null });
  });

  it('names the field of a malformed body', async () => {
    const res = await call('PATCH', '/api/v1/users/lan', 'minh', { role: 'root' });
    expect(res.status).toBe(422);
    expect((await res.json()).errors[0].field).toBe('role');
    expect((await call('PATCH', '/api/v1/users/lan', 'minh', {})).status).toBe(422);
  });
});
