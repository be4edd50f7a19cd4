import { randomBytes } from 'node:crypto';
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres.js';
import { PostgresSql } from '../store/postgres-sql.js';
import { migratePostgres } from '../store/pg-migrate.js';
import type { Engine, SqlDatabase } from '../store/sql.js';

/**
 * Both engines for store tests: `describe.each(ENGINES)` runs the same cases on SQLite and on a
 * real PostgreSQL 15. One throwaway PostgreSQL cluster serves a test file (started on first
 * use); each `fresh()` database is a new schema in it, migrated, so cases do not see each other.
 */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

let cluster: Promise<TestPostgres> | null = null;
const opened = new Set<SqlDatabase>();

/** The file's PostgreSQL cluster (started once); stop it in afterAll with `stopEngines()`. */
export function testPostgres(): Promise<TestPostgres> {
  cluster ??= startPostgres();
  return cluster;
}

/** A new, migrated PostgreSQL schema of the file's cluster. */
export async function freshPostgres(): Promise<PostgresSql> {
  const pg = await testPostgres();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new PostgresSql(pg.url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const sql = new PostgresSql(pg.url, { schema, max: 4 });
  await migratePostgres(sql);
  opened.add(sql);
  return sql;
}

/** Closes every handle `freshPostgres` opened and stops the cluster. */
export async function stopEngines(): Promise<void> {
  await Promise.all([...opened].map((s) => s.close()));
  opened.clear();
  const c = cluster;
  cluster = null;
  if (c) await (await c).stop();
}
