// Identity: user management is for admins only, and single sign-on's state and hand-over codes
// cannot be forged or replayed; tried against the built server with a real OpenID Connect
// provider (oidc-provider) configured through OIDC_*.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USER_ROLES } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from '../support/oidc-idp.js';
import { createApiKey } from '../support/server.js';
import { startTarget, type Target } from './target.js';

const CALLBACK = 'http://127.0.0.1:9/api/v1/auth/oidc/callback';
let idp: RunningIdp;
let target: Target;
const secretDir = mkdtempSync(join(tmpdir(), 'ioc-idp-secret-'));

beforeAll(async () => {
  idp = await startIdp(CALLBACK, { 'tuan.le': { name: 'Lê Anh Tuấn', groups: ['ioc-admins'] } });
  const dir = join(secretDir, 'client-secret');
  writeFileSync(dir, idp.clientSecret);
  target = await startTarget({ env: { OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET_FILE: dir, OIDC_REDIRECT_URI: CALLBACK, OIDC_ROLE_MAP: 'ioc-admins=admin' } });
});
afterAll(async () => {
  await target?.close();
  await idp?.close();
  rmSync(secretDir, { recursive: true, force: true });
});

const call = (method: string, path: string, token: string | null, body?: unknown) =>
  fetch(`${target.url}${path}`, {
    method,
    redirect: 'manual',
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

describe('user management', () => {
  const routes: Array<[string, string, unknown?]> = [
    ['GET', '/api/v1/users'],
    ['POST', '/api/v1/users', { username: 'intruder', role: 'admin', password: 'an-intruder-password' }],
    ['PATCH', '/api/v1/users/attack-viewer', { role: 'admin' }],
    ['POST', '/api/v1/users/attack-admin/disable'],
    ['POST', '/api/v1/users/attack-admin/enable'],
    ['DELETE', '/api/v1/users/attack-admin'],
    ['POST', '/api/v1/users/attack-admin/password', { password: 'taken-over-password' }],
  ];

  it('refuses every non-admin role, user or key: 403, audited, nothing changed', async () => {
    const users = target.count('users');
    const roles = target.count('users', "role = 'admin' AND disabled_at IS NULL");
    const callers = [...USER_ROLES.filter((r) => r !== 'admin').map((r) => [`user:attack-${r}`, target.sessions[r]] as const), ['key:attack-operator', target.keys.operator] as const, ['key:attack-ingest', target.keys.ingest] as const];
    for (const [actor, token] of callers) {
      for (const [method, path, body] of routes) {
        const before = target.lastAuditId();
        const res = await call(method, path, token, body);
        expect([actor, method, path, res.status]).toEqual([actor, method, path, 403]);
        // Refused by the route's declared access (http/route-access.ts), before the route runs.
        expect((await res.json()).errors[0].message).toMatch(/may not use this route \(allowed: admin\)/);
        expect(target.auditSince(before).filter((a) => a.action === 'access.forbidden')).toMatchObject([{ actor, ok: 0, target: `${method} ${path.replace(/\/attack-(admin|viewer)/, '/:username')}` }]);
      }
    }
    for (const [method, path, body] of routes) expect((await call(method, path, null, body)).status).toBe(401);
    expect(target.count('users')).toBe(users);
    expect(target.count('users', "role = 'admin' AND disabled_at IS NULL")).toBe(roles);
    expect(target.count('users', "username = 'intruder'")).toBe(0);
    expect(await target.alive()).toBe(true);
  });
});

describe('single sign-on', () => {
  it('sends the browser to the provider with PKCE (S256), a state and a nonce', async () => {
    const res = await call('GET', '/api/v1/auth/oidc/start', null);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.origin).toBe(idp.issuer);
    expect(Object.fromEntries(['code_challenge_method', 'response_type', 'redirect_uri'].map((k) => [k, to.searchParams.get(k)]))).toEqual({ code_challenge_method: 'S256', response_type: 'code', redirect_uri: CALLBACK });
    for (const k of ['state', 'nonce', 'code_challenge']) expect(to.searchParams.get(k)?.length).toBeGreaterThan(20);
  });

  it('refuses forged states and hand-over codes by the hundred: 400, no session, no user, counted not written one by one', async () => {
    const sessions = target.count('sessions');
    const users = target.count('users');
    const before = target.lastAuditId();
    for (let i = 0; i < 150; i++) {
      const forged = await call('GET', `/api/v1/auth/oidc/callback?code=c${i}&state=forged-${i}`, null);
      expect(forged.status).toBe(400);
      const code = await call('POST', '/api/v1/auth/oidc/exchange', null, { code: `forged-hand-over-code-${i}-xxxxxxxx` });
      expect(code.status).toBe(400);
    }
    expect(await target.alive()).toBe(true);
    expect(target.count('sessions')).toBe(sessions);
    expect(target.count('users')).toBe(users);
    // Aggregated per address and minute (a minute boundary may split them in two).
    expect(target.auditSince(before).filter((a) => a.action.startsWith('auth.oidc')).length).toBeLessThanOrEqual(4);
  });

  it('refuses a malformed hand-over body with the field named', async () => {
    const res = await call('POST', '/api/v1/auth/oidc/exchange', null, { code: '../../etc/passwd', extra: 1 });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).toContain('code');
  });
});

describe("a unit's own key", () => {
  it('cannot submit for another unit, even hidden in a batch of its own: 403 naming the units, audited, nothing stored', async () => {
    const key = createApiKey(target.dataDir, 'danang-stats', 'ingest', { unit: '48' });
    const rows = target.count('observations');
    const before = target.lastAuditId();
    const observations = ['48', '48', '01'].map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: `2024-0${i + 1}`, value: 3, source: 'GSO' }));
    const res = await call('POST', '/api/v1/observations', key, { observations });
    expect(res.status).toBe(403);
    expect((await res.json()).errors).toMatchObject([{ index: 2, field: 'unit', message: 'key "danang-stats" reports for unit "48" only, not for unit "01"' }]);
    expect(target.count('observations')).toBe(rows);
    expect(target.auditSince(before)).toMatchObject([{ actor: 'key:danang-stats', action: 'ingest.batch', ok: 0 }]);
    expect(await target.alive()).toBe(true);
  });
});
