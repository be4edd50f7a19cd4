import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Encryption at rest (DATA_KEY_FILE). The driver is better-sqlite3-multiple-ciphers, installed
 * under the name better-sqlite3 (an npm alias), so every opener keeps its import. The store uses
 * its SQLCipher v4 scheme (AES-256-CBC per page, HMAC-SHA512 per page, WAL frames included).
 * The key file holds 32 random bytes as 64 hex digits; they are the raw page key, so no
 * password stretching runs at open (the key is random, stretching would add nothing).
 */

/** A data key read from its file; `hex` never leaves the process except to the checkpoint worker. */
export interface DataKey {
  file: string;
  hex: string;
}

/** Why the store cannot be opened with (or without) a key; the start and `ops` print it as one line. */
export class DataKeyError extends Error {}

/** DATA_KEY_FILE together with DATABASE_URL: the server and `ops` both refuse it, with this. */
export function dataKeyNotForPostgres(): DataKeyError {
  return new DataKeyError("DATA_KEY_FILE encrypts the embedded SQLite store only; with DATABASE_URL, encrypt PostgreSQL's disks and backups instead (docs/deployment.md), and unset DATA_KEY_FILE");
}

const HEX_KEY = /^[0-9a-f]{64}$/;
const CACHE_KIB = 64 * 1024;
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function say(en: string, vi: string): string {
  return `${en} / ${vi}`;
}

/** The data key file named by DATA_KEY_FILE, or null when it is unset (a plain store, as before). */
export function dataKeyFileFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env['DATA_KEY_FILE'];
  return file ? resolve(file) : null;
}

/** Reads and checks a key file; a missing or malformed file is a DataKeyError that says what to do. */
export function readDataKey(file: string): DataKey {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new DataKeyError(say(`data key file ${file} cannot be read (${code}); make one with: ops data-key init ${file}`, `không đọc được tệp khóa dữ liệu ${file} (${code}); tạo tệp bằng: ops data-key init ${file}`));
  }
  const hex = text.trim().toLowerCase();
  if (!HEX_KEY.test(hex)) {
    throw new DataKeyError(say(`data key file ${file} must hold 64 hex digits (32 random bytes); make one with: ops data-key init <file>`, `tệp khóa dữ liệu ${file} phải chứa 64 chữ số hex (32 byte ngẫu nhiên); tạo bằng: ops data-key init <tệp>`));
  }
  return { file, hex };
}

/** True when the key file can be read by others than its owner (POSIX modes only). */
export function keyFileTooOpen(file: string): boolean {
  return process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
}

/** Writes a new random key file readable by its owner only; never overwrites one. */
export function createKeyFile(file: string): void {
  try {
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new DataKeyError(say(`${file} already exists; a key file is never overwritten`, `${file} đã có; tệp khóa không bao giờ bị ghi đè`));
    throw err;
  }
}

/** True when `file` starts with the plain SQLite header (an unencrypted store); false when absent or empty. */
export function isPlainSqlite(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Sets the cipher and key on a fresh connection, before any other statement (SQLite reads
 * nothing until then). With `key` null nothing is set: a plain store, exactly as before.
 */
export function applyDataKey(db: Database.Database, key: DataKey | null): void {
  if (!key) return;
  db.pragma("cipher = 'sqlcipher'");
  db.pragma('legacy = 4');
  db.pragma(`key = "x'${key.hex}'"`);
  // Every page read from disk is decrypted and its HMAC checked; SQLite's default 2 MiB cache
  // made the 63-unit "latest" query 68% slower than plain (bench/RESULTS.md). Keeping 64 MiB
  // of decrypted pages brings the hot set back to memory-speed reads.
  db.pragma(`cache_size = -${CACHE_KIB}`);
}

/** The same as a string for the checkpoint worker, which has its own connection. */
export function dataKeyPragmas(key: DataKey | null): string[] {
  return key ? ["cipher = 'sqlcipher'", 'legacy = 4', `key = "x'${key.hex}'"`] : [];
}

/** Re-keys an open, keyed (or plain) connection; rollback journal mode only (SQLite3MultipleCiphers). */
export function rekey(db: Database.Database, to: DataKey | null): void {
  if (to) {
    db.pragma("cipher = 'sqlcipher'");
    db.pragma('legacy = 4');
  }
  db.pragma(to ? `rekey = "x'${to.hex}'"` : "rekey = ''");
}

/**
 * Opens a store file with a key (or none) and proves the key fits by reading the schema; a
 * mismatch is a DataKeyError that names the cause instead of SQLite's "file is not a database".
 */
export function openKeyed(file: string, key: DataKey | null, opts: Database.Options = {}): Database.Database {
  const plain = isPlainSqlite(file);
  if (key && plain) {
    throw new DataKeyError(say(`store ${file} is not encrypted, and DATA_KEY_FILE is set: stop the server and convert it with: ops data-key encrypt`, `kho ${file} chưa được mã hóa mà DATA_KEY_FILE đã đặt: dừng máy chủ và chuyển đổi bằng: ops data-key encrypt`));
  }
  const db = new Database(file, opts);
  try {
    applyDataKey(db, key);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code !== 'SQLITE_NOTADB') throw err;
    if (!key) throw new DataKeyError(say(`store ${file} is encrypted (or not a SQLite file): set DATA_KEY_FILE to its key file`, `kho ${file} đã được mã hóa (hoặc không phải tệp SQLite): đặt DATA_KEY_FILE là tệp khóa của nó`));
    throw new DataKeyError(say(`the data key in ${key.file} does not open store ${file} (a wrong key, or the store was re-keyed since)`, `khóa dữ liệu trong ${key.file} không mở được kho ${file} (sai khóa, hoặc kho đã được đổi khóa)`));
  }
  return db;
}
