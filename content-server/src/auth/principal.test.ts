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
    users = new Users(store.db);
    deps = { keys: new ApiKeys(store.db), sessions: new Sessions(store.db) };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('knows a session token as its user, and single sign-on users by their provider', async () => {
    const local = await users.create({ username: 'lan', role: 'presenter' });
    const sso = users.upsertExternal('oidc:entra', 'abc', { username: 'minh', role: 'technician' });
    const a = resolvePrincipal(deps.sessions.create(local.id).token, deps);
    expect(a).toEqual({ kind: 'user', id: local.id, name: 'lan', role: 'presenter', provider: 'local' });
    expect(PrincipalSchema.parse(a)).toEqual(a);
    expect(actorOf(a!)).toBe('user:lan');
    expect(resolvePrincipal(deps.sessions.create(sso.id).token, deps)).toMatchObject({ name: 'minh', role: 'technician', provider: 'oidc' });
  });

  it('maps API key roles: operator and admin as such, ingest to a role without console rights', () => {
    const p = (role: 'ingest' | 'operator' | 'admin') => resolvePrincipal(deps.keys.create(`k-${role}`, role).key, deps);
    expect(p('operator')).toMatchObject({ kind: 'key', name: 'k-operator', role: 'operator', provider: 'apikey' });
    expect(p('admin')).toMatchObject({ role: 'admin' });
    const ingest = p('ingest');
    expect(ingest).toMatchObject({ role: 'ingest' });
    expect(userRoleOf(ingest!)).toBeNull();
    expect(actorOf(ingest!)).toBe('key:k-ingest');
  });

  it('answers null for nothing, garbage, a revoked key and an ended session', async () => {
    const { key } = deps.keys.create('gone', 'operator');
    deps.keys.revoke('gone');
    const { token } = deps.sessions.create((await users.create({ username: 'x', role: 'viewer' })).id);
    deps.sessions.revoke(token);
    for (const t of [null, undefined, '', 'Bearer x', key, token]) expect(resolvePrincipal(t, deps)).toBeNull();
  });
});
