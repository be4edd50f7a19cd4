import { execFile, spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './server.js';

/** A throwaway PostgreSQL cluster: one temp folder, one free port, one database. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication on loopback). */
  url: string;
  port: number;
  /** The temp folder holding the cluster (`data/`), its unix socket and its log. */
  dataDir: string;
  /** Fast shutdown, then the folder is removed. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartPostgresOptions {
  /** A fixed port (default: a free one; on a lost race for it, another is tried). */
  port?: number;
  database?: string;
  /** Extra server settings (`-c name=value`), on top of the test defaults. */
  settings?: Record<string, string>;
  /** How long to wait for the server to accept connections (default 30 s: CI machines are loaded). */
  timeoutMs?: number;
}

/**
 * Durability stays as in production (fsync and synchronous_commit on) so that a later test that
 * kills the server cannot pass on a setting no deployment uses; only memory is kept small so that
 * several clusters fit beside parallel test files.
 */
const TEST_SETTINGS: Record<string, string> = {
  fsync: 'on',
  synchronous_commit: 'on',
  shared_buffers: '32MB',
  max_connections: '50',
  listen_addresses: '127.0.0.1',
};

/** Debian's server binaries: `PG_BINDIR`, then PostgreSQL 15's folder, then `pg_config --bindir`. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BINDIR) return env.PG_BINDIR;
  const debian = '/usr/lib/postgresql/15/bin';
  if (existsSync(join(debian, 'postgres'))) return debian;
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  throw new Error('PostgreSQL server binaries not found: install the Debian package `postgresql` (15) or set PG_BINDIR');
}

/** initdb and postgres refuse to run as root: then they run as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root and there is no `postgres` user to run the server as (it comes with the Debian package `postgresql`)');
  return { uid: Number(uid), gid: Number(gid) };
}

const live = new Set<ChildProcess>();
// A test worker that dies without stop() must not leave servers behind holding ports.
process.once('exit', () => {
  for (const child of live) child.kill('SIGQUIT');
});

/** Starts a fresh cluster and resolves when `database` accepts connections. */
export async function startPostgres(opts: StartPostgresOptions = {}): Promise<TestPostgres> {
  const bin = postgresBinDir();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'ioc-pg-'));
  try {
    if (user) chownSync(dir, user.uid, user.gid);
    const asServer: SpawnSyncOptions = { cwd: dir, encoding: 'utf8', ...(user ?? {}) };
    const data = join(dir, 'data');
    // --no-sync only skips flushing initdb's own files; the running server keeps fsync on.
    const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], asServer);
    if (init.status !== 0) throw new Error(`initdb failed (${init.error?.message ?? `exit ${init.status}`}):\n${String(init.stderr)}`);
    for (let attempt = 1; ; attempt++) {
      const port = opts.port ?? (await freePort());
      try {
        return await launch(bin, dir, data, port, opts, user);
      } catch (err) {
        // Another process may take the free port between freePort() and the bind: try another.
        if (opts.port !== undefined || attempt >= 3 || !/Address already in use/.test(String(err))) throw err;
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function launch(bin: string, dir: string, data: string, port: number, opts: StartPostgresOptions, user: { uid: number; gid: number } | null): Promise<TestPostgres> {
  const settings = { ...TEST_SETTINGS, unix_socket_directories: dir, ...opts.settings };
  const args = ['-D', data, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const logFile = join(dir, `server-${port}.log`);
  const log = openSync(logFile, 'w');
  const child = spawn(join(bin, 'postgres'), args, { cwd: dir, stdio: ['ignore', log, log], ...(user ?? {}) });
  closeSync(log);
  live.add(child);
  let exited: string | null = null;
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ?? `exit ${code}`;
      live.delete(child);
      resolve();
    });
    child.once('error', (err) => {
      exited = err.message;
      live.delete(child);
      resolve();
    });
  });
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').trim() : '');

  const stopServer = async () => {
    if (exited === null) {
      child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      const slow = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(slow);
    }
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const database = opts.database ?? 'ioc';
  const client = { encoding: 'utf8' as const, timeout: 10_000 };
  // Asynchronous clients: the loop must see the server's exit, and the caller's own sockets serve meanwhile.
  const run = promisify(execFile);
  const ok = (file: string, args: string[]) => run(join(bin, file), args, client).then(() => null, (e: Error & { stderr?: string }) => e.stderr || e.message);
  try {
    for (;;) {
      if (exited !== null) throw new Error(`postgres on port ${port} (in ${dir}) stopped while starting (${exited}):\n${readLog()}`);
      if ((await ok('pg_isready', ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-t', '1'])) === null) break;
      if (Date.now() > deadline) throw new Error(`postgres on port ${port} (in ${dir}) did not accept connections within ${opts.timeoutMs ?? 30_000} ms:\n${readLog()}`);
      await sleep(100);
    }
    const failed = await ok('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', database]);
    if (failed !== null) throw new Error(`createdb ${database} failed: ${failed}\n${readLog()}`);
  } catch (err) {
    await stopServer();
    throw err;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    port,
    dataDir: dir,
    stop: () => {
      stopped ??= stopServer().then(() => rmSync(dir, { recursive: true, force: true }));
      return stopped;
    },
  };
}

