import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BackupError, tail } from './backup-error.js';
import { runAs, type OsUser } from './os-user.js';
import { chownIfRoot } from './pgbackrest-config.js';
import { connect } from './source.js';

/** PostgreSQL's server programs: PG_BINDIR, then Debian's PostgreSQL 15 folder, then `pg_config --bindir`. */
export function postgresBinDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['PG_BINDIR']) return env['PG_BINDIR'];
  const debian = '/usr/lib/postgresql/15/bin';
  if (existsSync(join(debian, 'postgres'))) return debian;
  const r = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  throw new BackupError('PostgreSQL server programs not found: install the Debian package postgresql (15) or set PG_BINDIR / không tìm thấy chương trình máy chủ PostgreSQL');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A PostgreSQL server running on a restored data folder, reachable only through its own socket. */
export interface RestoredServer {
  /** postgres.js URL through the private unix socket (`postgres://postgres@%2F...:port/db`). */
  url: string;
  /** Milliseconds from the start of the server to the end of recovery (accepting connections). */
  recoveryMs: number;
  /** Fast shutdown (a clean stop: the folder starts at once next time), then the socket folder goes. */
  stop(): Promise<void>;
}

export interface StartRestoredOptions {
  database: string;
  /** The role to connect as (trust on the private socket): the source URL's user. */
  user: string;
  /** The folder's owner: the server runs as this account. */
  owner: OsUser;
  /** Until recovery has ended (default one hour: replaying days of WAL takes its time). */
  timeoutMs?: number;
}

const live = new Set<() => void>();
process.once('exit', () => {
  for (const kill of live) kill();
});

/**
 * Starts PostgreSQL on a restored folder and resolves once recovery has ended and it accepts
 * connections. It listens on no TCP address, only on a unix socket in a fresh folder that only
 * its owner (and root) may enter, with trust authentication there: the copy's own pg_hba.conf may
 * name hosts and passwords of another machine. Hot standby is off, so the first connection that
 * succeeds is one to a finished recovery. archive_mode is off: a drill copy must never push its
 * WAL (a new timeline) into the repository, where a later restore to "latest" would follow it.
 */
export async function startRestoredServer(dataDir: string, opts: StartRestoredOptions): Promise<RestoredServer> {
  const bin = postgresBinDir();
  const as = runAs(opts.owner, 'the PostgreSQL server');
  const dir = mkdtempSync(join(tmpdir(), 'ioc-restored-'));
  chmodSync(dir, 0o700);
  chownIfRoot(dir, opts.owner);
  const hba = join(dir, 'pg_hba.conf');
  const ident = join(dir, 'pg_ident.conf');
  writeFileSync(hba, 'local all all trust\n');
  writeFileSync(ident, '');
  const settings: Record<string, string> = { listen_addresses: '', unix_socket_directories: dir, hba_file: hba, ident_file: ident, archive_mode: 'off', hot_standby: 'off' };
  // Debian keeps postgresql.conf in /etc, so a restored data folder may have none.
  if (!existsSync(join(dataDir, 'postgresql.conf'))) {
    settings['config_file'] = join(dir, 'postgresql.conf');
    writeFileSync(settings['config_file'], '');
  }
  for (const f of [hba, ident, settings['config_file']]) if (f) chownIfRoot(f, opts.owner);

  const port = await freePort();
  const logFile = join(dir, 'server.log');
  const log = openSync(logFile, 'w');
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const started = Date.now();
  const child = spawn(join(bin, 'postgres'), args, { cwd: dir, stdio: ['ignore', log, log], ...as });
  closeSync(log);
  let exited: string | null = null;
  const kill = () => child.kill('SIGQUIT');
  live.add(kill);
  const gone = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = signal ?? `exit ${code}`;
      live.delete(kill);
      resolve();
    });
    child.once('error', (err) => {
      exited = err.message;
      live.delete(kill);
      resolve();
    });
  });
  const readLog = () => (existsSync(logFile) ? tail(readFileSync(logFile, 'utf8'), 20) : '');
  let stopped: Promise<void> | null = null;
  const stop = () =>
    (stopped ??= (async () => {
      if (exited === null) {
        child.kill('SIGINT');
        const slow = setTimeout(() => child.kill('SIGKILL'), 60_000);
        await gone;
        clearTimeout(slow);
      }
      rmSync(dir, { recursive: true, force: true });
    })());

  const url = `postgres://${encodeURIComponent(opts.user)}@${encodeURIComponent(dir)}:${port}/${encodeURIComponent(opts.database)}`;
  const deadline = started + (opts.timeoutMs ?? 3_600_000);
  try {
    for (;;) {
      if (exited !== null) throw new BackupError(`PostgreSQL stopped during the recovery of ${dataDir} (${exited}); its log:\n${readLog()}`);
      if (await recovered(url)) break;
      if (Date.now() > deadline) throw new BackupError(`the recovery of ${dataDir} had not ended after ${Math.round((opts.timeoutMs ?? 3_600_000) / 1000)} s; its log:\n${readLog()}`);
      await sleep(200);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, recoveryMs: Date.now() - started, stop };
}

/** Whether the server at `url` accepts connections and has left recovery. */
async function recovered(url: string): Promise<boolean> {
  const sql = connect(url, 5);
  try {
    const [row] = await sql<Array<{ r: boolean }>>`SELECT pg_is_in_recovery() AS r`;
    return row?.r === false;
  } catch (err) {
    // Not yet listening, or "the database system is starting up / not accepting connections".
    const code = (err as { code?: string }).code;
    if (code === 'ENOENT' || code === 'ECONNREFUSED' || code === '57P03' || code === 'CONNECT_TIMEOUT') return false;
    throw new BackupError(`the restored server started but refused the check: ${(err as Error).message}`);
  } finally {
    await sql.end({ timeout: 1 });
  }
}
