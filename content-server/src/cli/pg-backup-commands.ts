import { join } from 'node:path';
import { destination } from 'pino';
import { formatVnTimestamp } from '@ioc/protocol';
import { BackupError, PgBackups, describeUrl, repoFromEnv, type BackupSet, type BackupType, type RestoreReport, type StanzaInfo } from '../backup/index.js';
import { createLogger } from '../logger.js';

/**
 * `ops backup` and `ops restore` when the store is PostgreSQL (DATABASE_URL set): pgBackRest
 * backups with WAL archiving, point-in-time restores into a fresh folder, each verified.
 * docs/deployment.md, "Backups and recovery".
 */
export interface PgBackupContext {
  databaseUrl: string;
  dataDir: () => string;
  actor: () => string;
  out?: { write(s: string): unknown };
}

const TYPES: readonly BackupType[] = ['full', 'diff', 'incr'];

export function parseBackupType(value: string): BackupType {
  if (!TYPES.includes(value as BackupType)) throw new BackupError(`--type must be one of ${TYPES.join(', ')}, got "${value}" / --type phải là một trong ${TYPES.join(', ')}`);
  return value as BackupType;
}

/** ISO 8601 with an explicit offset: a restore target read in the wrong zone misses by hours. */
export function parseTargetTime(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
  if (!iso.test(value) || Number.isNaN(Date.parse(value))) {
    throw new BackupError(`--time must be ISO 8601 with an offset, e.g. 2026-12-07T09:30:00+07:00, got "${value}" / --time phải theo ISO 8601 kèm múi giờ, ví dụ 2026-12-07T09:30:00+07:00`);
  }
  return value;
}

export function bytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(2)} GiB` : `${(n / 2 ** 20).toFixed(1)} MiB`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** No audit log on PostgreSQL yet (issue 15): the operation goes to the repository's own log. */
function logOperation(repo: string, entry: Record<string, unknown>): void {
  try {
    const log = createLogger('info', destination({ dest: join(repo, 'log', 'ops.log'), sync: true, mkdir: true }));
    log.info({ name: 'backup:ops', ...entry }, String(entry['action']));
  } catch (err) {
    process.stderr.write(`warning: the operation could not be logged in ${join(repo, 'log', 'ops.log')}: ${(err as Error).message}\n`);
  }
}

function pitrRange(info: StanzaInfo): string {
  const oldest = info.backups[0];
  if (!oldest || !info.archive) return 'no point-in-time recovery yet (no backup)';
  return `restore to any time from ${formatVnTimestamp(oldest.stoppedAt)} (end of the oldest backup) to the last archived WAL (${info.archive.max})`;
}

export async function pgBackup(ctx: PgBackupContext, opts: { type?: string; list?: boolean }): Promise<void> {
  const out = ctx.out ?? process.stdout;
  const backups = new PgBackups(ctx.databaseUrl, repoFromEnv(ctx.dataDir()));
  process.stderr.write(`store: PostgreSQL ${describeUrl(ctx.databaseUrl)}, backups in ${backups.layout.repo}\n`);
  if (opts.list) {
    const info = await backups.list();
    out.write(listing(info.backups));
    out.write(`${pitrRange(info)}\n`);
    return;
  }
  const r = await backups.backup(opts.type === undefined ? undefined : parseBackupType(opts.type));
  const b = r.backup;
  logOperation(backups.layout.repo, { actor: ctx.actor(), action: 'store.backup', label: b.label, type: b.type, size: b.size, repoSize: b.repoSize, walStart: b.walStart, walStop: b.walStop, durationMs: r.durationMs });
  if (r.stanzaCreated) out.write(`stanza ioc created in ${backups.layout.repo}\n`);
  const copied = b.type === 'full' ? '' : `, ${bytes(b.delta)} changed since ${b.prior}`;
  out.write(
    `backup ${b.label} (${b.type}) done in ${seconds(r.durationMs)}: database ${bytes(b.size)}${copied}, ${bytes(b.repoSize)} in the repository (zstd); ` +
      `WAL ${b.walStart} to ${b.walStop}\n${pitrRange(r.info)}; ${r.info.backups.filter((x) => x.type === 'full').length} full backup(s) kept\n`,
  );
}

function listing(backups: BackupSet[]): string {
  if (backups.length === 0) return 'no backups\n';
  const widths = [18, 5, 26, 9, 11, 11, 11, 0];
  const line = (cols: string[]) => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' ').trimEnd() + '\n';
  return (
    line(['LABEL', 'TYPE', 'FINISHED', 'DURATION', 'DATABASE', 'CHANGED', 'REPOSITORY', 'WAL']) +
    backups.map((b) => line([b.label, b.type, formatVnTimestamp(b.stoppedAt), seconds(b.stoppedAt - b.startedAt), bytes(b.size), bytes(b.delta), bytes(b.repoSize), `${b.walStart}..${b.walStop}`])).join('')
  );
}

export async function pgRestore(ctx: PgBackupContext, opts: { to?: string; time?: string }): Promise<void> {
  const out = ctx.out ?? process.stdout;
  if (!opts.to) throw new BackupError('give the folder to restore into: ops restore --to <new or empty folder> [--time <ISO 8601>] / hãy chỉ định thư mục khôi phục: ops restore --to <thư mục>');
  const time = opts.time === undefined ? undefined : parseTargetTime(opts.time);
  const backups = new PgBackups(ctx.databaseUrl, repoFromEnv(ctx.dataDir()));
  process.stderr.write(`store: PostgreSQL ${describeUrl(ctx.databaseUrl)}, backups in ${backups.layout.repo}\n`);
  const r = await backups.restore({ to: opts.to, ...(time !== undefined && { time }) });
  logOperation(backups.layout.repo, { actor: ctx.actor(), action: 'store.restore', to: r.to, time: r.time, backup: r.backupLabel, restoreMs: r.restoreMs, recoveryMs: r.recoveryMs, ok: r.problems.length === 0 });
  out.write(restoreReport(r));
  if (r.problems.length > 0) {
    throw new BackupError(`the restored copy in ${r.to} failed verification:\n  ${r.problems.join('\n  ')}\n/ bản khôi phục không đạt kiểm tra`);
  }
}

export function restoreReport(r: RestoreReport): string {
  const point = r.time === null ? 'the end of the WAL archive (latest)' : r.time;
  const lines = [
    `restored ${r.to} from backup ${r.backupLabel ?? '(unknown)'} to ${point}: files in ${seconds(r.restoreMs)}, recovery to ready in ${seconds(r.recoveryMs)}`,
    `${'TABLE'.padEnd(32)} ${'RESTORED'.padStart(12)} ${(r.time === null ? 'SOURCE' : 'SOURCE NOW').padStart(12)}`,
    ...r.counts.map((c) => `${c.table.padEnd(32)} ${String(c.restored ?? '-').padStart(12)} ${String(c.source ?? '-').padStart(12)}`),
  ];
  if (r.sourceUnreachable !== null) lines.push(`counts not compared with the source: ${r.sourceUnreachable}`);
  else if (r.time !== null) lines.push(`a point-in-time copy: the source's counts today are shown for reference, not compared`);
  if (r.problems.length === 0) lines.push(r.time === null && r.sourceUnreachable === null ? 'verified: every table has the row count of the source' : 'verified: the copy recovered and passed its checks');
  lines.push(`The copy is stopped. It has archive_mode = off (postgresql.auto.conf), so it never writes into the backup repository; to make it the center's database, remove that line, start it, and run ops backup.`);
  return `${lines.join('\n')}\n`;
}
