import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthMeSchema, SessionInfoSchema } from '@ioc/protocol';
import Provider from 'oidc-provider';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../../server.js';
import { testDatabase } from '../../testing/harness.js';
import { parseRoleMap } from './oidc-config.js';

const CLIENT_ID = 'ioc-console';
const CLIENT_SECRET = 'a-client-secret-for-tests-only-0123456789';
/** The provider's people and their groups; tests move them between groups as an IdP admin would. */
const accounts: Record<string, { name: string; groups: string[] }> = {
  'hoa.nguyen': { name: 'Nguyễn Thị Hoa', groups: ['staff', 'ioc-operators'] },
  'tuan.le': { name: 'Lê Anh Tuấn', groups: ['ioc-admins', 'ioc-viewers'] },
  'khach': { name: 'Khách', groups: ['visitors'] },
};

// A real OpenID Connect provider (oidc-provider, its built-in login and consent pages) on a free
// port, and the content server configured against it; the browser is fetch with a cookie jar,
// filling the provider's own forms. Nothing is mocked between the two.
describe('single sign-on against a real OpenID Connect provider', () => {
  let dir: string;
  let idp: Server;
  let issuer: string;
  let srv: RunningServer;
  const oidcSettings = (redirectUri: string | null) => ({
    issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUri, scopes: 'openid profile groups', groupsClaim: 'groups', usernameClaim: 'preferred_username',
    roleMap: parseRoleMap('{"ioc-viewers":"viewer","ioc-operators":"operator","ioc-admins":"admin"}'),
  });
  /** A content server on this test's data folder: the first one, or a second one beside it on the same store. */
  const contentServer = async (redirectUri: string | null) =>
    createServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dir, 'none'), consoleDist: join(dir, 'none'), oidc: oidcSettings(redirectUri), ...(await testDatabase(dir)) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-oidc-'));
    idp = createHttpServer();
    await new Promise<void>((done) => idp.listen(0, '127.0.0.1', done));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    srv = await contentServer(null);
    const provider = new Provider(issuer, {
      clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${srv.url}/api/v1/auth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
      scopes: ['openid', 'profile', 'groups'],
      cookies: { keys: ['cookie-key-for-tests-only'] },
      findAccount: (_ctx, id) => {
        const account = accounts[id];
        return account ? { accountId: id, claims: () => ({ sub: id, preferred_username: id, name: account.name, groups: [...account.groups] }) } : undefined;
      },
    });
    idp.on('request', provider.callback());
  });
  afterAll(async () => {
    await srv?.close();
    await new Promise((done) => idp?.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a sign-in at the content server; the provider's authorization URL. */
  async function start(server = srv.url): Promise<URL> {
    const res = await fetch(`${server}/api/v1/auth/oidc/start`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  }

  /** A browser at the provider: follows its redirects and fills its login and consent forms, until it is sent back to us. */
  async function atProvider(from: URL, login: string): Promise<URL> {
    const jar = new Map<string, string>();
    const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    let next = from;
    let body: URLSearchParams | null = null;
    for (let hop = 0; hop < 20; hop++) {
      if (next.origin !== issuer) return next;
      const res: Response = await fetch(next, { redirect: 'manual', method: body ? 'POST' : 'GET', headers: { cookie: cookie(), ...(body && { 'content-type': 'application/x-www-form-urlencoded' }) }, ...(body && { body }) });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      body = null;
      if (res.status >= 300 && res.status < 400) {
        next = new URL(res.headers.get('location')!, next);
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action) throw new Error(`provider answered ${res.status}: ${html.slice(0, 300)}`);
      next = new URL(action.replace(/&amp;/g, '&'), next);
      body = new URLSearchParams(/name="prompt" value="login"/.test(html) ? { prompt: 'login', login, password: 'any' } : { prompt: 'consent' });
    }
    throw new Error('too many hops at the provider');
  }

  /** The whole flow: start, the provider, our callback; the callback's answer. */
  async function signIn(login: string): Promise<{ callback: URL; res: Response }> {
    const callback = await atProvider(await start(), login);
    const res = await fetch(callback, { redirect: 'manual' });
    return { callback, res };
  }

  const exchange = (code: string, server = srv.url) => fetch(`${server}/api/v1/auth/oidc/exchange`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  const codeOf = (res: Response) => /^\/console\/#sso=([A-Za-z0-9_-]+)$/.exec(res.headers.get('location') ?? '')?.[1];
  const lastAudit = async (action: string) => (await srv.audit.recent(1, action))[0];

  it('offers single sign-on beside local accounts', async () => {
    expect(await (await fetch(`${srv.url}/api/v1/auth/providers`)).json()).toEqual({ local: true, sso: true });
  });

  it('signs a person in with the role of their highest mapped group; the console gets a one-time code in the fragment, not a token', async () => {
    const { callback, res } = await signIn('tuan.le');
    expect(callback.pathname).toBe('/api/v1/auth/oidc/callback');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).not.toMatch(/ios_|token/);
    const code = codeOf(res);
    expect(code).toBeDefined();

    const traded = await exchange(code!);
    expect(traded.status).toBe(200);
    const info = SessionInfoSchema.parse(await traded.json());
    expect(info.user).toMatchObject({ username: 'tuan.le', displayName: 'Lê Anh Tuấn', role: 'admin', provider: 'oidc' });
    const me = AuthMeSchema.parse(await (await fetch(`${srv.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${info.token}` } })).json());
    expect(me.principal).toMatchObject({ kind: 'user', name: 'tuan.le', role: 'admin', provider: 'oidc' });
    expect(await srv.users.find('tuan.le')).toMatchObject({ provider: 'oidc', subject: 'tuan.le', hasPassword: false });

    expect(await lastAudit('auth.oidc.login')).toMatchObject({ actor: 'user:tuan.le', role: 'admin', ok: true, detail: { subject: 'tuan.le', groups: ['ioc-admins', 'ioc-viewers'] } });
    expect(await lastAudit('auth.login')).toMatchObject({ actor: 'user:tuan.le', ok: true, detail: { provider: 'oidc' } });

    // An admin sees the provider's groups and the roles they grant.
    const list = await (await fetch(`${srv.url}/api/v1/users`, { headers: { authorization: `Bearer ${info.token}` } })).json();
    expect(list.groupGrants).toEqual([{ group: 'ioc-viewers', role: 'viewer' }, { group: 'ioc-operators', role: 'operator' }, { group: 'ioc-admins', role: 'admin' }]);
    expect(list.users).toContainEqual(expect.objectContaining({ username: 'tuan.le', provider: 'oidc', hasPassword: false }));

    // The hand-over code is used once.
    expect((await exchange(code!)).status).toBe(400);
  });

  it('finishes a sign-in on another server of the same store: started on one, called back on a second, traded on the first again', async () => {
    // The second server sends the provider the first one's callback URL, as a center behind one
    // address (OIDC_REDIRECT_URI) does: the state it kept must be found by the first server.
    const other = await contentServer(`${srv.url}/api/v1/auth/oidc/callback`);
    try {
      const callback = await atProvider(await start(other.url), 'tuan.le');
      expect(callback.origin).toBe(srv.url);
      const res = await fetch(callback, { redirect: 'manual' });
      expect(res.status).toBe(302);
      const code = codeOf(res)!;
      const traded = await exchange(code, other.url);
      expect(traded.status).toBe(200);
      const info = SessionInfoSchema.parse(await traded.json());
      expect(info.user).toMatchObject({ username: 'tuan.le', role: 'admin', provider: 'oidc' });
      // Used once, whichever server is asked next.
      expect((await exchange(code)).status).toBe(400);
      expect((await exchange(code, other.url)).status).toBe(400);
    } finally {
      await other.close();
    }
  });

  it('refuses a new sign-in with 429 while 10,000 are under way, on all servers together, and takes them again once there is room', async () => {
    // Anyone may start a sign-in: a flood of them would otherwise grow the store without bound.
    await srv.store.sql.run(
      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) INSERT INTO one_time_codes (key_hash, kind, value, expires_at) SELECT 'flood-' || i, 'oidc.state', '{}', ? FROM n",
      [Date.now() + 600_000],
    );
    try {
      const res = await fetch(`${srv.url}/api/v1/auth/oidc/start`, { redirect: 'manual' });
      expect(res.status).toBe(429);
      expect((await res.json()).errors[0]).toMatchObject({ field: 'sso', message: expect.stringMatching(/Quá nhiều lượt đăng nhập.*too many sign-ins under way/) });
      await srv.tally.flush(true);
      expect(await lastAudit('auth.oidc.refused')).toMatchObject({ actor: 'address:127.0.0.1', ok: false, detail: { reason: 'busy', refused: 1 } });
    } finally {
      await srv.store.sql.run("DELETE FROM one_time_codes WHERE key_hash LIKE 'flood-%'");
    }
    await start();
  });

  it('takes a role change at the provider at the next sign-in', async () => {
    const first = await exchange(codeOf((await signIn('hoa.nguyen')).res)!);
    expect((await first.json()).user.role).toBe('operator');
    accounts['hoa.nguyen']!.groups = ['staff', 'ioc-viewers'];
    const second = await exchange(codeOf((await signIn('hoa.nguyen')).res)!);
    const info = SessionInfoSchema.parse(await second.json());
    expect(info.user).toMatchObject({ username: 'hoa.nguyen', role: 'viewer' });
    expect((await srv.users.list()).filter((u) => u.username === 'hoa.nguyen')).toHaveLength(1);
  });

  it('refuses a person in no mapped group: 403, audited, no user kept', async () => {
    const { res } = await signIn('khach');
    expect(res.status).toBe(403);
    expect((await res.json()).errors[0]).toMatchObject({ field: 'sso', message: expect.stringMatching(/không thuộc nhóm nào.*no group granted a role/) });
    expect(await srv.users.find('khach')).toBeNull();
    expect(await lastAudit('auth.oidc.refused')).toMatchObject({ actor: 'oidc:khach', ok: false, detail: { reason: 'no-mapped-group', groups: ['visitors'] } });
  });

  it("grants the role of a group an admin created through the API for the person's provider group, from the next sign-in; the membership follows the provider", async () => {
    const admin = await srv.users.create({ username: 'groups.admin', role: 'admin', password: 'control-room-42' });
    const adminToken = (await srv.sessions.create(admin.id)).token;
    // khach's only provider group is mapped by no OIDC_ROLE_MAP entry (refused above); a stored group maps it now.
    const created = await fetch(`${srv.url}/api/v1/groups`, { method: 'POST', headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'visitors-desk', role: 'presenter', idpGroups: ['visitors'] }) });
    expect(created.status).toBe(201);
    const { res } = await signIn('khach');
    expect(res.status).toBe(302);
    const info = SessionInfoSchema.parse(await (await exchange(codeOf(res)!)).json());
    expect(info.user).toMatchObject({ username: 'khach', role: 'presenter' });
    const me = AuthMeSchema.parse(await (await fetch(`${srv.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${info.token}` } })).json());
    expect(me.principal).toMatchObject({ name: 'khach', role: 'presenter' });
    expect(await lastAudit('auth.oidc.login')).toMatchObject({ actor: 'user:khach', role: 'presenter', detail: { joined: ['visitors-desk'], left: [] } });
    // The grant is the group's: the user's own role is the least one, and the membership is the provider's.
    expect((await srv.users.find('khach'))?.role).toBe('viewer');
    expect((await srv.groups.findByName('visitors-desk'))?.members).toEqual([{ username: 'khach', displayName: 'Khách', source: 'idp' }]);

    // Moved at the provider to a group OIDC_ROLE_MAP maps: the stored group's membership goes.
    accounts['khach']!.groups = ['ioc-operators'];
    const again = SessionInfoSchema.parse(await (await exchange(codeOf((await signIn('khach')).res)!)).json());
    expect(again.user.role).toBe('operator');
    expect((await srv.groups.findByName('visitors-desk'))?.members).toEqual([]);
    expect(await lastAudit('auth.oidc.login')).toMatchObject({ detail: { joined: [], left: ['visitors-desk'] } });
  });

  it('refuses a replayed callback, a forged state and a forged code; counts and audits them', async () => {
    const { callback, res } = await signIn('tuan.le');
    expect(res.status).toBe(302);
    const replay = await fetch(callback, { redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect((await replay.json()).errors[0].message).toMatch(/đã dùng.*already used/);

    const forgedState = new URL(callback);
    forgedState.searchParams.set('state', 'forged-state-value');
    expect((await fetch(forgedState, { redirect: 'manual' })).status).toBe(400);

    // A state we did hand out, with a code the provider never issued.
    const state = (await start()).searchParams.get('state')!;
    const forgedCode = await fetch(`${srv.url}/api/v1/auth/oidc/callback?code=forged-code&state=${state}`, { redirect: 'manual' });
    expect(forgedCode.status).toBe(400);
    expect(await lastAudit('auth.oidc.refused')).toMatchObject({ actor: 'anonymous', ok: false, detail: { reason: 'code-rejected' } });

    await srv.tally.flush(true);
    expect(await lastAudit('auth.oidc.refused')).toMatchObject({ actor: 'address:127.0.0.1', ok: false, detail: { reason: 'unknown-state', refused: 2 } });
    expect((await exchange('A'.repeat(43))).status).toBe(400);
  });

  it('refuses a user disabled here even when the provider vouches for them', async () => {
    await srv.users.disable('tuan.le');
    const { res } = await signIn('tuan.le');
    expect(res.status).toBe(403);
    expect(await lastAudit('auth.oidc.refused')).toMatchObject({ actor: 'user:tuan.le', detail: { reason: 'disabled' } });
    await srv.users.enable('tuan.le');
  });

  it('keeps local accounts working', async () => {
    await srv.users.create({ username: 'local.admin', role: 'admin', password: 'control-room-42' });
    const res = await fetch(`${srv.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'local.admin', password: 'control-room-42' }) });
    expect(res.status).toBe(200);
    expect((await res.json()).user).toMatchObject({ provider: 'local', role: 'admin' });
  });
});
