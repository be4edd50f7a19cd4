import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Audit, auditOf, auditSettings } from '../audit/index.js';
import { REVOCATION_CHANNEL } from '../auth/revocation.js';
import { sendOnPgBus } from '../cluster/pg-bus.js';
import { newServerId } from '../cluster/server-id.js';
import { databaseUrlFromEnv } from '../config.js';
import { DB_FILE, Store, dataKeyFileFromEnv, dataKeyNotForPostgres } from '../store/index.js';

type Out = { write(s: string): unknown };

/**
 * The store an `ops` command works on: the center's PostgreSQL when DATABASE_URL is set, else
 * the SQLite store in DATA_DIR, never a new one made by accident. A command run with the wrong
 * DATA_DIR used to get a fresh, empty store, and a key made there was refused by the server
 * with no hint why; now every command names the store on standard error, and only `ops init`
 * creates one.
 */
export function storeFile(dataDir: string): string {
  return join(dataDir, DB_FILE);
}

/** Why a command that needs a store did not run; printed as one line, exit 1. */
export class StoreMissingError extends Error {}

export function storeMissing(dataDir: string): StoreMissingError {
  return new StoreMissingError(
    `no store at ${storeFile(dataDir)}. Set DATA_DIR to the server's data folder (the server prints it at start: "data: ..."), or create a new store there with: DATA_DIR=${dataDir} ops init`,
  );
}

/**
 * DATABASE_URL (checked as the server checks it), or null for the SQLite store of DATA_DIR.
 * DATA_KEY_FILE with it is refused, as the server refuses it: it would encrypt nothing.
 */
export function centerDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const url = databaseUrlFromEnv(env['DATABASE_URL']);
  if (url && dataKeyFileFromEnv(env)) throw dataKeyNotForPostgres();
  return url;
}

/** host:port/database of DATABASE_URL (every host of a multi-host one), without user, password or options. */
export function placeOf(url: string): string {
  return url.replace(/^postgres(ql)?:\/\/(?:[^@/]*@)?/, '').replace(/\?.*$/, '');
}

/**
 * For a command that only knows the SQLite store of DATA_DIR (its file is what it changes):
 * with DATABASE_URL set it says so instead of quietly working on a SQLite file the servers do not use.
 */
export function sqliteOnly(command: string, env: NodeJS.ProcessEnv = process.env): void {
  if (databaseUrlFromEnv(env['DATABASE_URL'])) {
    throw new Error(`ops ${command} works on the SQLite store of DATA_DIR only; DATABASE_URL is set, so this center's store is PostgreSQL (docs/deployment.md). Unset DATABASE_URL to run it on a SQLite store`);
  }
}

/** Opens DATA_DIR's SQLite store after naming it; a missing store is an error that says how to make one. */
export function openExistingStore(dataDir: string, out: Out = process.stderr): Store {
  const file = storeFile(dataDir);
  if (!existsSync(file)) throw storeMissing(dataDir);
  out.write(`store: ${file}\n`);
  return Store.open(dataDir, { dataKeyFile: dataKeyFileFromEnv() });
}

/**
 * The store the environment names, named once on standard error: the center's PostgreSQL with
 * DATABASE_URL (`store: PostgreSQL host:port/db`, never the password), else DATA_DIR's SQLite
 * store (`store: <file>`).
 */
export async function openStore(dataDir: string, out: Out = process.stderr): Promise<Store> {
  const url = centerDatabaseUrl();
  if (!url) return openExistingStore(dataDir, out);
  // Two connections: a command's own transaction, and the revocation notice after it.
  const store = await Store.connect(url, { max: 2 });
  out.write(`store: PostgreSQL ${placeOf(url)}\n`);
  return store;
}

/** `ops init`: creates DATA_DIR's store (tables and all), or on PostgreSQL brings the schema up to date; says which. */
export async function initStore(dataDir: string, out: Out = process.stdout): Promise<void> {
  const url = centerDatabaseUrl();
  if (url) {
    await (await Store.connect(url, { max: 2 })).close();
    out.write(`store: PostgreSQL ${placeOf(url)} (schema up to date)\n`);
    return;
  }
  const file = storeFile(dataDir);
  const existed = existsSync(file);
  const store = Store.open(dataDir, { dataKeyFile: dataKeyFileFromEnv() });
  await store.close();
  out.write(existed ? `store: ${file} (already there; nothing changed)\n` : `store: ${file} (created)\n`);
}

/**
 * The audit log a command writes its lines to. SQLite: under the key file of its data folder,
 * as always. PostgreSQL: the center's one chain, under this machine's key file (AUDIT_KEY_FILE,
 * else DATA_DIR/audit.key, as the server here has it); a key that does not seal the chain is
 * refused (AuditKeyMismatch) before anything is written, as a server with it refuses to start.
 */
export async function auditOfStore(store: Store, dataDir: string): Promise<Audit> {
  if (store.engine === 'sqlite') return auditOf(store);
  const audit = new Audit(store.sql, { keyFile: auditSettings(dataDir).keyFile });
  await audit.mustShareLatestKey();
  return audit;
}

/**
 * Tells the running servers, once a command's changes have committed, that it revoked or
 * changed a credential (a key, a user, a session, a group, a wall device), so that they re-check
 * their open sockets at once. On SQLite nothing is sent: the servers see another process's
 * commit through PRAGMA data_version. On PostgreSQL one message on the servers' bus, as a
 * server sends for its own revocations (auth/revocation.ts). Not telling them is a warning, not
 * a failure: the change is made, and every new request is judged by it.
 */
export class RevocationNotice {
  private due = false;

  constructor(
    private readonly store: Store,
    private readonly out: Out = process.stderr,
  ) {}

  /** For `onRevoke` / `onChange`: something was changed that must reach open sockets. */
  readonly mark = (): void => {
    this.due = true;
  };

  async send(): Promise<void> {
    if (!this.due || this.store.engine !== 'postgres') return;
    this.due = false;
    try {
      await sendOnPgBus(this.store.sql, { channel: REVOCATION_CHANNEL, origin: `ops/${newServerId()}`, body: {} });
    } catch (err) {
      this.out.write(`warning: the change is made, but the running servers could not be told of it (${(err as Error).message}): consoles and walls connected with what was revoked stay connected until they reconnect\n`);
    }
  }
}

/** What one store command holds: the store, its audit log, and `revoked` to call when it cuts a credential. */
export interface OpsStore {
  store: Store;
  audit: Audit;
  revoked: () => void;
}

/**
 * Runs one command on the store the environment names: opened and named, its audit log checked
 * (PostgreSQL: this machine's key must seal the center's chain), the servers told after a
 * revocation, closed.
 */
export async function withOpsStore<T>(dataDir: string, fn: (s: OpsStore) => Promise<T>): Promise<T> {
  const store = await openStore(dataDir);
  const notice = new RevocationNotice(store);
  try {
    const audit = await auditOfStore(store, dataDir);
    return await fn({ store, audit, revoked: notice.mark });
  } finally {
    // Also after a failure: a change that committed before it must still reach the servers.
    await notice.send();
    await store.close();
  }
}
