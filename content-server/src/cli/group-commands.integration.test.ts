import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, type Audit } from '../audit/index.js';
import { Groups, Sessions, Users } from '../auth/index.js';
import { paths } from '../config.js';
import { Store } from '../store/index.js';

describe('ops group', () => {
  let dataDir: string;
  const ops = (args: string[]) =>
    spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), 'group', ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', cwd: paths.repoDir, input: '' });
  const errAfterStore = (r: { stderr: string }) => r.stderr.replace(`store: ${join(dataDir, 'ioc.sqlite')}\n`, '');
  const withStore = async <T>(fn: (s: { users: Users; groups: Groups; sessions: Sessions; audit: Audit }) => T | Promise<T>): Promise<T> => {
    const store = Store.open(dataDir);
    try {
      return await fn({ users: new Users(store.sql), groups: new Groups(store.sql), sessions: new Sessions(store.sql), audit: auditOf(store) });
    } finally {
      await store.close();
    }
  };

  beforeAll(async () => {
    if (!existsSync(join(paths.packageDir, 'dist/cli/group-commands.js'))) throw new Error('content-server is not built: run `npx tsc -b` first');
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-ops-groups-'));
    const init = spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), 'init'], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`ops init failed: ${init.stderr}`);
    await withStore(({ users }) => users.create({ username: 'hoa', role: 'viewer' }));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a group, adds and removes a member, lists them; a session of the member holds the grant; each audited', async () => {
    expect(ops(['create', 'admins', '--role', 'admin', '--idp', 'ioc-admins, ioc-root']).stdout).toBe('group "admins" (admin) created\n');
    expect(ops(['add', 'admins', 'HOA']).stdout).toBe('"hoa" added to "admins" (admin)\n');
    expect(ops(['list']).stdout).toBe('admins (admin) idp: ioc-admins, ioc-root members: hoa\n');
    await withStore(async ({ users, sessions }) => {
      const { token } = await sessions.create((await users.find('hoa'))!.id);
      expect((await sessions.verify(token))?.user.role).toBe('admin');
    });
    // hoa is the only admin, through this group: removing them is refused, and nothing changes.
    const refused = ops(['remove', 'admins', 'hoa']);
    expect([refused.status, errAfterStore(refused)]).toEqual([1, 'ops group remove: at least one enabled admin must remain\n']);
    await withStore(({ users }) => users.create({ username: 'minh', role: 'admin' }));
    expect(ops(['remove', 'admins', 'hoa']).stdout).toBe('"hoa" removed from "admins"\n');
    const unknown = ops(['add', 'nope', 'hoa']);
    expect([unknown.status, errAfterStore(unknown)]).toEqual([1, 'ops group add: no group named "nope"\n']);
    await withStore(async ({ audit }) => {
      expect((await audit.recent(20)).filter((e) => e.action.startsWith('group.')).map((e) => [e.action, e.target, e.ok]).reverse()).toEqual([
        ['group.create', 'admins', true],
        ['group.member.add', 'admins', true],
        ['group.member.remove', 'admins', false],
        ['group.member.remove', 'admins', true],
        ['group.member.add', 'nope', false],
      ]);
    });
  });
});
