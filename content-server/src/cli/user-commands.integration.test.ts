import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, type Audit } from '../audit/index.js';
import { Sessions, Users } from '../auth/index.js';
import { paths } from '../config.js';
import { Store } from '../store/index.js';

const PASSWORD = 'operator-on-shift-7';

describe('ops user', () => {
  let dataDir: string;
  const ops = (args: string[], input?: string) =>
    spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), 'user', ...args], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      cwd: paths.repoDir,
      // A pipe, never a terminal: the password comes from --password-stdin or not at all.
      input: input ?? '',
    });
  /** Standard error after the line naming the store (every command that opens one prints it first). */
  const errAfterStore = (r: { stderr: string }) => {
    const first = `store: ${join(dataDir, 'ioc.sqlite')}\n`;
    return r.stderr.startsWith(first) ? r.stderr.slice(first.length) : `(no store line) ${r.stderr}`;
  };
  /** Opens the same store as the CLI, as the server would. */
  const withStore = async <T>(fn: (s: { users: Users; sessions: Sessions; audit: Audit }) => T | Promise<T>): Promise<T> => {
    const store = Store.open(dataDir);
    try {
      return await fn({ users: new Users(store.sql), sessions: new Sessions(store.sql), audit: auditOf(store) });
    } finally {
      await store.close();
    }
  };

  beforeAll(() => {
    // The CLI runs from dist/, as it does for operators: build first (`npm test` does). Not built
    // here, because ops.integration.test.ts may be rewriting dist/ in parallel.
    if (!existsSync(join(paths.packageDir, 'dist/cli/user-commands.js'))) throw new Error('content-server is not built: run `npx tsc -b` first');
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-ops-users-'));
    // A new site's first step: the store is made on purpose, never by a typo in DATA_DIR.
    const init = spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), 'init'], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`ops init failed: ${init.stderr}`);
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('adds a user with --password-stdin who can then log in', async () => {
    const added = ops(['add', 'Lan', '--role', 'operator', '--name', 'Trần Thị Lan', '--password-stdin'], `${PASSWORD}\n`);
    expect([added.status, added.stdout, errAfterStore(added)]).toEqual([0, 'user "lan" (operator) added\n', '']);
    await withStore(async ({ users, audit }) => {
      expect(await users.verifyLogin('lan', PASSWORD)).toMatchObject({ reason: 'ok', user: { username: 'lan', displayName: 'Trần Thị Lan', role: 'operator' } });
      expect((await users.verifyLogin('lan', `${PASSWORD}\n`)).reason).toBe('wrong-password');
      expect((await audit.recent(1, 'user.add'))[0]).toMatchObject({ actor: expect.stringMatching(/^cli/), target: 'lan', ok: true, detail: { role: 'operator', displayName: 'Trần Thị Lan' } });
    });
    const listed = ops(['list']);
    expect(listed.stdout).toMatch(/^USERNAME\s+NAME\s+ROLE\s+PROVIDER/);
    expect(listed.stdout).toMatch(/^lan\s+Trần Thị Lan\s+operator\s+local\s+\d{4}-/m);
    expect(listed.stdout).not.toContain('argon2');
  });

  it('refuses to ask for a password without a terminal, a weak one, a bad role and a taken name', () => {
    const noTty = ops(['add', 'minh', '--role', 'viewer']);
    expect([noTty.status, errAfterStore(noTty)]).toEqual([1, 'ops user add: standard input is not a terminal: pass --password-stdin and pipe the password in\n']);
    const weak = ops(['add', 'minh', '--role', 'viewer', '--password-stdin'], 'short\n');
    expect([weak.status, errAfterStore(weak)]).toEqual([1, 'ops user add: a password needs at least 12 characters\n']);
    const role = ops(['add', 'minh', '--role', 'root', '--password-stdin'], `${PASSWORD}\n`);
    expect([role.status, role.stderr]).toEqual([1, expect.stringContaining('expected one of viewer, operator, presenter, technician, admin')]);
    const taken = ops(['add', 'LAN', '--role', 'viewer', '--password-stdin'], `${PASSWORD}\n`);
    expect([taken.status, errAfterStore(taken)]).toEqual([1, 'ops user add: a user named "lan" exists\n']);
    expect(ops(['list']).stdout).not.toContain('minh');
  });

  it('changes role and password, disables (ending sessions) and enables, each audited', async () => {
    const token = await withStore(async ({ users, sessions }) => (await sessions.create((await users.find('lan'))!.id)).token);
    expect(ops(['role', 'lan', 'technician']).stdout).toBe('"lan" is now technician\n');
    expect(ops(['role', 'lan', 'boss']).status).toBe(1);

    const disabled = ops(['disable', 'lan']);
    expect([disabled.status, disabled.stdout]).toEqual([0, '"lan" disabled; 1 session ended\n']);
    expect(ops(['enable', 'lan']).stdout).toBe('"lan" enabled\n');
    await withStore(async ({ sessions }) => expect(await sessions.verify(token)).toBeNull());

    const passwd = ops(['passwd', 'lan', '--password-stdin'], 'a-new-long-password\n');
    expect([passwd.status, passwd.stdout]).toEqual([0, 'password of "lan" changed\n']);
    expect(errAfterStore(ops(['passwd', 'ghost', '--password-stdin'], 'a-new-long-password\n'))).toBe('ops user passwd: no user named "ghost"\n');

    await withStore(async ({ users, audit }) => {
      expect(await users.verifyLogin('lan', 'a-new-long-password')).toMatchObject({ reason: 'ok', user: { role: 'technician' } });
      const actions = (await audit.recent(20)).filter((e) => e.action.startsWith('user.')).map((e) => [e.action, e.target, e.ok]);
      expect(actions.slice(0, 6)).toEqual([
        ['user.passwd', 'ghost', false],
        ['user.passwd', 'lan', true],
        ['user.enable', 'lan', true],
        ['user.disable', 'lan', true],
        ['user.role', 'lan', false],
        ['user.role', 'lan', true],
      ]);
      const log = JSON.stringify((await audit.recent(50)));
      for (const secret of [PASSWORD, 'a-new-long-password', 'short']) expect(log).not.toContain(secret);
      expect((await audit.verify()).ok).toBe(true);
    });
  });

  it("binds a unit's own account to its unit (add --unit, unit, unit --clear), refusing a unit the catalog lacks; each audited", async () => {
    const added = ops(['add', 'hanoi.clerk', '--role', 'viewer', '--unit', '01', '--password-stdin'], `${PASSWORD}\n`);
    expect([added.status, added.stdout]).toEqual([0, 'user "hanoi.clerk" (viewer, unit 01) added\n']);
    expect(ops(['list']).stdout).toMatch(/^hanoi\.clerk\s+hanoi\.clerk\s+viewer\s+local\s+\S+\s+-\s+01$/m);
    const unknown = ops(['unit', 'hanoi.clerk', 'XX9']);
    expect([unknown.status, unknown.stderr]).toEqual([1, expect.stringContaining('ops user unit: unknown reporting unit "XX9"')]);
    expect(ops(['unit', 'hanoi.clerk', '79']).stdout).toBe('"hanoi.clerk" reports for unit 79\n');
    expect(ops(['unit', 'hanoi.clerk', '--clear']).stdout).toBe('"hanoi.clerk" is bound to no unit\n');
    await withStore(async ({ users, audit }) => {
      expect((await users.find('hanoi.clerk'))?.unit).toBeNull();
      const rows = (await audit.recent(4)).filter((e) => e.action.startsWith('user.')).map((e) => [e.action, e.ok, e.detail]);
      expect(rows).toEqual([
        ['user.unit', true, { from: '79', to: null }],
        ['user.unit', true, { from: '01', to: '79' }],
        ['user.unit', false, expect.objectContaining({ error: expect.stringContaining('"XX9"') })],
        ['user.add', true, expect.objectContaining({ unit: '01' })],
      ]);
    });
  });
});
