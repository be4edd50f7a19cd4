import { PG_MIGRATIONS } from './pg-migrations.js';
import type { Sql } from './sql.js';

/**
 * Applies PostgreSQL's pending migrations, each in its own transaction with its row in
 * `schema_migrations`. Several servers may start at once against one database: an advisory
 * lock held by the transaction makes them take turns, and each re-reads what is applied under
 * the lock, so a migration runs once. Returns the versions this call applied.
 */
export async function migratePostgres(sql: Sql): Promise<number[]> {
  const applied: number[] = [];
  for (const m of PG_MIGRATIONS) {
    const ran = await sql.begin(async (tx) => {
      await tx.run("SELECT pg_advisory_xact_lock(hashtext('ioc.schema_migrations'))");
      await tx.run('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)');
      if (await tx.get('SELECT 1 AS done FROM schema_migrations WHERE version = ?', [m.version])) return false;
      await tx.exec(m.sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
      return true;
    });
    if (ran) applied.push(m.version);
  }
  return applied;
}
