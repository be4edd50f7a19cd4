import type { Command } from 'commander';
import { auditOf } from '../audit/index.js';
import { databaseUrlFromEnv } from '../config.js';
import { DB_FILE } from '../store/index.js';
import { MigrationRefused, migrateToPostgres } from '../store/migrate-to-postgres.js';
import { PostgresSql, redactUrl } from '../store/postgres-sql.js';
import { openExistingStore } from './store-access.js';

export interface MigrateCommandContext {
  dataDir: () => string;
  actor: () => string;
}

/**
 * `ops migrate`: moves the SQLite store of DATA_DIR into an empty PostgreSQL database
 * (docs/storage-engines.md). The SQLite store's audit chain must verify first; the copy is one
 * transaction, read from one snapshot of the store (the server may run meanwhile, but what it
 * writes after the snapshot stays behind: stop it for the final move), and checked table by
 * table (counts and a digest of the rows). The move itself is an audit line, which travels with
 * the rest.
 */
export function registerMigrateCommand(program: Command, ctx: MigrateCommandContext): void {
  program
    .command('migrate')
    .description('copy the SQLite store of DATA_DIR into an empty PostgreSQL database (--to, or DATABASE_URL), verified by counts, row digests and the audit chain')
    .option('--to <url>', 'postgres://user:password@host:port[,host:port]/database (default: DATABASE_URL)')
    .action(async (opts: { to?: string }) => {
      const url = databaseUrlFromEnv(opts.to ?? process.env.DATABASE_URL);
      if (!url) throw new MigrationRefused('name the PostgreSQL database: ops migrate --to postgres://user:password@host:port/database (or set DATABASE_URL) / hãy chỉ định cơ sở dữ liệu PostgreSQL');
      const store = openExistingStore(ctx.dataDir());
      const target = new PostgresSql(url, { max: 2 });
      try {
        const audit = auditOf(store);
        const chain = await audit.verify();
        if (!chain.ok) throw new MigrationRefused(`the audit chain of ${store.file} does not verify (${chain.reason}); see ops audit verify. A store whose log was tampered with is not migrated / chuỗi nhật ký kiểm toán không hợp lệ`);
        await audit.write({ actor: ctx.actor(), action: 'store.migrate', target: DB_FILE, detail: { to: redactUrl(url), entries: chain.entries + 1 }, ok: true });
        process.stderr.write(`audit chain: ${chain.entries} entries verify\nmigrating ${store.file} to ${redactUrl(url)}\n`);
        // One snapshot of every table: WAL readers see the store as of their first read until COMMIT.
        store.db.exec('BEGIN');
        try {
          const report = await migrateToPostgres(store.db, target, (line) => process.stderr.write(`${line}\n`));
          process.stdout.write(
            `migrated ${report.rows.toLocaleString('en')} rows in ${report.tables.length} tables to ${redactUrl(url)} in ${(report.ms / 1000).toFixed(1)} s; counts, row digests and the audit chain verified.\n` +
              `Next: start every content server with DATABASE_URL=${redactUrl(url)} (and the same AUDIT_KEY_FILE).\n`,
          );
        } finally {
          store.db.exec('COMMIT');
        }
      } finally {
        await target.close();
        await store.close();
      }
    });
}
