import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditKeyring } from '../audit/index.js';
import { paths } from '../config.js';
import { freshDatabaseUrl, stopEngines } from '../testing/engines.js';
import { consoleClient, nextEvent, startTestServer, type TestServer } from '../testing/harness.js';

/** Each `ops` run starts node and connects (1-3 s on a loaded machine); a case runs several. */
const SLOW = 120_000;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `ops` as a child process, without blocking this process: a server of the same database runs
 * here, and a transaction of its left waiting by a blocked event loop could hold a lock the
 * command waits for.
 */
function ops(args: string[], env: Record<string, string>, input = ''): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, cwd: paths.repoDir });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("ops on the center's PostgreSQL (DATABASE_URL)", () => {
  const PASSWORD = 'db-password-never-shown';
  let databaseUrl: string;
  /** The folder of the machine `ops` runs on: its audit key, no store. */
  let cliDir: string;
  let place: string;
  const dirs: string[] = [];
  const servers: TestServer[] = [];
  const env = () => ({ DATA_DIR: cliDir, DATABASE_URL: databaseUrl });
  const tempDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `ioc-ops-pg-${name}-`));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    // The CLI runs from dist/, as it does for operators.
    execFileSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    const url = new URL(await freshDatabaseUrl());
    // The test cluster trusts loopback, so the password is never asked for: here only to be hidden.
    url.password = PASSWORD;
    databaseUrl = url.toString();
    place = `${url.host}${url.pathname}`;
    cliDir = tempDir('cli');
  }, 120_000);
  afterAll(async () => {
    for (const t of servers) await t.close();
    await stopEngines();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('makes the schema and the audit key, manages keys and users there, and the chain verifies', async () => {
    const init = await ops(['init'], env());
    expect([init.status, init.stdout, init.stderr]).toEqual([
      0,
      `store: PostgreSQL ${place} (schema up to date)\naudit key: ${join(cliDir, 'audit.key')} (created, mode 0600: back it up apart from the data)\n`,
      `store: PostgreSQL ${place}\n`,
    ]);
    // Nothing went to a SQLite store in DATA_DIR.
    expect(existsSync(join(cliDir, 'ioc.sqlite'))).toBe(false);

    const created = await ops(['apikey', 'create', 'customs-feed', '--role', 'ingest'], env());
    expect(created.status).toBe(0);
    expect(created.stdout.trim()).toMatch(/^ioc_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr.split('\n')[0]).toBe(`store: PostgreSQL ${place}`);
    const added = await ops(['user', 'add', 'lan', '--role', 'operator', '--password-stdin'], env(), 'operator-on-shift-7\n');
    expect([added.status, added.stdout]).toEqual([0, 'user "lan" (operator) added\n']);

    expect((await ops(['apikey', 'list'], env())).stdout).toMatch(/^customs-feed\s+ingest\s+no\s+\S+\s+-\s+any$/m);
    expect((await ops(['user', 'list'], env())).stdout).toMatch(/^lan\s+lan\s+operator\s+local\s/m);
    expect((await ops(['apikey', 'revoke', 'customs-feed'], env())).stdout).toBe('key "customs-feed" revoked\n');
    expect((await ops(['apikey', 'list'], env())).stdout).toMatch(/^customs-feed\s+ingest\s+no\s+\S+\s+\d{4}-\S+\s+any$/m);

    const verified = await ops(['audit', 'verify'], env());
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringMatching(/^audit chain intact: 4 entries, /)]);
    expect(verified.stderr.split('\n')[0]).toBe(`store: PostgreSQL ${place} (read-only)`);
    const tail = await ops(['audit', 'tail', '--limit', '3'], env());
    expect(tail.stdout.split('\n').map((l) => l.split(/\s+/).slice(3, 5).join(' '))).toEqual(['apikey.revoke customs-feed', 'user.add lan', 'apikey.create customs-feed', '']);

    for (const r of [init, created, added, verified]) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
  }, SLOW);

  it('cuts the console socket of a key it revokes on a server of the same database', async () => {
    // A server of the center: its own data folder, with the center's audit key.
    const serverDir = tempDir('server');
    copyFileSync(join(cliDir, 'audit.key'), join(serverDir, 'audit.key'));
    const t = await startTestServer({ databaseUrl, dataDir: serverDir });
    servers.push(t);
    const key = (await ops(['apikey', 'create', 'kiosk', '--role', 'operator'], env())).stdout.trim();
    const console = consoleClient(t.url, key);
    try {
      await nextEvent(console, 'console:state', 5000);
      const cut = nextEvent(console, 'disconnect', 5000);
      const revoked = await ops(['apikey', 'revoke', 'kiosk'], env());
      expect([revoked.status, revoked.stderr]).toEqual([0, `store: PostgreSQL ${place}\n`]);
      expect(await cut).toBe('io server disconnect');
    } finally {
      console.close();
    }
  }, SLOW);

  it("refuses to write with an audit key that is not the center's, and says to copy it", async () => {
    const keyless = tempDir('keyless');
    const none = await ops(['apikey', 'create', 'stray-feed'], { DATA_DIR: keyless, DATABASE_URL: databaseUrl });
    expect([none.status, none.stdout]).toEqual([1, '']);
    expect(none.stderr).toContain(`ops: there is no audit key file at ${join(keyless, 'audit.key')}, but the center's audit log is sealed with key`);
    expect(none.stderr).toContain('copy the audit key file from a server of this center');
    // Refused before anything was made: no key file of its own, no key in the store.
    expect(existsSync(join(keyless, 'audit.key'))).toBe(false);

    const otherKey = join(tempDir('other'), 'other.key');
    const other = AuditKeyring.openOrCreate(otherKey).keyring.current.id;
    const wrong = await ops(['user', 'disable', 'lan'], { DATA_DIR: cliDir, DATABASE_URL: databaseUrl, AUDIT_KEY_FILE: otherKey });
    expect([wrong.status, wrong.stdout]).toEqual([1, '']);
    expect(wrong.stderr).toContain(`ops: the audit key file ${otherKey} holds key ${other}, but the center's audit log is sealed with key`);

    const listed = (await ops(['apikey', 'list'], env())).stdout;
    expect(listed).not.toContain('stray-feed');
    expect((await ops(['user', 'list'], env())).stdout).toMatch(/^lan\s.*\s-\s+-$/m);
    expect((await ops(['audit', 'verify'], env())).status).toBe(0);
  }, SLOW);

  it('refuses DATA_KEY_FILE with DATABASE_URL, and a SQLite-only command says it is one', async () => {
    const withKey = await ops(['apikey', 'list'], { ...env(), DATA_KEY_FILE: join(cliDir, 'data.key') });
    expect([withKey.status, withKey.stdout, withKey.stderr]).toEqual([
      1,
      '',
      "ops: DATA_KEY_FILE encrypts the embedded SQLite store only; with DATABASE_URL, encrypt PostgreSQL's disks and backups instead (docs/deployment.md), and unset DATA_KEY_FILE\n",
    ]);
    const encrypt = await ops(['data-key', 'encrypt'], env());
    expect([encrypt.status, encrypt.stderr]).toEqual([1, expect.stringMatching(/^ops: ops data-key encrypt works on the SQLite store of DATA_DIR only; DATABASE_URL is set/)]);
    expect(existsSync(join(cliDir, 'ioc.sqlite'))).toBe(false);
  }, SLOW);
});
