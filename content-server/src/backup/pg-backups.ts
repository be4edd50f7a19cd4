import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BackupError } from './backup-error.js';
import { ownerOf, type OsUser } from './os-user.js';
import { PgBackRest, type BackupSet, type BackupType, type StanzaInfo } from './pgbackrest.js';
import { archiveCommand, chownIfRoot, repoLayout, writeConfig, type RepoLayout } from './pgbackrest-config.js';
import { startRestoredServer } from './restored-server.js';
import { publicTableCounts, serverSettings, withDatabase, type ServerSettings } from './source.js';
import { compareCounts, differing, verifyRestored, type CountRow, type RestoreCheck } from './verify.js';

export interface BackupReport {
  backup: BackupSet;
  /** Wall-clock milliseconds of the whole `ops backup` (stanza check, backup, expiry). */
  durationMs: number;
  stanzaCreated: boolean;
  info: StanzaInfo;
}

export interface RestoreOptions {
  /** A new or empty folder: a restore never writes over anything. */
  to: string;
  /** A point in time (ISO 8601 with an offset); absent: the end of the WAL archive. */
  time?: string;
  /** Checks run on the restored copy (default: verifyRestored). */
  verify?: RestoreCheck;
  timeoutMs?: number;
}

export interface RestoreReport {
  to: string;
  time: string | null;
  /** The backup set pgBackRest restored from (then replayed WAL onto). */
  backupLabel: string | null;
  restoreMs: number;
  recoveryMs: number;
  counts: CountRow[];
  /** Why the source's counts are missing, when they are. */
  sourceUnreachable: string | null;
  problems: string[];
}

/**
 * pgBackRest backups of the center's PostgreSQL: make one, list them, restore one into a fresh
 * folder and prove the copy (it starts, recovery ends, counts and checks). Runs on the database
 * server's machine: pgBackRest reads the data folder and the unix socket directly.
 */
export class PgBackups {
  readonly layout: RepoLayout;

  constructor(
    private readonly databaseUrl: string,
    repo: string,
  ) {
    this.layout = repoLayout(repo);
  }

  /** The source server's settings, refusing those that would make a backup useless. */
  private async target(): Promise<ServerSettings & { owner: OsUser }> {
    const s = await withDatabase(this.databaseUrl, serverSettings);
    if (s.inRecovery) throw new BackupError('DATABASE_URL reaches a standby; back up the primary (or the cluster address, which routes to it) / DATABASE_URL trỏ tới máy dự phòng; hãy sao lưu máy chính');
    if (!existsSync(s.dataDir)) {
      throw new BackupError(`the server's data folder ${s.dataDir} is not on this machine: run ops backup on the database server's machine / thư mục dữ liệu ${s.dataDir} không có trên máy này`);
    }
    if (s.socketDir === '') throw new BackupError('the server listens on no unix socket (unix_socket_directories is empty); pgBackRest connects through one / máy chủ không mở unix socket');
    return { ...s, owner: ownerOf(s.dataDir) };
  }

  /** A backup: `type` as asked, else full when there is none yet and incremental after. */
  async backup(type?: BackupType): Promise<BackupReport> {
    const began = Date.now();
    const t = await this.target();
    writeConfig(this.layout, t, t.owner);
    const commands = [archiveCommand(this.layout.repo), archiveCommand(this.layout.repo, t.dataDir)];
    const wrong = [
      t.archiveMode === 'on' || t.archiveMode === 'always' ? null : `archive_mode = on`,
      t.walLevel === 'replica' || t.walLevel === 'logical' ? null : `wal_level = replica`,
      commands.includes(t.archiveCommand) ? null : `archive_command = '${commands[0]}'`,
    ].filter((x) => x !== null);
    if (wrong.length > 0) {
      throw new BackupError(
        `the server does not archive its WAL into ${this.layout.repo}, so no backup could be restored to a point in time. Set in postgresql.conf (or Patroni's postgresql.parameters):\n  ${wrong.join('\n  ')}\n` +
          `then restart PostgreSQL (archive_mode and wal_level take effect at a restart) and run ops backup again. ${this.layout.configFile} is written already. / ` +
          'máy chủ chưa lưu trữ WAL vào kho sao lưu: hãy đặt các tham số trên, khởi động lại PostgreSQL rồi chạy lại ops backup',
      );
    }
    const br = new PgBackRest(this.layout, t.owner);
    let info = await br.info();
    let stanzaCreated = false;
    if (info.status.code === 1) {
      await br.run('stanza-create');
      stanzaCreated = true;
      info = await br.info();
    }
    const kind = type ?? (info.backups.some((b) => b.type === 'full') ? 'incr' : 'full');
    await br.run('backup', [`--type=${kind}`]);
    info = await br.info();
    const newest = info.backups[info.backups.length - 1];
    if (!newest) throw new BackupError(`pgBackRest reported success but lists no backup in ${this.layout.repo}`);
    return { backup: newest, durationMs: Date.now() - began, stanzaCreated, info };
  }

  /** The repository's backups and WAL range; works while the database server is down. */
  async list(): Promise<StanzaInfo> {
    return new PgBackRest(this.layout, this.repoOwner()).info();
  }

  private repoOwner(): OsUser {
    if (!existsSync(this.layout.configFile)) {
      throw new BackupError(`no backup repository at ${this.layout.repo} (no pgbackrest.conf): set BACKUP_REPO, or make the first backup with: ops backup / không có kho sao lưu tại ${this.layout.repo}`);
    }
    return ownerOf(this.layout.configFile);
  }

  /**
   * Restores into `to` (new or empty), starts a server there on its own socket, waits for the
   * end of recovery, compares counts with the source when it is reachable, runs the checks, and
   * stops the copy. Without a time, the source's current WAL segment is archived first (so the
   * copy holds everything committed before the restore) and counts must then be equal.
   */
  async restore(opts: RestoreOptions): Promise<RestoreReport> {
    const to = resolve(opts.to);
    refuseNonEmpty(to);
    const owner = this.repoOwner();
    const br = new PgBackRest(this.layout, owner);
    const info = await br.info();
    if (info.backups.length === 0) throw new BackupError(`no backup in ${this.layout.repo} to restore from; make one with: ops backup / chưa có bản sao lưu nào`);
    const set = opts.time === undefined ? null : backupBefore(info.backups, opts.time);

    let source: Map<string, number> | null = null;
    let sourceUnreachable: string | null = null;
    try {
      source = await withDatabase(this.databaseUrl, publicTableCounts, 5);
    } catch (err) {
      sourceUnreachable = (err as Error).message;
    }
    if (source !== null && opts.time === undefined) {
      try {
        // Switches to a new WAL segment and waits until the finished one is in the repository.
        await br.run('check');
      } catch (err) {
        source = null;
        sourceUnreachable = `the source's current WAL segment could not be archived first, so the copy may lack its last commits (${(err as Error).message})`;
      }
    }

    // Parents as any folder (the server's account must pass through them); the data folder itself 0700, its own.
    mkdirSync(dirname(to), { recursive: true });
    if (!existsSync(to)) mkdirSync(to);
    chmodSync(to, 0o700);
    chownIfRoot(to, owner);
    const target = opts.time === undefined || set === null ? [] : ['--type=time', `--target=${pgBackRestTime(opts.time)}`, '--target-action=promote', `--set=${set.label}`];
    const began = Date.now();
    const restored = await br.run('restore', [`--pg1-path=${to}`, '--archive-mode=off', '--log-level-console=info', ...target]);
    const restoreMs = Date.now() - began;
    const backupLabel = /restore backup set ([\w-]+)/.exec(restored.stdout)?.[1] ?? null;

    const database = new URL(this.databaseUrl).pathname.slice(1) || 'postgres';
    const user = decodeURIComponent(new URL(this.databaseUrl).username) || 'postgres';
    const server = await startRestoredServer(to, { database: decodeURIComponent(database), user, owner, ...(opts.timeoutMs !== undefined && { timeoutMs: opts.timeoutMs }) });
    try {
      const counts = compareCounts(await withDatabase(server.url, publicTableCounts), source);
      const problems = [...(await (opts.verify ?? verifyRestored)(server.url))];
      if (opts.time === undefined && source !== null) {
        for (const d of differing(counts)) problems.push(`${d.table}: ${d.restored ?? 'missing'} rows restored, ${d.source ?? 'missing'} in the source`);
      }
      return { to, time: opts.time ?? null, backupLabel, restoreMs, recoveryMs: server.recoveryMs, counts, sourceUnreachable, problems };
    } finally {
      await server.stop();
    }
  }
}

/**
 * The newest backup that surely ended before `time`. pgBackRest records whole seconds, so a
 * backup that stopped in the same second as the target may have ended after it (its own
 * choice then fails with "unable to find backup set"); the one before is taken instead.
 */
export function backupBefore(backups: BackupSet[], time: string): BackupSet {
  const at = Date.parse(time);
  const set = backups.filter((b) => b.stoppedAt + 1000 <= at).at(-1);
  if (!set) {
    const oldest = backups[0]!;
    throw new BackupError(
      `${time} is before the end of the oldest backup kept (${oldest.label}, ended ${new Date(oldest.stoppedAt).toISOString()}); a restore reaches no earlier than that / ` +
        'thời điểm này sớm hơn lúc kết thúc bản sao lưu cũ nhất còn giữ',
    );
  }
  return set;
}

/**
 * pgBackRest wants `YYYY-MM-DD HH:MM:SS[.fraction]+HH` for a time target (it picks the backup
 * set from it), not ISO 8601's `T` and `Z`. Written in UTC, keeping every fractional digit given:
 * a commit a few microseconds before the target must stay in the copy.
 */
export function pgBackRestTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new BackupError(`not a time: ${iso}`);
  const fraction = /:\d{2}\.(\d+)/.exec(iso)?.[1] ?? '';
  const whole = new Date(ms - (((ms % 1000) + 1000) % 1000)).toISOString().slice(0, 19).replace('T', ' ');
  return `${whole}${fraction ? `.${fraction}` : ''}+00`;
}

/** A restore goes into a new or empty folder only: never over a data folder, live or not. */
export function refuseNonEmpty(to: string): void {
  if (!existsSync(to)) return;
  if (!statSync(to).isDirectory()) throw new BackupError(`${to} is a file; restore into a new or empty folder / ${to} là một tệp; hãy khôi phục vào thư mục mới hoặc rỗng`);
  const entries = readdirSync(to);
  if (entries.length > 0) {
    throw new BackupError(
      `${to} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}, e.g. ${entries.slice(0, 3).join(', ')}); a restore never writes over files: give a new or empty folder / ` +
        `${to} không rỗng; khôi phục không bao giờ ghi đè: hãy chọn thư mục mới hoặc rỗng`,
    );
  }
}
