import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { formatVnTimestamp } from '@ioc/protocol';
import { anchorSignatureHolds, readAnchorFile } from './anchors.js';
import type { Sql } from '../store/sql.js';
import { SqliteSql } from '../store/sqlite-sql.js';
import { verifyStoredChain, type ChainSegment } from './chain.js';
import { AuditKeyring } from './keyring.js';
import { KEYED_FROM_META } from './legacy.js';

export interface Finding {
  /** The first entry the finding is about (for a truncated log: the first one missing). */
  entry: number;
  message: string;
}

export interface LogReport {
  ok: boolean;
  entries: number;
  lastHash: string | null;
  segments: ChainSegment[];
  anchors: number;
  newestAnchor: { time: number; lastId: number } | null;
  /** What does not hold, first bad entry first. */
  findings: Finding[];
  /** Worth knowing but not a break (no anchors yet, a key file others can read). */
  warnings: string[];
}

const when = (ms: number) => formatVnTimestamp(ms);

/**
 * `ops audit verify` on a SQLite store: `verifyAuditLog` on the file opened read-only.
 */
export async function verifyAuditFile(dbFile: string, files: { keyFile: string; anchorsFile: string }): Promise<LogReport> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return await verifyAuditLog(new SqliteSql(db), files);
  } finally {
    db.close();
  }
}

/**
 * `ops audit verify`: the chain against the audit keys, then every anchor against its signature
 * and the rows. Reads through `sql` (either engine) and never writes: not the rows, not the key file.
 */
export async function verifyAuditLog(sql: Sql, files: { keyFile: string; anchorsFile: string }): Promise<LogReport> {
  const warnings: string[] = [];
  const findings: Finding[] = [];
  let keyring: AuditKeyring | null = null;
  if (!existsSync(files.keyFile)) warnings.push(`no audit key file at ${files.keyFile}: keyed entries cannot be checked`);
  else {
    keyring = AuditKeyring.load(files.keyFile);
    const loose = keyring.looseMode();
    if (loose) warnings.push(`audit key file ${files.keyFile} has mode ${loose}; it should be readable by its owner only (chmod 600)`);
  }
  const keyedFromRaw = (await sql.get<{ value: string }>('SELECT value FROM meta WHERE key = ?', [KEYED_FROM_META]))?.value;
  const chain = await verifyStoredChain(sql, {
    secret: (id) => keyring?.secret(id),
    keyedFrom: keyedFromRaw === undefined ? null : Number(keyedFromRaw),
  });
  // SQLite's migration 12 always records it; a PostgreSQL database is born keyed and has it only
  // when migrated from SQLite, so there its absence matters only beside unkeyed rows.
  const mustSayWhere = sql.engine === 'sqlite' || (await sql.get('SELECT 1 AS one FROM audit_log WHERE key_id IS NULL LIMIT 1')) !== undefined;
  if (keyedFromRaw === undefined && mustSayWhere) findings.push({ entry: 1, message: `the store does not say where the keyed chain starts (meta ${KEYED_FROM_META} was removed)` });
  if (!chain.ok) findings.push({ entry: chain.brokenAt, message: chain.reason });
  const segments = chain.ok ? chain.segments : [];
  if (chain.ok && keyring) {
    // A key that opens no segment: its entries were deleted, or rewritten as unkeyed ones.
    for (const k of keyring.keys) {
      if (!segments.some((s) => s.keyId === k.id)) {
        findings.push({ entry: chain.lastId + 1, message: `audit key ${k.id} (created ${when(k.createdAt)}) opens no segment of the log: the entries it sealed were deleted or rewritten without it` });
      }
    }
  }

  const anchorLines = readAnchorFile(files.anchorsFile);
  const publicKey = keyring?.anchorPublicKey ?? null;
  const maxId = Number((await sql.get<{ n: number }>('SELECT coalesce(max(id), 0) AS n FROM audit_log'))?.n ?? 0);
  let anchors = 0;
  let newestAnchor: LogReport['newestAnchor'] = null;
  for (const l of anchorLines) {
    if ('error' in l) {
      findings.push({ entry: maxId + 1, message: `line ${l.line} of ${files.anchorsFile} is ${l.error} (the anchor file was edited)` });
      continue;
    }
    const a = l.anchor;
    if (!publicKey || !anchorSignatureHolds(a, publicKey)) {
      findings.push({ entry: Math.min(a.lastId, maxId + 1), message: `the anchor of ${when(a.time)} (line ${l.line} of ${files.anchorsFile}) does not carry the anchor key's signature (the anchor file was rewritten)` });
      continue;
    }
    anchors++;
    if (!newestAnchor || a.lastId >= newestAnchor.lastId) newestAnchor = { time: a.time, lastId: a.lastId };
    const row = await sql.get<{ id: number; hash: string | null }>('SELECT id, hash FROM audit_log WHERE id = ?', [a.lastId]);
    if (!row) {
      if (a.lastId > maxId) findings.push({ entry: maxId + 1, message: `the log ends at entry ${maxId} but an anchor of ${when(a.time)} vouches for entry ${a.lastId} (entries were deleted from its end)` });
      else findings.push({ entry: a.lastId, message: `entry ${a.lastId}, which an anchor of ${when(a.time)} vouches for, is missing` });
      continue;
    }
    if (row.hash !== a.lastHash) findings.push({ entry: a.lastId, message: `entry ${a.lastId} is not the one an anchor of ${when(a.time)} vouches for (the chain was rewritten)` });
    const counted = Number((await sql.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE id <= ?', [a.lastId]))?.n ?? 0);
    if (counted !== a.count) findings.push({ entry: a.lastId, message: `an anchor of ${when(a.time)} counted ${a.count} entries up to entry ${a.lastId}; the log has ${counted} (entries were deleted or inserted)` });
  }
  if (anchorLines.length === 0 && maxId > 0) warnings.push(`no anchors in ${files.anchorsFile}: entries deleted from the end of the log cannot be detected`);
  else if (newestAnchor && newestAnchor.lastId < maxId) warnings.push(`entries after ${newestAnchor.lastId} are not anchored yet (the server anchors every AUDIT_ANCHOR_EVERY entries, every AUDIT_ANCHOR_MINUTES and at shutdown)`);

  findings.sort((x, y) => x.entry - y.entry);
  return { ok: findings.length === 0, entries: chain.entries, lastHash: chain.ok ? chain.lastHash : null, segments, anchors, newestAnchor, findings, warnings };
}

/** The lines `ops audit verify` prints: the verdict first. */
export function describeReport(r: LogReport): string[] {
  const out: string[] = [];
  if (r.ok) {
    const segs = r.segments.map((s) => `${s.keyId === null ? 'unkeyed (before migration 12)' : `key ${s.keyId}`}: ${s.first}-${s.last}`).join('; ');
    const anchored = r.newestAnchor ? `, ${r.anchors} anchor${r.anchors === 1 ? '' : 's'} hold (newest of ${when(r.newestAnchor.time)} vouches for entry ${r.newestAnchor.lastId})` : ', no anchors';
    out.push(`audit chain intact: ${r.entries} entries, last hash ${r.lastHash}${segs ? ` (${segs})` : ''}${anchored}`);
  } else {
    const [first, ...rest] = r.findings;
    out.push(`AUDIT CHAIN BROKEN at entry ${first!.entry}: ${first!.message}`);
    for (const f of rest) out.push(`  also at entry ${f.entry}: ${f.message}`);
  }
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out;
}
