import { hash } from '@node-rs/argon2';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql.js';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { PasswordPolicyError, UserError, Users } from './index.js';

const PASSWORD = 'night-shift-2025';
const CHECK = /CHECK|check constraint/;

describe.each(ENGINES)('users on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => {
    const sql = await freshSql(engine);
    return { sql, users: new Users(sql) };
  };
  const hashOf = async (sql: Sql, username: string) => (await sql.get<{ password_hash: string | null }>('SELECT password_hash FROM users WHERE username = ?', [username]))?.password_hash;

  it('creates a local user with a lower-case name and an argon2id hash, and checks a login', async () => {
    const { sql, users } = await open();
    const alice = await users.create({ username: 'Alice.Nguyen', role: 'operator', displayName: ' Alice Nguyễn ', password: PASSWORD });
    expect(alice).toMatchObject({ username: 'alice.nguyen', displayName: 'Alice Nguyễn', role: 'operator', provider: 'local', subject: null, hasPassword: true, disabledAt: null });
    expect(await hashOf(sql, 'alice.nguyen')).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(await sql.all('SELECT * FROM users'))).not.toContain(PASSWORD);

    expect(await users.verifyLogin('ALICE.nguyen', PASSWORD)).toMatchObject({ reason: 'ok', user: { id: alice.id } });
    expect(await users.verifyLogin('alice.nguyen', 'night-shift-2024')).toEqual({ user: null, reason: 'wrong-password' });
    expect(await users.verifyLogin('nobody', PASSWORD)).toEqual({ user: null, reason: 'unknown-user' });
    expect(await users.verifyLogin('not a name!', PASSWORD)).toEqual({ user: null, reason: 'unknown-user' });
  });

  it('refuses a taken name, a bad name, a bad role and a weak password', async () => {
    const { sql, users } = await open();
    await users.create({ username: 'bob', role: 'viewer' });
    await expect(users.create({ username: 'BOB', role: 'viewer' })).rejects.toThrow(/a user named "bob" exists/);
    await expect(users.create({ username: 'bob smith', role: 'viewer' })).rejects.toThrow(UserError);
    await expect(users.create({ username: 'x'.repeat(65), role: 'viewer' })).rejects.toThrow(/invalid user name/);
    await expect(users.create({ username: 'carol', role: 'root' as never })).rejects.toThrow(/invalid role "root"/);
    await expect(users.create({ username: 'carol', role: 'viewer', password: 'too-short' })).rejects.toThrow(PasswordPolicyError);
    expect(await users.find('carol')).toBeNull();
    // The schema holds the same rule as the code.
    await expect(sql.run("INSERT INTO users (username, display_name, role, created_at) VALUES ('x', 'x', 'root', 0)")).rejects.toThrow(CHECK);
  });

  it('lets one of two creations of the same name at once win; the other is told the name is taken', async () => {
    const { users } = await open();
    const results = await Promise.allSettled([users.create({ username: 'twin', role: 'viewer' }), users.create({ username: 'Twin', role: 'admin' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected');
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(UserError);
    expect((await users.list()).map((u) => u.username)).toEqual(['twin']);
  });

  it('changes role, disables and enables, lists by name; a disabled user cannot log in', async () => {
    const { users } = await open();
    await users.create({ username: 'dung', role: 'viewer', password: PASSWORD });
    await users.create({ username: 'an', role: 'admin' });
    expect((await users.setRole('dung', 'technician')).role).toBe('technician');
    await expect(users.setRole('ghost', 'viewer')).rejects.toThrow(/no user named "ghost"/);
    const disabled = await users.disable('Dung');
    expect(disabled.disabledAt).toEqual(expect.any(Number));
    expect((await users.disable('dung')).disabledAt).toBe(disabled.disabledAt);
    expect(await users.verifyLogin('dung', PASSWORD)).toEqual({ user: null, reason: 'disabled' });
    expect((await users.enable('dung')).disabledAt).toBeNull();
    expect((await users.list()).map((u) => [u.username, u.role])).toEqual([['an', 'admin'], ['dung', 'technician']]);
    // A user without a password cannot log in with any.
    expect(await users.verifyLogin('an', PASSWORD)).toEqual({ user: null, reason: 'no-password' });
  });

  it('sets a new password, and replaces an old weaker hash at the next login', async () => {
    const { sql, users } = await open();
    await users.create({ username: 'em', role: 'presenter' });
    await users.setPassword('em', PASSWORD);
    await expect(users.setPassword('em', 'short')).rejects.toThrow(/at least 12/);
    expect((await users.verifyLogin('em', PASSWORD)).reason).toBe('ok');

    const weak = await hash('an older password', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    await sql.run("UPDATE users SET password_hash = ? WHERE username = 'em'", [weak]);
    expect((await users.verifyLogin('em', 'an older password')).reason).toBe('ok');
    expect(await hashOf(sql, 'em')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('creates and updates single sign-on users by provider and subject, never over a local account', async () => {
    const { sql, users } = await open();
    const first = await users.upsertExternal('oidc', 'sub-123', { username: 'Giang', displayName: 'Giang Lê', role: 'operator' });
    expect(first).toMatchObject({ username: 'giang', displayName: 'Giang Lê', role: 'operator', provider: 'oidc', subject: 'sub-123', hasPassword: false });
    const again = await users.upsertExternal('oidc', 'sub-123', { username: 'giang.le', displayName: 'Lê Giang', role: 'presenter' });
    expect(again).toMatchObject({ id: first.id, username: 'giang', displayName: 'Lê Giang', role: 'presenter' });
    // Same subject at another provider is another person.
    expect((await users.upsertExternal('oidc:entra', 'sub-123', { username: 'giang2', role: 'viewer' })).id).not.toBe(first.id);

    await users.create({ username: 'hoa', role: 'admin' });
    await expect(users.upsertExternal('oidc', 'sub-999', { username: 'hoa', role: 'admin' })).rejects.toThrow(/belongs to another account/);
    await expect(users.upsertExternal('saml', 'x', { username: 'y', role: 'viewer' })).rejects.toThrow(/invalid provider/);
    await expect(users.setPassword('giang', PASSWORD)).rejects.toThrow(/signs in through oidc/);
    expect(await users.verifyLogin('giang', PASSWORD)).toEqual({ user: null, reason: 'no-password' });

    await users.disable('giang');
    expect((await users.upsertExternal('oidc', 'sub-123', { username: 'giang', role: 'operator' })).disabledAt).not.toBeNull();
    await expect(sql.run("UPDATE users SET password_hash = 'x' WHERE username = 'giang'")).rejects.toThrow(CHECK);
  });
});
