import { chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BackupError } from './backup-error.js';
import type { OsUser } from './os-user.js';

/** The one stanza of the center: a pgBackRest stanza names one PostgreSQL cluster. */
export const STANZA = 'ioc';

/**
 * The backup repository folder: BACKUP_REPO, else `<DATA_DIR>/pgbackrest`. (Not PGBACKREST_REPO:
 * pgBackRest reads every PGBACKREST_* variable as one of its options, and `repo` is the
 * repository's number. Its own variables, e.g. PGBACKREST_REPO1_CIPHER_PASS, pass through.) It holds the
 * repository itself (`archive/`, `backup/`) and beside it what pgBackRest needs to run there:
 * the generated `pgbackrest.conf`, `log/` and `lock/` (a lock folder per repository, so two
 * repositories on one machine never block each other). Put it on another disk than the data.
 */
export function repoFromEnv(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['BACKUP_REPO'] || join(dataDir, 'pgbackrest'));
}

export interface RepoLayout {
  repo: string;
  configFile: string;
  logDir: string;
  lockDir: string;
}

export function repoLayout(repo: string): RepoLayout {
  // The path ends up inside archive_command, which PostgreSQL runs through the shell.
  if (!/^\/[\w./-]*$/.test(repo)) {
    throw new BackupError(`the backup repository path ${repo} must be absolute and hold only letters, digits, '.', '_', '-' and '/' (it goes into archive_command) / đường dẫn kho sao lưu chỉ được chứa chữ, số, '.', '_', '-' và '/'`);
  }
  return { repo, configFile: join(repo, 'pgbackrest.conf'), logDir: join(repo, 'log'), lockDir: join(repo, 'lock') };
}

/**
 * The command PostgreSQL runs for each finished WAL segment: a copy into the repository. With
 * `pgPath` it names the server's own data folder, as each member of a Patroni cluster needs:
 * pgbackrest.conf names the primary's folder of the last `ops backup`, and pgBackRest refuses
 * to archive from a folder that is not its pg1-path (so a promoted standby would stall).
 */
export function archiveCommand(repo: string, pgPath?: string): string {
  return `pgbackrest --config=${repoLayout(repo).configFile} --stanza=${STANZA}${pgPath ? ` --pg1-path=${pgPath}` : ''} archive-push %p`;
}

/**
 * What the PostgreSQL server must run with for backups and point-in-time recovery (in
 * postgresql.conf, or Patroni's `postgresql.parameters`); archive_mode and wal_level need a
 * restart. The tests pass them to their throwaway server as `-c` settings.
 */
export function archiveSettings(repo: string, pgPath?: string): Record<string, string> {
  return { archive_mode: 'on', wal_level: 'replica', archive_command: archiveCommand(repo, pgPath) };
}

/** Where pgBackRest reaches the server: locally, through its data folder and unix socket. */
export interface PgTarget {
  dataDir: string;
  port: number;
  socketDir: string;
}

/**
 * pgbackrest.conf for one server. Compression zstd (Debian's build has it; about lz4's speed at
 * gzip's ratio), two full backups kept (with the WAL they need), an immediate checkpoint at the
 * start of a backup instead of waiting for the next one, and archive-push synchronous: a segment
 * counts as archived only once it is in the repository.
 */
export function renderConfig(layout: RepoLayout, pg: PgTarget): string {
  return [
    '# Written by `ops backup` (content-server/src/backup) on every run: change BACKUP_REPO or the',
    "# server's settings, not this file.",
    '[global]',
    `repo1-path=${layout.repo}`,
    'repo1-retention-full=2',
    'compress-type=zst',
    'start-fast=y',
    'archive-async=n',
    // A backup waits for its WAL to reach the archive; after hours of heavy writes the archiver
    // can be minutes behind (pgBackRest's default wait is 60 s).
    'archive-timeout=300',
    `log-path=${layout.logDir}`,
    `lock-path=${layout.lockDir}`,
    'log-level-console=warn',
    'log-level-file=info',
    '',
    `[${STANZA}]`,
    `pg1-path=${pg.dataDir}`,
    `pg1-port=${pg.port}`,
    `pg1-socket-path=${pg.socketDir}`,
    '',
  ].join('\n');
}

/** Creates the repository folders (owned by `owner`, who runs pgBackRest) and (re)writes the config. */
export function writeConfig(layout: RepoLayout, pg: PgTarget, owner: OsUser): void {
  for (const dir of [layout.repo, layout.logDir, layout.lockDir]) {
    mkdirSync(dir, { recursive: true, mode: 0o750 });
    chownIfRoot(dir, owner);
  }
  writeFileSync(layout.configFile, renderConfig(layout, pg), { mode: 0o640 });
  chownIfRoot(layout.configFile, owner);
}

export function chownIfRoot(path: string, owner: OsUser): void {
  if (process.getuid?.() === 0) chownSync(path, owner.uid, owner.gid);
}
