import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../store/types.js';
import { Anchorer, type AnchorerOptions } from './anchorer.js';
import { GENESIS_HASH, KEY_START_ACTION, keyedHash, verifyChain, type ChainReport, type ChainedRow } from './chain.js';
import { AuditKeyring, type ChainKey } from './keyring.js';
import { KEYED_FROM_META } from './legacy.js';
import { auditSettings } from './settings.js';

export { GENESIS_HASH, KEY_START_ACTION, keyedHash, rowHash, verifyChain, type ChainReport } from './chain.js';
export { AuditKeyring } from './keyring.js';
export { FileAnchorSink, type AnchorSink, type SignedAnchor } from './anchors.js';
export { auditSettings, type AuditSettings } from './settings.js';
export { verifyAuditLog, describeReport, type LogReport } from './verify.js';

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

/**
 * The audit log: one row per ingest batch, command and key change, so that "who caused this"
 * has an answer. Append-only and tamper-evident: each row carries an HMAC under the audit key
 * (kept outside the database, keyring.ts) over its content and the previous row's hash
 * (chain.ts); the server also anchors the chain in signed checkpoints outside the database
 * (anchorer.ts). `ops audit verify` (verify.ts) finds an edited, inserted or deleted row, rows
 * deleted from the end and a chain recomputed from scratch. Written synchronously with the
 * change it records; nothing here ever rewrites a row.
 */
export class Audit {
  private readonly last;
  private readonly insert;
  private readonly append;
  private readonly keyFile: string;
  private keyring: AuditKeyring | null;
  private key: ChainKey | null = null;
  private anchorer: Anchorer | null = null;

  /**
   * `keys` defaults to the key file of the store's data folder (AUDIT_KEY_FILE). Nothing is read
   * or made until the first write (or `open()`), so commands that only read the log never make
   * a key file nor write an entry.
   */
  constructor(
    private readonly db: Db,
    opts: { keys?: AuditKeyring } = {},
  ) {
    this.keyring = opts.keys ?? null;
    this.keyFile = opts.keys?.file ?? auditSettings(dirname(db.name)).keyFile;
    this.last = db.prepare<[], { id: number; hash: string | null; key_id: string | null }>('SELECT id, hash, key_id FROM audit_log ORDER BY id DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO audit_log (id, ts, actor, role, action, target, detail, ok, duration_ms, prev_hash, hash, key_id)
       VALUES (@id, @ts, @actor, @role, @action, @target, @detail, @ok, @duration_ms, @prev_hash, @hash, @key_id)`,
    );
    // IMMEDIATE: the server and the CLI may both append; reading the last hash and inserting
    // must happen under the write lock or the chain would fork.
    type Rotation = { actor: string; previous: string } | undefined;
    const appendTx = db.transaction((entry: AuditEntry | null, rotation: Rotation) => this.appendRow(entry, rotation));
    this.append = (entry: AuditEntry | null, rotation?: Rotation) => (db.inTransaction ? this.appendRow(entry, rotation) : appendTx.immediate(entry, rotation));
  }

  /**
   * Makes the key file (mode 0600) where there is none, and opens the key's segment at once, so
   * that every key in the file is seen in the chain: a chain rewritten without its keyed entries
   * then shows. `ops init` and the server's start call it; the first write does the same.
   */
  open(): { keyFile: string; created: boolean } {
    const created = this.keyring === null && !existsSync(this.keyFile);
    this.append(null);
    return { keyFile: this.keyFile, created };
  }

  /** The id of the key new entries are sealed with. */
  get keyId(): string {
    return this.keys().key.id;
  }

  /**
   * Starts anchoring the chain into `sinks` (the server does; short-lived CLI runs do not).
   * `close()` takes the last anchor.
   */
  startAnchoring(opts: AnchorerOptions): Anchorer {
    this.open();
    this.anchorer?.stop();
    this.anchorer = new Anchorer(this.db, this.keys().keyring, opts);
    return this.anchorer;
  }

  /**
   * Starts a new keyed segment under a fresh key (the old one stays in the key file so its
   * segment still verifies); the key start entry records who rotated it.
   */
  rotateKey(actor: string): ChainKey {
    const { keyring, key } = this.keys();
    this.key = keyring.rotate();
    this.append(null, { actor, previous: key.id });
    return this.key;
  }

  /** Takes the last anchor and stops anchoring (before the store closes). */
  close(): void {
    this.anchorer?.stop();
    this.anchorer = null;
  }

  private keys(): { keyring: AuditKeyring; key: ChainKey } {
    this.keyring ??= AuditKeyring.openOrCreate(this.keyFile).keyring;
    this.key ??= this.keyring.current;
    return { keyring: this.keyring, key: this.key };
  }

  write(entry: AuditEntry): void {
    this.append(entry);
    this.anchorer?.noteWrite();
  }

  /** Checks the whole chain against this process's keys, streaming the rows (never writes). */
  verify(): ChainReport {
    const keyedFrom = this.db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck().get(KEYED_FROM_META);
    const keyring = this.keyring ?? (existsSync(this.keyFile) ? AuditKeyring.load(this.keyFile) : null);
    return verifyChain(this.db.prepare<[], ChainedRow>('SELECT * FROM audit_log ORDER BY id').iterate(), {
      secret: (id) => keyring?.secret(id) ?? (keyring?.reload() ? keyring.secret(id) : undefined),
      keyedFrom: keyedFrom === undefined ? null : Number(keyedFrom),
    });
  }

  /** The latest entries, newest first (for the CLI and tests). */
  recent(limit = 50, action?: string): AuditRecord[] {
    const rows = this.db
      .prepare<[string | null, string | null, number], ChainedRow>('SELECT * FROM audit_log WHERE (? IS NULL OR action = ?) ORDER BY id DESC LIMIT ?')
      .all(action ?? null, action ?? null, limit);
    return rows.map(toRecord);
  }

  /**
   * Entries matching every given filter, newest first: the actor (`user:ana`, or just `ana`
   * for any kind), the device or wall the command went to, the command (exact, or a prefix
   * ending in `.`, e.g. `display.`), a time range in epoch ms, and the outcome.
   */
  search(q: AuditQuery): AuditRecord[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.actor) {
      where.push(q.actor.includes(':') ? 'actor = ?' : "(actor = ? OR actor LIKE '%:' || ?)");
      params.push(q.actor, ...(q.actor.includes(':') ? [] : [q.actor]));
    }
    if (q.target) {
      where.push('target = ?');
      params.push(q.target);
    }
    if (q.command) {
      if (q.command.endsWith('.')) {
        where.push("action LIKE ? ESCAPE '\\'");
        params.push(`command.${q.command.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
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
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
    params.push(Math.min(q.limit ?? 100, 1000));
    return this.db.prepare<unknown[], ChainedRow>(sql).all(...params).map(toRecord);
  }

  /**
   * Appends `entry` under the current key; first a key start entry when the chain's newest row
   * is under another key (or none): after a rotation, or when the key file is new. If another
   * process rotated the key, this one takes the new key up instead of switching back.
   */
  private appendRow(entry: AuditEntry | null, rotation?: { actor: string; previous: string }): void {
    const { keyring } = this.keys();
    let last = this.last.get();
    if (last?.key_id !== this.key!.id && !rotation) {
      if (last?.key_id && keyring.reload() && keyring.current.id === last.key_id) this.key = keyring.current;
    }
    const key = this.key!;
    if (last?.key_id !== key.id || rotation) {
      const previous = rotation?.previous ?? last?.key_id ?? null;
      this.insertRow(last, {
        actor: rotation?.actor ?? 'system',
        action: KEY_START_ACTION,
        target: key.id,
        detail: { keyId: key.id, previousKeyId: previous, reason: rotation ? 'rotated' : previous === null ? 'first keyed entry' : 'new key file' },
        ok: true,
      });
      last = this.last.get();
    }
    if (entry) this.insertRow(last, entry);
  }

  private insertRow(last: { id: number; hash: string | null } | undefined, entry: AuditEntry): void {
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
      key_id: this.keys().key.id,
    };
    this.insert.run({ ...row, hash: keyedHash(this.keys().key.secret, row) });
  }
}

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
