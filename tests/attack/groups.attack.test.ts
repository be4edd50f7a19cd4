// Groups: only an admin may create or change a group or its members (a group grants a role, so
// a way in here would be a way up); and no admin may take their own admin grant away through a
// group. Tried against the built server, as each role and as API keys.
import { USER_ROLES } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from './target.js';

let target: Target;
let groupId: number;
beforeAll(async () => {
  target = await startTarget();
  // A group for the attempts to change; created by the admin, as it would be in the console.
  const res = await call('POST', '/api/v1/groups', target.sessions.admin, { name: 'duty', role: 'viewer' });
  groupId = ((await res.json()) as { group: { id: number } }).group.id;
});
afterAll(async () => {
  await target?.close();
});

const call = (method: string, path: string, token: string | null, body?: unknown) =>
  fetch(`${target.url}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

describe('group management', () => {
  it('refuses every non-admin role and non-admin key: 403, audited, nothing stored', async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/groups'],
      ['POST', '/api/v1/groups', { name: 'way-up', role: 'admin', idpGroups: ['everyone'] }],
      ['PATCH', `/api/v1/groups/${groupId}`, { role: 'admin' }],
      ['DELETE', `/api/v1/groups/${groupId}`],
      ['PUT', `/api/v1/groups/${groupId}/members/attack-viewer`],
      ['DELETE', `/api/v1/groups/${groupId}/members/attack-viewer`],
    ];
    const groups = target.count('groups');
    const members = target.count('group_members');
    const callers = [
      ...USER_ROLES.filter((r) => r !== 'admin').map((r) => [`user:attack-${r}`, target.sessions[r]] as const),
      ['key:attack-operator', target.keys.operator] as const,
      ['key:attack-ingest', target.keys.ingest] as const,
      ['key:attack-reader', target.keys.reader] as const,
    ];
    for (const [actor, token] of callers) {
      for (const [method, path, body] of routes) {
        const before = target.lastAuditId();
        const res = await call(method, path, token, body);
        expect([actor, method, path, res.status]).toEqual([actor, method, path, 403]);
        expect((await res.json()).errors[0].message).toMatch(/may not use this route \(allowed: admin\)/);
        expect(target.auditSince(before).filter((a) => a.action === 'access.forbidden')).toMatchObject([{ actor, ok: 0, target: `${method} ${path.replace(`/${groupId}`, '/:id').replace('/attack-viewer', '/:username')}` }]);
      }
    }
    for (const [method, path, body] of routes) expect((await call(method, path, null, body)).status).toBe(401);
    expect(target.count('groups')).toBe(groups);
    expect(target.count('group_members')).toBe(members);
    expect(target.count('groups', "role = 'admin'")).toBe(0);
    expect(await target.alive()).toBe(true);
  });

  it("refuses an admin taking their own admin grant away through a group: 409, audited, nothing changed; the viewer's grant stays out of reach", async () => {
    // attack-viewer is made an admin by a group only; then, as that admin, tries to leave it.
    const admins = (await (await call('POST', '/api/v1/groups', target.sessions.admin, { name: 'admins', role: 'admin' })).json()) as { group: { id: number } };
    expect((await call('PUT', `/api/v1/groups/${admins.group.id}/members/attack-viewer`, target.sessions.admin)).status).toBe(200);
    const members = target.count('group_members');
    for (const [method, path, body] of [
      ['PATCH', `/api/v1/groups/${admins.group.id}`, { role: 'viewer' }],
      ['PATCH', `/api/v1/groups/${admins.group.id}`, { disabled: true }],
      ['DELETE', `/api/v1/groups/${admins.group.id}/members/attack-viewer`],
      ['DELETE', `/api/v1/groups/${admins.group.id}`],
    ] as const) {
      const before = target.lastAuditId();
      const res = await call(method, path, target.sessions.viewer, body);
      expect([method, path, res.status]).toEqual([method, path, 409]);
      expect((await res.json()).errors[0].message).toMatch(/you cannot remove your own admin grant/);
      expect(target.auditSince(before)).toMatchObject([{ actor: 'user:attack-viewer', target: 'admins', ok: 0 }]);
    }
    expect(target.count('groups', `id = ${admins.group.id} AND role = 'admin' AND disabled_at IS NULL`)).toBe(1);
    expect(target.count('group_members')).toBe(members);
    expect(await target.alive()).toBe(true);
  });
});
