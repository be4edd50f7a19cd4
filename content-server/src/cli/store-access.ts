import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DB_FILE, Store, dataKeyFileFromEnv } from '../store/index.js';

/**
 * The store an `ops` command works on: the one in DATA_DIR, never a new one made by accident.
 * A command run with the wrong DATA_DIR used to get a fresh, empty store, and a key made there
 * was refused by the server with no hint why; now every command names the store on standard
 * error, and only `ops init` creates one.
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

/** Opens DATA_DIR's store after naming it; a missing store is an error that says how to make one. */
export function openExistingStore(dataDir: string, out: { write(s: string): unknown } = process.stderr): Store {
  const file = storeFile(dataDir);
  if (!existsSync(file)) throw storeMissing(dataDir);
  out.write(`store: ${file}\n`);
  return Store.open(dataDir, { dataKeyFile: dataKeyFileFromEnv() });
}

/** `ops init`: creates DATA_DIR's store (tables and all), or says it is already there. */
export async function initStore(dataDir: string, out: { write(s: string): unknown } = process.stdout): Promise<void> {
  const file = storeFile(dataDir);
  const existed = existsSync(file);
  const store = Store.open(dataDir, { dataKeyFile: dataKeyFileFromEnv() });
  await store.close();
  out.write(existed ? `store: ${file} (already there; nothing changed)\n` : `store: ${file} (created)\n`);
}
