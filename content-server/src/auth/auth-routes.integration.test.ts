import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthMeSchema, SessionInfoSchema } from '@ioc/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Audit, auditSettings } from '../audit/index.js';
import { RefusalTally } from '../audit/refusal-tally.js';
import { installErrorHandling } from '../http/errors.js';
import type { Store } from '../store/index.js';
import { openTestStore } from '../testing/harness.js';
import { ApiKeys, LoginLimiter, Sessions, Users, authRoutes } from './index.js';

const PASSWORD = 'control-room-42';

// A real Fastify app on the real store (SQLite, or PostgreSQL in integration-pg), driven through inject (the full request pipeline without
// a socket). Each login costs an argon2 verification; the tests make about a dozen.
describe('auth routes', () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let audit: Audit;
  let keys: ApiKeys;
  let tally: RefusalTally;

  const login = (body: unknown, remoteAddress = '10.1.1.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: body as object, remoteAddress, headers: { 'user-agent': 'test-console/1' } });
  const me = (token: string) => app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-auth-'));
    store = await openTestStore(dir);
    // The data folder's key file, as a server has it (`auditOf` finds it beside a SQLite file only).
    audit = new Audit(store.sql, { keyFile: auditSettings(dir).keyFile });
    keys = new ApiKeys(store.sql);
    tally = new RefusalTally(audit, { flushEveryMs: 0 });
    const users = new Users(store.sql);
    await users.create({ username: 'lan', role: 'operator', displayName: 'Trần Lan', password: PASSWORD });
    await users.create({ username: 'minh', role: 'admin', password: PASSWORD });
    app = Fastify();
    installErrorHandling(app, pino({ level: 'silent' }));
    await authRoutes(app, { users, sessions: new Sessions(store.sql), keys, audit, tally, limiter: new LoginLimiter() });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in with the right password: a session token, the user, when it ends; not cached', async () => {
    const res = await login({ username: 'LAN', password: PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const info = SessionInfoSchema.parse(res.json());
    expect(info).toMatchObject({ token: expect.stringMatching(/^ios_/), user: { username: 'lan', displayName: 'Trần Lan', role: 'operator', provider: 'local' } });
    expect(info.expiresAt).toBeGreaterThan(Date.now() + 3_600_000);

    const who = await me(info.token!);
    expect(who.statusCode).toBe(200);
    expect(AuthMeSchema.parse(who.json())).toEqual({
      principal: { kind: 'user', id: info.user.id, name: 'lan', role: 'operator', provider: 'local' },
      user: info.user,
      expiresAt: expect.any(Number),
    });
  });

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await login({ username: 'lan', password: 'not-the-password' }, '10.1.1.2');
    const unknown = await login({ username: 'nobody', password: PASSWORD }, '10.1.1.2');
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json()).toEqual({ errors: [{ index: null, field: 'credentials', message: 'invalid username or password' }] });
    expect(unknown.body).toBe(wrong.body);
  });

  it('names the field of a malformed body; refuses other content types', async () => {
    const short = await login({ username: 'lan' });
    expect([short.statusCode, short.json().errors[0].field]).toEqual([400, 'password']);
    const badName = await login({ username: 'lan smith', password: 'x' });
    expect([badName.statusCode, badName.json().errors[0].field]).toEqual([400, 'username']);
    const notJson = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: '{"username":', headers: { 'content-type': 'application/json' } });
    expect([notJson.statusCode, notJson.json().errors[0].field]).toEqual([400, 'body']);
    const text = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: 'lan:pw', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
  });

  it('refuses the sixth attempt in 15 minutes with 429 and Retry-After, even with the right password', async () => {
    const from = '10.1.1.3';
    for (let i = 0; i < 5; i++) expect((await login({ username: 'minh', password: `wrong-${i}` }, from)).statusCode).toBe(401);
    const limited = await login({ username: 'minh', password: PASSWORD }, from);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(890);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);
    expect(limited.json().errors[0].message).toMatch(/too many failed logins; try again in \d+ seconds/);
    // The user name is locked from any address, not only the guessing one.
    expect((await login({ username: 'minh', password: PASSWORD }, '10.1.1.4')).statusCode).toBe(429);
  });

  it('logs out: the token stops working at once', async () => {
    const { token } = (await login({ username: 'lan', password: PASSWORD }, '10.1.1.5')).json() as { token: string };
    expect((await me(token)).statusCode).toBe(200);
    const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(204);
    expect((await me(token)).statusCode).toBe(401);
    const again = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { authorization: `Bearer ${token}` } });
    expect(again.statusCode).toBe(401);
  });

  it('tells who an API key is; refuses no token, garbage and revoked keys', async () => {
    const { key } = await keys.create('kiosk', 'operator');
    const res = await me(key);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ principal: { kind: 'key', id: expect.any(Number), name: 'kiosk', role: 'operator', provider: 'apikey' }, user: null, expiresAt: null });
    expect((await me((await keys.create('feed', 'ingest')).key)).json().principal.role).toBe('ingest');
    await keys.revoke('kiosk');
    expect((await me(key)).statusCode).toBe(401);
    expect((await me('ios_nonsense')).statusCode).toBe(401);
    const none = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect([none.statusCode, none.headers['www-authenticate'], none.json().errors[0].field]).toEqual([401, 'Bearer', 'authorization']);
  });

  it('wrote every login, refusal, lock and logout to the audit log, with name and address, never a password', async () => {
    // Locked-out attempts are counted per address and minute; shutdown writes the open minute.
    await tally.close();
    const entries = (await audit.recent(100)).reverse();
    const of = (action: string) => entries.filter((e) => e.action === action);
    expect(of('auth.login').length).toBeGreaterThanOrEqual(2);
    expect(of('auth.login')[0]).toMatchObject({ actor: 'user:lan', role: 'operator', target: 'lan', ok: true, detail: { address: '10.1.1.1', userAgent: 'test-console/1' } });
    expect(of('auth.login.failed')).toContainEqual(expect.objectContaining({ actor: 'anonymous', target: 'nobody', ok: false, detail: expect.objectContaining({ address: '10.1.1.2', reason: 'unknown-user' }) }));
    expect(of('auth.login.failed').filter((e) => e.target === 'minh')).toHaveLength(5);
    expect(of('auth.login.limited')).toEqual([
      expect.objectContaining({ actor: 'address:10.1.1.3', target: 'minh', ok: false, detail: expect.objectContaining({ limitedBy: 'username', refused: 1 }) }),
      expect.objectContaining({ actor: 'address:10.1.1.4', target: 'minh', detail: expect.objectContaining({ refused: 1 }) }),
    ]);
    expect(of('auth.logout')).toEqual([expect.objectContaining({ actor: 'user:lan', target: 'lan', ok: true })]);
    const all = JSON.stringify(await store.sql.all('SELECT * FROM audit_log'));
    for (const secret of [PASSWORD, 'not-the-password', 'wrong-0', 'wrong-4']) expect(all).not.toContain(secret);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('writes one audit row for a locked-out client retrying 2,000 times, not 2,000', async () => {
    const before = (await store.sql.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!;
    for (let i = 0; i < 2000; i++) expect((await login({ username: 'minh', password: 'again' }, '10.1.1.7')).statusCode).toBe(429);
    await tally.flush(true);
    const rows = (await audit.recent(5)).filter((e) => e.id > 0 && e.action === 'auth.login.limited' && e.actor === 'address:10.1.1.7');
    expect(rows).toEqual([expect.objectContaining({ target: 'minh', ok: false, detail: expect.objectContaining({ refused: 2000, limitedBy: 'username' }) })]);
    const after = (await store.sql.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!;
    expect(after.n - before.n).toBe(1);
    expect((await audit.verify()).ok).toBe(true);
  });
});
