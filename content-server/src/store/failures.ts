import type { HealthCauseCode, Label } from '@ioc/protocol';

/** A failure of the store, the disk or a folder: what a request is answered and /healthz says. */
export interface Failure {
  code: HealthCauseCode;
  /** 507 when there is no room to store (SQLITE_FULL, ENOSPC); 503 for the rest. */
  status: 503 | 507;
  text: Label;
  /** The error code behind it (SQLITE_IOERR_WRITE, ENOENT...), for the log. */
  cause?: string;
  /** The folder concerned (its role, not its path), for `folder_missing`. */
  folder?: string;
}

const TEXT: Record<HealthCauseCode, Label> = {
  store_unreachable: { en: 'the data store does not answer', vi: 'kho dữ liệu không phản hồi' },
  store_full: { en: 'the data store is full (no space left): nothing of this request was stored', vi: 'kho dữ liệu đã đầy (hết chỗ trống): chưa lưu gì của yêu cầu này' },
  store_busy: { en: 'the data store is busy (locked by another writer): nothing of this request was stored; try again', vi: 'kho dữ liệu đang bận (một tiến trình khác đang ghi): chưa lưu gì của yêu cầu này; hãy thử lại' },
  store_io: { en: 'the data store cannot read or write its file (disk error): nothing of this request was stored', vi: 'kho dữ liệu không đọc/ghi được tệp (lỗi đĩa): chưa lưu gì của yêu cầu này' },
  store_readonly: { en: 'the data store can only be read (file or disk read-only): nothing of this request was stored', vi: 'kho dữ liệu chỉ đọc được (tệp hoặc đĩa chỉ đọc): chưa lưu gì của yêu cầu này' },
  store_cantopen: { en: 'the data store cannot open its file: nothing of this request was stored', vi: 'kho dữ liệu không mở được tệp: chưa lưu gì của yêu cầu này' },
  store_corrupt: { en: 'the data store file is damaged: nothing of this request was stored', vi: 'tệp kho dữ liệu bị hỏng: chưa lưu gì của yêu cầu này' },
  store_file_moved: { en: 'the data store file was moved, deleted or replaced while in use: nothing is stored until it is back', vi: 'tệp kho dữ liệu bị di chuyển, xóa hoặc thay thế khi đang dùng: không lưu gì cho đến khi tệp trở lại' },
  disk_full: { en: 'the disk of the data folder is full: nothing of this request was stored', vi: 'ổ đĩa của thư mục dữ liệu đã đầy: chưa lưu gì của yêu cầu này' },
  folder_missing: { en: 'a folder the server writes into is missing or not writable', vi: 'một thư mục máy chủ cần ghi vào bị thiếu hoặc không ghi được' },
};

/** The text of a cause; a folder is named by its role (`layouts-copies`), never by its path. */
export function causeText(code: HealthCauseCode, folder?: string): Label {
  const t = TEXT[code];
  return folder ? { en: `${t.en}: ${folder}`, vi: `${t.vi}: ${folder}` } : t;
}

function failure(code: HealthCauseCode, cause: string, folder?: string): Failure {
  return { code, status: code === 'store_full' || code === 'disk_full' ? 507 : 503, text: causeText(code, folder), cause, ...(folder && { folder }) };
}

/** SQLite's primary result codes (the extended ones, SQLITE_IOERR_WRITE..., share their prefix). */
const SQLITE: Record<string, HealthCauseCode> = {
  SQLITE_FULL: 'store_full',
  SQLITE_BUSY: 'store_busy',
  SQLITE_LOCKED: 'store_busy',
  SQLITE_IOERR: 'store_io',
  SQLITE_READONLY: 'store_readonly',
  SQLITE_CANTOPEN: 'store_cantopen',
  SQLITE_CORRUPT: 'store_corrupt',
  SQLITE_NOTADB: 'store_corrupt',
};

/**
 * PostgreSQL's SQLSTATE classes and codes (postgres.js `PostgresError.code`) mapped to the same
 * causes as SQLite's: a server that shuts down or cannot be reached is unreachable, a full disk
 * is full, a conflict between writers is busy (the client may try again), a standby is read-only.
 */
const POSTGRES: Record<string, HealthCauseCode> = {
  '08': 'store_unreachable',
  '57P01': 'store_unreachable',
  '57P02': 'store_unreachable',
  '57P03': 'store_unreachable',
  '53100': 'store_full',
  '40001': 'store_busy',
  '40P01': 'store_busy',
  '53300': 'store_busy',
  '55P03': 'store_busy',
  '57014': 'store_busy',
  '25006': 'store_readonly',
  '58030': 'store_io',
  XX001: 'store_corrupt',
  XX002: 'store_corrupt',
};

/** Set by the PostgreSQL engine on every error its client raised (postgres-sql.ts). */
export const FROM_POSTGRES = Symbol('ioc.fromPostgres');

/** postgres.js's own errors when the connection is lost or cannot be made, and the socket's. */
const CONNECTION = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE']);

/** File system errors that mean "no room" or "the folder is not there / not writable". */
const FS: Record<string, HealthCauseCode> = {
  ENOSPC: 'disk_full',
  EDQUOT: 'disk_full',
  ENOENT: 'folder_missing',
  ENOTDIR: 'folder_missing',
  EACCES: 'folder_missing',
  EPERM: 'folder_missing',
  EROFS: 'folder_missing',
};

/**
 * The one place that maps an error to a failure of the environment: SQLite result codes from
 * better-sqlite3 (`SqliteError.code`), PostgreSQL's SQLSTATEs and lost connections (postgres.js),
 * and file system codes (`ENOSPC`...). Anything else is a
 * bug (null: the caller answers 500).
 */
export function failureOf(err: unknown): Failure | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_READONLY_DBMOVED') return failure('store_file_moved', code);
  if (code.startsWith('SQLITE_')) {
    const primary = code.split('_').slice(0, 2).join('_');
    const mapped = SQLITE[primary];
    return mapped ? failure(mapped, code) : null;
  }
  if ((err as { name?: unknown }).name === 'PostgresError') {
    const mapped = POSTGRES[code] ?? POSTGRES[code.slice(0, 2)];
    return mapped ? failure(mapped, code) : null;
  }
  // A socket error says something about the store only when the store's client met it (not a device's or a peer's).
  if (CONNECTION.has(code) && (err as Record<symbol, unknown>)[FROM_POSTGRES] === true) return failure('store_unreachable', code);
  const fs = FS[code];
  if (!fs) return null;
  // Only errors of a file operation say something about a folder (not, e.g., of a socket).
  const path = (err as { path?: unknown }).path;
  return typeof path === 'string' || fs === 'disk_full' ? failure(fs, code) : null;
}

export { failure as makeFailure };
