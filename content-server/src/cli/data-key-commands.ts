import { existsSync, renameSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { auditOf } from '../audit/index.js';
import { createKeyFile, isPlainSqlite, openKeyed, readDataKey, type DataKey, DataKeyError } from '../store/data-key.js';
import { DB_FILE, Store, dataKeyFileFromEnv } from '../store/index.js';
import { copyStore, openAlone } from '../store/store-copy.js';
import { databaseUrlFromEnv } from '../backup/index.js';
import { pgBackup, pgRestore } from './pg-backup-commands.js';
import { StoreMissingError, sqliteOnly, storeFile } from './store-access.js';

/** What these commands need from `ops`: DATA_DIR and the audit actor. */
export interface DataKeyCommandContext {
  dataDir: () => string;
  actor: () => string;
}

function currentKey(): DataKey | null {
  const file = dataKeyFileFromEnv();
  return file ? readDataKey(resolve(file)) : null;
}

function existingStore(dataDir: string): string {
  const file = storeFile(dataDir);
  if (!existsSync(file)) throw new StoreMissingError(`no store at ${file}; set DATA_DIR to the server's data folder`);
  process.stderr.write(`store: ${file}\n`);
  return file;
}

/** One audit line in the store as it is after the command (opened with the key it now has). */
async function auditAfter(dataDir: string, key: DataKey | null, ctx: DataKeyCommandContext, action: string, detail: Record<string, unknown>): Promise<void> {
  const store = Store.open(dataDir, { dataKeyFile: key?.file ?? null });
  try {
    await auditOf(store).write({ actor: ctx.actor(), action, target: DB_FILE, detail, ok: true });
  } finally {
    await store.close();
  }
}

function describe(key: DataKey | null): string {
  return key ? `encrypted with the data key in ${key.file}` : 'plain (DATA_KEY_FILE is unset)';
}

/**
 * `ops data-key init|encrypt|rotate`, `ops backup` and `ops restore`: encryption at rest
 * (docs/security.md, "Encryption at rest"). Commands that replace the store refuse while the
 * server runs; every copy is verified before it replaces anything (store/store-copy.ts).
 */
export function registerDataKeyCommands(program: Command, ctx: DataKeyCommandContext): void {
  const dataKey = program.command('data-key').description('encryption at rest of the store (DATA_KEY_FILE)');

  dataKey
    .command('init <file>')
    .description('write a new random data key to <file> (readable by its owner only); never overwrites')
    .action((file: string) => {
      createKeyFile(resolve(file));
      process.stdout.write(`data key written to ${resolve(file)}. Keep a copy off this disk; without it the store cannot be read.\n`);
    });

  dataKey
    .command('encrypt')
    .description('convert the plain store of DATA_DIR to one encrypted with DATA_KEY_FILE (server stopped)')
    .action(async () => {
      sqliteOnly('data-key encrypt');
      const key = currentKey();
      if (!key) throw new DataKeyError('set DATA_KEY_FILE to the key file to encrypt with (make one with: ops data-key init <file>) / đặt DATA_KEY_FILE là tệp khóa dùng để mã hóa');
      const file = existingStore(ctx.dataDir());
      if (!isPlainSqlite(file)) throw new DataKeyError(`store ${file} is already encrypted; to change its key: ops data-key rotate --new-key-file <file> / kho đã được mã hóa`);
      const src = openAlone(file, null);
      const counts = copyStore(src, null, file, key, () => src.close());
      await auditAfter(ctx.dataDir(), key, ctx, 'store.encrypt', { tables: counts.size });
      process.stdout.write(`store ${file} is now ${describe(key)}; ${counts.size} tables verified. Start the server with DATA_KEY_FILE=${key.file}.\n`);
    });

  dataKey
    .command('rotate')
    .description('re-encrypt the store of DATA_DIR from DATA_KEY_FILE to --new-key-file (server stopped)')
    .requiredOption('--new-key-file <file>', 'the new key file (make one with: ops data-key init <file>)')
    .action(async (opts: { newKeyFile: string }) => {
      sqliteOnly('data-key rotate');
      const oldKey = currentKey();
      if (!oldKey) throw new DataKeyError('set DATA_KEY_FILE to the current key file; a plain store is encrypted with: ops data-key encrypt / đặt DATA_KEY_FILE là tệp khóa hiện tại');
      const newKey = readDataKey(resolve(opts.newKeyFile));
      if (newKey.hex === oldKey.hex) throw new DataKeyError(`${newKey.file} holds the current key; make a new one with: ops data-key init <file> / tệp chứa khóa hiện tại`);
      const file = existingStore(ctx.dataDir());
      const src = openAlone(file, oldKey);
      const counts = copyStore(src, oldKey, file, newKey, () => src.close());
      await auditAfter(ctx.dataDir(), newKey, ctx, 'store.rekey', { tables: counts.size });
      process.stdout.write(
        `store ${file} is now ${describe(newKey)}; ${counts.size} tables verified.\n` +
          `Next: start the server with DATA_KEY_FILE=${newKey.file}. Keep ${oldKey.file} as long as you keep backups made before now (ops restore <backup> --key-file ${oldKey.file}), then destroy it.\n`,
      );
    });

  program
    .command('backup [file]')
    .description('write a consistent copy of the store to <file> while the server runs; encrypted with DATA_KEY_FILE when set. With DATABASE_URL (PostgreSQL): a pgBackRest backup into BACKUP_REPO')
    .option('--type <type>', 'PostgreSQL: full, diff or incr (default: full when there is none yet, else incr)')
    .option('--list', 'PostgreSQL: list the backups and the times a restore can reach')
    .action(async (target: string | undefined, opts: { type?: string; list?: boolean }) => {
      const databaseUrl = databaseUrlFromEnv();
      if (databaseUrl) return pgBackup({ databaseUrl, dataDir: ctx.dataDir, actor: ctx.actor }, opts);
      if (opts.type !== undefined || opts.list) throw new DataKeyError('--type and --list are for a PostgreSQL store (DATABASE_URL set); the SQLite store is backed up with: ops backup <file> / --type và --list chỉ dùng với PostgreSQL');
      if (target === undefined) throw new DataKeyError('give the file to write the backup to: ops backup <file> / hãy chỉ định tệp sao lưu: ops backup <tệp>');
      const dest = resolve(target);
      if (existsSync(dest)) throw new DataKeyError(`${dest} already exists; a backup never overwrites a file / ${dest} đã có; bản sao lưu không ghi đè tệp`);
      const key = currentKey();
      const src = openKeyed(existingStore(ctx.dataDir()), key, { fileMustExist: true });
      let counts: Map<string, number>;
      try {
        src.pragma('busy_timeout = 5000');
        counts = copyStore(src, key, dest, key);
      } finally {
        src.close();
      }
      await auditAfter(ctx.dataDir(), key, ctx, 'store.backup', { file: dest, tables: counts.size, encrypted: key !== null });
      process.stdout.write(`backup ${dest} written, ${describe(key)}; ${counts.size} tables verified.\n`);
    });

  program
    .command('restore [file]')
    .description('replace the store of DATA_DIR with a backup (server stopped); the store it replaces is kept beside it. With DATABASE_URL (PostgreSQL): restore into a new folder with --to, verified')
    .option('--key-file <file>', "the backup's key file when it is not DATA_KEY_FILE (a backup made before a rotation)")
    .option('--to <folder>', 'PostgreSQL: a new or empty folder to restore into (a restore never writes over files)')
    .option('--time <iso>', 'PostgreSQL: restore to this point in time, ISO 8601 with an offset (default: the latest)')
    .action(async (backup: string | undefined, opts: { keyFile?: string; to?: string; time?: string }) => {
      const databaseUrl = databaseUrlFromEnv();
      if (databaseUrl) return pgRestore({ databaseUrl, dataDir: ctx.dataDir, actor: ctx.actor }, opts);
      if (opts.to !== undefined || opts.time !== undefined) throw new DataKeyError('--to and --time are for a PostgreSQL store (DATABASE_URL set); the SQLite store is restored with: ops restore <file> / --to và --time chỉ dùng với PostgreSQL');
      if (backup === undefined) throw new DataKeyError('give the backup file to restore: ops restore <file> / hãy chỉ định tệp sao lưu: ops restore <tệp>');
      const from = resolve(backup);
      if (!existsSync(from)) throw new DataKeyError(`no backup at ${from} / không có bản sao lưu tại ${from}`);
      const key = currentKey();
      const backupKey = isPlainSqlite(from) ? null : opts.keyFile ? readDataKey(resolve(opts.keyFile)) : key;
      const file = storeFile(ctx.dataDir());
      const lock = existsSync(file) ? openAlone(file, isPlainSqlite(file) ? null : key) : null;
      const kept = `${file}.before-restore-${Date.now()}`;
      const src = openKeyed(from, backupKey, { readonly: true, fileMustExist: true });
      let counts: Map<string, number>;
      try {
        counts = copyStore(src, backupKey, file, key, () => {
          if (!lock) return;
          lock.close();
          renameSync(file, kept);
        });
      } finally {
        src.close();
      }
      await auditAfter(ctx.dataDir(), key, ctx, 'store.restore', { file: from, tables: counts.size });
      process.stdout.write(`store ${file} restored from ${from}, ${describe(key)}; ${counts.size} tables verified.${lock ? ` The store it replaced: ${kept}` : ''}\n`);
    });
}
