import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrincipalSchema } from '@ioc/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { ApiKeys, Sessions, Users, actorOf, resolvePrincipal, userRoleOf } from './index.js';

describe('resolvePrincipal', () => {
  let dir: string;
  let store: Store;
  let deps: { keys: ApiKeys; sessions: Sessions };
  let users: Users;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-principal-'));
    store = Store.open(dir);
    users = new Users(store.sql);
    deps = { keys: new ApiKeys(store.sql), sessions: new Sessions(store.sql) };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows a session token as its user, and single sign-on users by their provider', async () => {
    const local = await users.create({ username: 'lan', role: 'presenter' });
    const sso = await users.upsertExternal('oidc:entra', 'abc', { username: 'minh', role: 'technician' });
    const a = await resolvePrincipal((await deps.sessions.create(local.id)).token, deps);
    expect(a).toEqual({ kind: 'user', id: local.id, name: 'lan', role: 'presenter', provider: 'local' });
    expect(PrincipalSchema.parse(a)).toEqual(a);
    expect(actorOf(a!)).toBe('user:lan');
    expect(await resolvePrincipal((await deps.sessions.create(sso.id)).token, deps)).toMatchObject({ name: 'minh', role: 'technician', provider: 'oidc' });
  });

  it('maps API key roles: operator and admin as such, ingest to a role without console rights', async () => {
    const p = async (role: 'ingest' | 'operator' | 'admin') => resolvePrincipal((await deps.keys.create(`k-${role}`, role)).key, deps);
    expect(await p('operator')).toMatchObject({ kind: 'key', name: 'k-operator', role: 'operator', provider: 'apikey' });
    expect(await p('admin')).toMatchObject({ role: 'admin' });
    const ingest = await p('ingest');
    expect(ingest).toMatchObject({ role: 'ingest' });
    expect(userRoleOf(ingest!)).toBeNull();
    expect(actorOf(ingest!)).toBe('key:k-ingest');
  });

  it('answers null for nothing, garbage, a revoked key and an ended session', async () => {
    const { key } = await deps.keys.create('gone', 'operator');
    await deps.keys.revoke('gone');
    const { token } = await deps.sessions.create((await users.create({ username: 'x', role: 'viewer' })).id);
    await deps.sessions.revoke(token);
    for (const t of [null, undefined, '', 'Bearer x', key, token]) expect(await resolvePrincipal(t, deps)).toBeNull();
  });
});
