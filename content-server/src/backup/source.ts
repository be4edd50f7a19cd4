import postgres from 'postgres';
import { BackupError } from './backup-error.js';

/**
 * DATABASE_URL: set, the center's store is PostgreSQL and `ops backup` / `ops restore` use
 * pgBackRest. Read here, in one place, until config.ts carries `databaseUrl` (issue 15).
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  return env['DATABASE_URL'] || null;
}

/** host:port/database of a connection URL, without its credentials, for messages. */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${decodeURIComponent(u.hostname) || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'DATABASE_URL (not a valid URL)';
  }
}

// bigint counts and epoch milliseconds fit a double (docs/storage-engines.md, "Types").
const int8 = { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) };

export function connect(url: string, connectTimeoutS = 10): postgres.Sql<{ int8: number }> {
  return postgres(url, { max: 1, onnotice: () => {}, connect_timeout: connectTimeoutS, types: { int8 } });
}

const CAUSES: Record<string, string> = {
  ECONNREFUSED: 'connection refused: nothing listens there',
  ENOTFOUND: 'unknown host',
  CONNECT_TIMEOUT: 'no answer in time',
  ETIMEDOUT: 'no answer in time',
  ENOENT: 'no such socket',
};

/** An error met while talking to the server, said as what an operator checks next. */
export function connectionProblem(url: string, err: unknown): BackupError {
  const e = err as { code?: string; message?: string };
  const where = describeUrl(url);
  const cause = (e.code && CAUSES[e.code]) ?? e.message ?? String(err);
  if (e.code && e.code in CAUSES) {
    return new BackupError(`cannot connect to PostgreSQL at ${where} (${cause}): is the server running, and is DATABASE_URL right? / không kết nối được PostgreSQL tại ${where}: máy chủ có đang chạy không, DATABASE_URL có đúng không?`);
  }
  return new BackupError(`PostgreSQL at ${where}: ${cause}`);
}

/** Runs `fn` on one connection to `url`; connection errors become a BackupError that names the cause. */
export async function withDatabase<T>(url: string, fn: (sql: postgres.Sql<{ int8: number }>) => Promise<T>, connectTimeoutS?: number): Promise<T> {
  const sql = connect(url, connectTimeoutS);
  try {
    return await fn(sql);
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw connectionProblem(url, err);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** What pgBackRest needs to know about the server, and whether it archives its WAL as it must. */
export interface ServerSettings {
  dataDir: string;
  port: number;
  /** The first unix socket folder ('' when the server listens on none). */
  socketDir: string;
  archiveMode: string;
  archiveCommand: string;
  walLevel: string;
  database: string;
  inRecovery: boolean;
}

export async function serverSettings(sql: postgres.Sql<{ int8: number }>): Promise<ServerSettings> {
  try {
    const [row] = await sql<Array<{ data_directory: string; port: string; sockets: string; archive_mode: string; archive_command: string; wal_level: string; database: string; in_recovery: boolean }>>`
      SELECT current_setting('data_directory') AS data_directory, current_setting('port') AS port,
             current_setting('unix_socket_directories') AS sockets, current_setting('archive_mode') AS archive_mode,
             current_setting('archive_command') AS archive_command, current_setting('wal_level') AS wal_level,
             current_database() AS database, pg_is_in_recovery() AS in_recovery`;
    const r = row!;
    const socketDir = r.sockets.split(',').map((s) => s.trim()).find((s) => s.startsWith('/')) ?? '';
    return { dataDir: r.data_directory, port: Number(r.port), socketDir, archiveMode: r.archive_mode, archiveCommand: r.archive_command, walLevel: r.wal_level, database: r.database, inRecovery: r.in_recovery };
  } catch (err) {
    if ((err as { code?: string }).code === '42501') {
      throw new BackupError("the DATABASE_URL user may not read the server's data_directory: use a superuser's URL for ops backup, or GRANT pg_read_all_settings to that user / người dùng của DATABASE_URL không được đọc cấu hình máy chủ");
    }
    throw err;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Row counts of every table of the `public` schema, from one snapshot. */
export async function publicTableCounts(sql: postgres.Sql<{ int8: number }>): Promise<Map<string, number>> {
  return sql.begin('isolation level repeatable read read only', async (tx) => {
    const tables = await tx<Array<{ name: string }>>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`;
    const counts = new Map<string, number>();
    for (const { name } of tables) {
      const [r] = await tx.unsafe<Array<{ n: number }>>(`SELECT count(*) AS n FROM public.${quoteIdent(name)}`);
      counts.set(name, r!.n);
    }
    return counts;
  }) as Promise<Map<string, number>>;
}
