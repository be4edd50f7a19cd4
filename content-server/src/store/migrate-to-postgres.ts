import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type postgres from 'postgres';
import { migratePostgres } from './pg-migrate.js';
import type { PostgresSql } from './postgres-sql.js';

/** What `ops migrate` moved, and how it checked it. */
export interface MigrationReport {
  tables: Array<{ name: string; rows: number; ms: number }>;
  rows: number;
  ms: number;
}

export class MigrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefused';
  }
}

/** SQLite's own bookkeeping, and PostgreSQL-only tables (no SQLite source). */
const NOT_COPIED = new Set(['schema_migrations', 'bus_payloads']);
const ROWS_PER_PROGRESS = 50_000;

type Pg = postgres.Sql<Record<string, never>> | postgres.TransactionSql<Record<string, never>>;

/**
 * Copies every row of a SQLite store into an empty PostgreSQL database, in one transaction (a
 * failed copy leaves the target as it was), then checks it: each table's row count and a digest
 * of its rows in key order must be equal on both sides, so the audit log on PostgreSQL is the
 * same chain, entry for entry, as the one verified on SQLite. Ids are kept, and each identity
 * then continues after the highest. The source is only read.
 */
export async function migrateToPostgres(source: Database.Database, target: PostgresSql, progress: (line: string) => void = () => {}): Promise<MigrationReport> {
  const started = Date.now();
  await migratePostgres(target);
  const tables = await copyOrder(target.pool, sourceTables(source));
  for (const t of tables) {
    if (await target.get(`SELECT 1 AS one FROM ${t} LIMIT 1`)) throw new MigrationRefused(`the target database is not empty (table ${t} has rows); migrate into a new database / cơ sở dữ liệu đích không trống (bảng ${t} có dữ liệu)`);
  }
  const report: MigrationReport = { tables: [], rows: 0, ms: 0 };
  await target.pool.begin(async (tx) => {
    for (const table of tables) {
      const t0 = Date.now();
      const columns = await commonColumns(source, tx, table);
      const rows = await copyTable(source, tx, table, columns, (n) => progress(`${table}: ${n.toLocaleString('en')} rows`));
      await continueIdentity(tx, table);
      report.tables.push({ name: table, rows, ms: Date.now() - t0 });
      report.rows += rows;
      progress(`${table}: ${rows.toLocaleString('en')} rows copied in ${Date.now() - t0} ms`);
    }
  });
  for (const { name } of report.tables) {
    const columns = await commonColumns(source, target.pool, name);
    const key = await primaryKey(target.pool, name);
    const [a, b] = [sqliteDigest(source, name, columns, key), await postgresDigest(target.pool, name, columns, key)];
    if (a.rows !== b.rows || a.digest !== b.digest) throw new Error(`table ${name} differs after the copy: ${a.rows} rows in SQLite, ${b.rows} in PostgreSQL${a.rows === b.rows ? ' (same count, different content)' : ''}`);
    progress(`${name}: ${b.rows.toLocaleString('en')} rows verified`);
  }
  report.ms = Date.now() - started;
  return report;
}

function sourceTables(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>;
  return rows.map((r) => r.name).filter((n) => !NOT_COPIED.has(n));
}

/** The tables in an order where each comes after those its foreign keys name; every source table must exist on PostgreSQL. */
async function copyOrder(pg: Pg, names: string[]): Promise<string[]> {
  const existing = new Set((await pg.unsafe<Array<{ table_name: string }>>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")).map((r) => r.table_name));
  const missing = names.filter((n) => !existing.has(n));
  if (missing.length > 0) throw new MigrationRefused(`the PostgreSQL schema has no table ${missing.join(', ')}: the SQLite store is newer than this program's PostgreSQL migrations`);
  const edges = await pg.unsafe<Array<{ child: string; parent: string }>>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
  );
  const order: string[] = [];
  const placed = new Set<string>();
  const visit = (n: string, path: string[]) => {
    if (placed.has(n)) return;
    if (path.includes(n)) throw new Error(`foreign keys form a cycle: ${[...path, n].join(' -> ')}`);
    for (const e of edges) if (e.child === n && e.parent !== n && names.includes(e.parent)) visit(e.parent, [...path, n]);
    placed.add(n);
    order.push(n);
  };
  for (const n of names) visit(n, []);
  return order;
}

/** The source table's columns, each of which must exist on PostgreSQL (a column only PostgreSQL has keeps its default). */
async function commonColumns(db: Database.Database, pg: Pg, table: string): Promise<string[]> {
  const mine = (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as Array<{ name: string }>).map((r) => r.name);
  const theirs = new Set((await pg.unsafe<Array<{ column_name: string }>>('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).map((r) => r.column_name));
  const missing = mine.filter((c) => !theirs.has(c));
  if (missing.length > 0) throw new MigrationRefused(`table ${table}: PostgreSQL has no column ${missing.join(', ')}`);
  return mine;
}

/** One value in COPY's text format. */
function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

async function copyTable(db: Database.Database, tx: Pg, table: string, columns: string[], progress: (n: number) => void): Promise<number> {
  const list = columns.map((c) => `"${c}"`).join(', ');
  const stream: Writable = await tx.unsafe(`COPY ${table} (${list}) FROM STDIN`).writable();
  let n = 0;
  let chunk = '';
  for (const row of db.prepare(`SELECT ${list} FROM ${table}`).raw().iterate() as Iterable<unknown[]>) {
    chunk += row.map(copyValue).join('\t') + '\n';
    if (++n % 1000 === 0) {
      if (!stream.write(chunk)) await once(stream, 'drain');
      chunk = '';
    }
    if (n % ROWS_PER_PROGRESS === 0) progress(n);
  }
  stream.end(chunk);
  await once(stream, 'finish');
  return n;
}

/** Moves an identity column's sequence past the highest id copied (ids were kept). */
async function continueIdentity(tx: Pg, table: string): Promise<void> {
  const ids = await tx.unsafe<Array<{ column_name: string }>>("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'", [table]);
  for (const { column_name: col } of ids) {
    await tx.unsafe(`SELECT setval(pg_get_serial_sequence($1, $2), m) FROM (SELECT max("${col}") AS m FROM ${table}) x WHERE m IS NOT NULL`, [table, col]);
  }
}

async function primaryKey(pg: Pg, table: string): Promise<string[]> {
  const rows = await pg.unsafe<Array<{ attname: string }>>(
    `SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
     WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [table],
  );
  if (rows.length === 0) throw new Error(`table ${table} has no primary key to compare its rows in order`);
  return rows.map((r) => r.attname);
}

/** Rows in key order, each as the JSON of its values: equal on both engines when the content is (numbers read as numbers on both). */
function digestOf(): { add(row: unknown[]): void; done(): { rows: number; digest: string } } {
  const h = createHash('sha256');
  let rows = 0;
  return {
    add: (row) => {
      rows++;
      h.update(JSON.stringify(row)).update('\n');
    },
    done: () => ({ rows, digest: h.digest('hex') }),
  };
}

function sqliteDigest(db: Database.Database, table: string, columns: string[], key: string[]) {
  const d = digestOf();
  const list = columns.map((c) => `"${c}"`).join(', ');
  // Text keys compare byte by byte here (SQLite's BINARY) and under "C" on PostgreSQL: one order.
  for (const row of db.prepare(`SELECT ${list} FROM ${table} ORDER BY ${key.map((k) => `"${k}"`).join(', ')}`).raw().iterate() as Iterable<unknown[]>) d.add(row);
  return d.done();
}

async function postgresDigest(pg: Pg, table: string, columns: string[], key: string[]) {
  const d = digestOf();
  const list = columns.map((c) => `"${c}"`).join(', ');
  // COLLATE "C" on an integer key is an error: only text keys get it.
  const types = new Map((await pg.unsafe<Array<{ column_name: string; data_type: string }>>('SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1', [table])).map((r) => [r.column_name, r.data_type]));
  const order = key.map((k) => (types.get(k) === 'text' ? `"${k}" COLLATE "C"` : `"${k}"`)).join(', ');
  for await (const rows of pg.unsafe(`SELECT ${list} FROM ${table} ORDER BY ${order}`).values().cursor(2000)) {
    for (const row of rows as unknown as unknown[][]) d.add(row);
  }
  return d.done();
}
