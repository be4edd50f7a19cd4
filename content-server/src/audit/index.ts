import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import type { Sql, SqlParam } from '../store/sql.js';
import { SqliteSql, sqliteConnection } from '../store/sqlite-sql.js';
import { Anchorer, type AnchorerOptions } from './anchorer.js';
import { GENESIS_HASH, KEY_START_ACTION, keyedHash, verifyStoredChain, type ChainReport, type ChainedRow } from './chain.js';
import { AuditKeyring, type ChainKey } from './keyring.js';
import { KEYED_FROM_META } from './legacy.js';
import { auditSettings } from './settings.js';

export { GENESIS_HASH, KEY_START_ACTION, keyedHash, rowHash, verifyChain, type ChainReport } from './chain.js';
export { AuditKeyring } from './keyring.js';
export { FileAnchorSink, type AnchorSink, type SignedAnchor } from './anchors.js';
export { auditSettings, type AuditSettings } from './settings.js';
export { verifyAuditLog, verifyAuditFile, describeReport, type LogReport } from './verify.js';

export interface AuditEntry {
  /** Who: `key:<name>`, `user:<name>`, `cli:<user>`, `demo`, `system`. Never a secret. */
  actor: string;
  /** The role the actor acted in, where there is one. */
  role?: string | null;
  /** What, dotted: `ingest.batch`, `command.wall.scene.show`, `apikey.create`. */
  action: string;
  target?: string | null;
  /** Arguments, bytes sent, replies, errors: anything that explains the entry. */
  detail?: unknown;
  ok: boolean;
  durationMs?: number | null;
}

export interface AuditRecord {
  id: number;
  ts: number;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  detail: unknown;
  ok: boolean;
  durationMs: number | null;
  hash: string;
}

export interface AuditQuery {
  actor?: string;
  target?: string;
  command?: string;
  action?: string;
  from?: number;
  to?: number;
  ok?: boolean;
  limit?: number;
}

const HEAD = 'SELECT id, hash, key_id FROM audit_log ORDER BY id DESC LIMIT 1';
const INSERT = `INSERT INTO audit_log (id, ts, actor, role, action, target, detail, ok, duration_ms, prev_hash, hash, key_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
/**
 * Appends from several servers to one PostgreSQL take turns on this lock (held to the end of the
 * append's transaction): reading the head and inserting after it must not interleave, or the
 * chain forks. On SQLite, BEGIN IMMEDIATE already makes writers take turns.
 */
const CHAIN_LOCK = "SELECT pg_advisory_xact_lock(hashtext('ioc.audit_chain'))";

type Head = { id: number; hash: string | null; key_id: string | null };
type Rotation = { actor: string; previous: string };

/**
 * The audit log: one row per ingest batch, command and key change, so that "who caused this"
 * has an answer. Append-only and tamper-evident: each row carries an HMAC under the audit key
 * (kept outside the database, keyring.ts) over its content and the previous row's hash
 * (chain.ts); the server also anchors the chain in signed checkpoints outside the database
 * (anchorer.ts). `ops audit verify` (verify.ts) finds an edited, inserted or deleted row, rows
 * deleted from the end and a chain recomputed from scratch. Written with the change it records
 * (in the caller's transaction when it passes one); nothing here ever rewrites a row.
 *
 * Every server of one center appends to the same chain, so they all need the same key file
 * (docs/security.md).
 */
/** This server's audit key is not the one the center's chain is sealed with (`Audit.mustShareLatestKey`). */
export class AuditKeyMismatch extends Error {
  constructor(
    readonly keyFile: string,
    readonly chainKeyId: string,
    readonly localKeyId: string | null,
  ) {
    super(
      `${localKeyId === null ? `there is no audit key file at ${keyFile}` : `the audit key file ${keyFile} holds key ${localKeyId}`}, but the center's audit log is sealed with key ${chainKeyId}: ` +
        'copy the audit key file from a server of this center (every server shares one; docs/deployment.md) / ' +
        'khóa kiểm toán của máy chủ này khác khóa của nhật ký chung: hãy chép tệp khóa từ một máy chủ của trung tâm',
    );
    this.name = 'AuditKeyMismatch';
  }
}

export class Audit {
  private readonly keyFile: string;
  private keyring: AuditKeyring | null;
  private key: ChainKey | null = null;
  private anchorer: Anchorer | null = null;
  /** This process's last append outside a caller's transaction: the next one waits for it (`append`). */
  private turn: Promise<void> = Promise.resolve();

  /**
   * `keys` (an open key file) or `keyFile` (its path) names the audit key; `auditOf(store)` gives
   * a SQLite store's (AUDIT_KEY_FILE, else beside the store). Nothing is read or made until the
   * first write (or `open()`), so commands that only read the log never make a key file nor
   * write an entry.
   */
  constructor(
    private readonly sql: Sql,
    opts: { keys: AuditKeyring } | { keyFile: string },
  ) {
    this.keyring = 'keys' in opts ? opts.keys : null;
    this.keyFile = 'keys' in opts ? opts.keys.file : opts.keyFile;
  }

  /**
   * Makes the key file (mode 0600) where there is none, and opens the key's segment at once, so
   * that every key in the file is seen in the chain: a chain rewritten without its keyed entries
   * then shows. `ops init` and the server's start call it; the first write does the same.
   */
  async open(): Promise<{ keyFile: string; created: boolean }> {
    const created = this.keyring === null && !existsSync(this.keyFile);
    await this.append(null);
    return { keyFile: this.keyFile, created };
  }

  /**
   * Several servers append to one chain (PostgreSQL): each must seal with the key that sealed its
   * latest entry, or every write would start a segment under a key the others cannot check. A
   * server whose key file is missing or holds another current key refuses to start, before it
   * makes a key file of its own, and says which file to copy.
   */
  async mustShareLatestKey(): Promise<void> {
    const last = await this.sql.get<{ key_id: string }>('SELECT key_id FROM audit_log WHERE key_id IS NOT NULL ORDER BY id DESC LIMIT 1');
    if (!last) return;
    const keyring = this.keyring ?? (existsSync(this.keyFile) ? AuditKeyring.load(this.keyFile) : null);
    if (keyring?.current.id === last.key_id) return;
    throw new AuditKeyMismatch(this.keyFile, last.key_id, keyring?.current.id ?? null);
  }

  /** The id of the key new entries are sealed with. */
  get keyId(): string {
    return this.keys().key.id;
  }

  /**
   * Starts anchoring the chain into `sinks` (the server does; short-lived CLI runs do not).
   * `close()` takes the last anchor.
   */
  async startAnchoring(opts: AnchorerOptions): Promise<Anchorer> {
    await this.open();
    await this.anchorer?.stop();
    this.anchorer = new Anchorer(this.sql, this.keys().keyring, opts);
    return this.anchorer;
  }

  /**
   * Starts a new keyed segment under a fresh key (the old one stays in the key file so its
   * segment still verifies); the key start entry records who rotated it.
   */
  async rotateKey(actor: string): Promise<ChainKey> {
    const { keyring, key } = this.keys();
    this.key = keyring.rotate();
    await this.append(null, { actor, previous: key.id });
    return this.key;
  }

  /** Takes the last anchor and stops anchoring (before the store closes). */
  async close(): Promise<void> {
    const anchorer = this.anchorer;
    this.anchorer = null;
    await anchorer?.stop();
  }

  private keys(): { keyring: AuditKeyring; key: ChainKey } {
    this.keyring ??= AuditKeyring.openOrCreate(this.keyFile).keyring;
    this.key ??= this.keyring.current;
    return { keyring: this.keyring, key: this.key };
  }

  /**
   * Appends `entry`: in `tx` when given (it commits or rolls back with the caller's change), else
   * in a transaction of its own.
   */
  write(entry: AuditEntry, tx?: Sql): Promise<void> {
    return this.append(entry, undefined, tx).then(() => this.anchorer?.noteWrite());
  }

  /** Checks the whole chain against this process's keys, reading the rows in pages (never writes). */
  async verify(): Promise<ChainReport> {
    const keyedFrom = (await this.sql.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [KEYED_FROM_META]))?.value;
    const keyring = this.keyring ?? (existsSync(this.keyFile) ? AuditKeyring.load(this.keyFile) : null);
    return verifyStoredChain(this.sql, {
      secret: (id) => keyring?.secret(id) ?? (keyring?.reload() ? keyring.secret(id) : undefined),
      keyedFrom: keyedFrom === undefined ? null : Number(keyedFrom),
    });
  }

  /** The latest entries, newest first (for the CLI and tests). */
  async recent(limit = 50, action?: string): Promise<AuditRecord[]> {
    const rows = action === undefined
      ? await this.sql.all<ChainedRow>('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?', [limit])
      : await this.sql.all<ChainedRow>('SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?', [action, limit]);
    return rows.map(toRecord);
  }

  /**
   * One actor's latest entries, newest first (`user:lan`): read along the (actor, ts) index, so a
   * person with three lines in a log of millions costs three rows, not a scan ("My actions").
   */
  async ofActor(actor: string, limit: number): Promise<AuditRecord[]> {
    const rows = await this.sql.all<ChainedRow>('SELECT * FROM audit_log WHERE actor = ? ORDER BY ts DESC, id DESC LIMIT ?', [actor, Math.min(Math.max(1, limit), 1000)]);
    return rows.map(toRecord);
  }

  /**
   * Entries matching every given filter, newest first: the actor (`user:ana`, or just `ana`
   * for any kind), the device or wall the command went to, the command (exact, or a prefix
   * ending in `.`, e.g. `display.`), a time range in epoch ms, and the outcome.
   */
  async search(q: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: SqlParam[] = [];
    if (q.actor) {
      where.push(q.actor.includes(':') ? 'actor = ?' : "(actor = ? OR actor LIKE '%:' || ? ESCAPE '\\')");
      params.push(q.actor, ...(q.actor.includes(':') ? [] : [likeEscape(q.actor)]));
    }
    if (q.target) {
      where.push('target = ?');
      params.push(q.target);
    }
    if (q.command) {
      if (q.command.endsWith('.')) {
        where.push("action LIKE ? ESCAPE '\\'");
        params.push(`command.${likeEscape(q.command)}%`);
      } else {
        where.push('action = ?');
        params.push(`command.${q.command}`);
      }
    }
    if (q.action) {
      where.push('action = ?');
      params.push(q.action);
    }
    if (q.from !== undefined) {
      where.push('ts >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('ts < ?');
      params.push(q.to);
    }
    if (q.ok !== undefined) {
      where.push('ok = ?');
      params.push(q.ok ? 1 : 0);
    }
    const text = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    params.push(Math.min(q.limit ?? 100, 1000));
    return (await this.sql.all<ChainedRow>(text, params)).map(toRecord);
  }

  /**
   * Appends `entry` under the current key; first a key start entry when the chain's newest row
   * is under another key (or none): after a rotation, or when the key file is new. If another
   * process rotated the key, this one takes the new key up instead of switching back.
   */
  private append(entry: AuditEntry | null, rotation?: Rotation, tx?: Sql): Promise<void> {
    const legacy = tx ? null : openLegacyTransaction(this.sql);
    if (legacy) {
      // Transitional: a caller inside better-sqlite3's own synchronous transaction (a domain not
      // yet converted to `Sql`) gets its entry written at once, in that transaction, and a
      // failure thrown to it, as before. Goes once every such caller passes its `tx`.
      for (const row of this.rowsAfter(legacy.prepare<[], Head>(HEAD).get(), entry, rotation)) legacy.prepare(INSERT).run(...row);
      return Promise.resolve();
    }
    const appendIn = async (t: Sql): Promise<void> => {
      if (t.engine === 'postgres') await t.get(CHAIN_LOCK);
      for (const row of this.rowsAfter(await t.get<Head>(HEAD), entry, rotation)) await t.run(INSERT, row);
    };
    if (tx) return appendIn(tx);
    // One of this process's own appends at a time: on PostgreSQL each took a pooled connection
    // only to wait there for the chain lock, and a burst of them (a flood of refused commands)
    // held the whole pool, stalling every other statement of the server meanwhile.
    const appended = this.turn.then(() => this.sql.begin(appendIn));
    this.turn = appended.catch(() => {});
    return appended;
  }

  /** The rows to insert after the chain's head `last`: a key start entry when the key changes, then `entry`. */
  private rowsAfter(last: Head | undefined, entry: AuditEntry | null, rotation: Rotation | undefined): SqlParam[][] {
    const { keyring } = this.keys();
    if (last?.key_id !== this.key!.id && !rotation) {
      if (last?.key_id && keyring.reload() && keyring.current.id === last.key_id) this.key = keyring.current;
    }
    const key = this.key!;
    const rows: SqlParam[][] = [];
    let prev: { id: number; hash: string | null } | undefined = last;
    const add = (e: AuditEntry) => {
      const sealed = this.seal(prev, e, key);
      rows.push(sealed.params);
      prev = { id: sealed.id, hash: sealed.hash };
    };
    if (last?.key_id !== key.id || rotation) {
      const previous = rotation?.previous ?? last?.key_id ?? null;
      add({
        actor: rotation?.actor ?? 'system',
        action: KEY_START_ACTION,
        target: key.id,
        detail: { keyId: key.id, previousKeyId: previous, reason: rotation ? 'rotated' : previous === null ? 'first keyed entry' : 'new key file' },
        ok: true,
      });
    }
    if (entry) add(entry);
    return rows;
  }

  private seal(last: { id: number; hash: string | null } | undefined, entry: AuditEntry, key: ChainKey): { id: number; hash: string; params: SqlParam[] } {
    const row: Omit<ChainedRow, 'hash'> = {
      id: (last?.id ?? 0) + 1,
      ts: Date.now(),
      actor: entry.actor,
      role: entry.role ?? null,
      action: entry.action,
      target: entry.target ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ok: entry.ok ? 1 : 0,
      duration_ms: entry.durationMs ?? null,
      prev_hash: last?.hash ?? GENESIS_HASH,
      key_id: key.id,
    };
    const hash = keyedHash(key.secret, row);
    return { id: row.id, hash, params: [row.id, row.ts, row.actor, row.role, row.action, row.target, row.detail, row.ok, row.duration_ms, row.prev_hash, hash, row.key_id] };
  }
}

/** The audit log of a SQLite store, under the key file of its data folder (AUDIT_KEY_FILE, else `audit.key` beside it). */
export function auditOf(store: { sql: Sql; file: string }): Audit {
  return new Audit(store.sql, { keyFile: auditSettings(dirname(store.file)).keyFile });
}

/** The connection, when it is inside a better-sqlite3 transaction that `SqliteSql` did not open; else null. */
function openLegacyTransaction(sql: Sql): Database.Database | null {
  const db = sqliteConnection(sql);
  return db && db.inTransaction && sql instanceof SqliteSql && !sql.transactionOpen ? db : null;
}

/** `LIKE` wildcards and the escape character, taken literally. */
const likeEscape = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function toRecord(r: ChainedRow): AuditRecord {
  return {
    id: r.id,
    ts: r.ts,
    actor: r.actor,
    role: r.role,
    action: r.action,
    target: r.target,
    detail: r.detail === null ? null : JSON.parse(r.detail),
    ok: r.ok === 1,
    durationMs: r.duration_ms,
    hash: r.hash ?? '',
  };
}
