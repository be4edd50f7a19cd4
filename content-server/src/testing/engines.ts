import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres.js';
import { PostgresSql } from '../store/postgres-sql.js';
import { migratePostgres } from '../store/pg-migrate.js';
import type { Engine, SqlDatabase } from '../store/sql.js';
import { Store } from '../store/index.js';

/**
 * Both engines for store tests: `describe.each(ENGINES)` runs the same cases on SQLite and on a
 * real PostgreSQL 15. One throwaway PostgreSQL cluster serves a test file (started on first
 * use); each `fresh()` database is a new schema in it, migrated, so cases do not see each other.
 */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

let cluster: Promise<TestPostgres> | null = null;
const opened = new Set<SqlDatabase>();
const stores = new Set<{ store: Store; dir: string }>();
/** What this file made in a shared cluster (databases; schemas of its default database): dropped by `stopEngines()`. */
const made = { databases: new Set<string>(), schemas: new Set<string>() };

/**
 * Set by a project's global setup (postgres-suite.global.ts) that runs one cluster for all its
 * files: then `testPostgres()` is that cluster, and `stopEngines()` drops what the file made in it
 * instead of stopping it.
 */
export const SHARED_POSTGRES_ENV = 'IOC_TEST_POSTGRES_URL';

function sharedPostgres(url: string): TestPostgres {
  const u = new URL(url);
  return { url, port: Number(u.port), dataDir: '', stop: async () => {} };
}

/** The file's PostgreSQL cluster (started once, or the project's shared one); stop it in afterAll with `stopEngines()`. */
export function testPostgres(): Promise<TestPostgres> {
  const shared = process.env[SHARED_POSTGRES_ENV];
  cluster ??= shared ? Promise.resolve(sharedPostgres(shared)) : startPostgres();
  return cluster;
}

/** A new, migrated PostgreSQL schema of the file's cluster. */
export async function freshPostgres(): Promise<PostgresSql> {
  return (await freshPostgresServers(1))[0]!;
}

/** `n` separate pools on one new, migrated schema: the store as `n` content servers see it. */
export async function freshPostgresServers(n: number): Promise<PostgresSql[]> {
  const pg = await testPostgres();
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new PostgresSql(pg.url, { max: 1 });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  await admin.close();
  made.schemas.add(schema);
  const pools = Array.from({ length: n }, () => new PostgresSql(pg.url, { schema, max: 4 }));
  await migratePostgres(pools[0]!);
  for (const p of pools) opened.add(p);
  return pools;
}

/**
 * A new, empty database of the file's PostgreSQL cluster, as a DATABASE_URL: for whole servers
 * (`startTestServer({ databaseUrl })`), which migrate it themselves. Dropped with the cluster.
 */
export async function freshDatabaseUrl(): Promise<string> {
  const pg = await testPostgres();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new PostgresSql(pg.url, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  made.databases.add(name);
  const url = new URL(pg.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new, migrated SQLite store in a temp folder (its `sql`, and `db` for SQLite-only checks). */
export function freshSqliteStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-sql-'));
  const store = Store.open(dir);
  stores.add({ store, dir });
  return store;
}

/** A new, migrated database of `engine`, empty but for what the migrations put there. */
export async function freshSql(engine: Engine): Promise<SqlDatabase> {
  return engine === 'sqlite' ? freshSqliteStore().sql : freshPostgres();
}

/** Closes every handle `freshSql` opened and stops the cluster (a shared one: drops what this file made in it): call it in afterAll. */
export async function stopEngines(): Promise<void> {
  for (const { store, dir } of stores) {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  stores.clear();
  await Promise.all([...opened].map((s) => s.close()));
  opened.clear();
  const c = cluster;
  cluster = null;
  if (!c) return;
  const pg = await c;
  if (process.env[SHARED_POSTGRES_ENV] === pg.url) await dropMade(pg.url);
  await pg.stop();
}

/** A shared cluster outlives the file: its databases and schemas go, a server left open by the file losing its connections. */
async function dropMade(url: string): Promise<void> {
  const admin = new PostgresSql(url, { max: 1 });
  try {
    for (const name of made.databases) await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    for (const schema of made.schemas) await admin.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    made.databases.clear();
    made.schemas.clear();
    await admin.close();
  }
}
