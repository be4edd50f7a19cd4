// The audit trail against someone who can write the database of a stopped server: every way of
// hiding an entry must be reported by `ops audit verify` (exit 1, naming the first bad entry),
// and verifying must leave the data folder exactly as it found it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, createApiKey, freePort, ingest, startServer, tempDataDir } from '../support/server.js';

const OPS = join(ROOT, 'content-server/bin/ops.js');
const verify = (dataDir: string) => spawnSync(process.execPath, [OPS, 'audit', 'verify'], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });

interface Row {
  id: number;
  ts: number;
  actor: string;
  role: string | null;
  action: string;
  target: string | null;
  detail: string | null;
  ok: number;
  duration_ms: number | null;
  prev_hash: string | null;
  hash: string | null;
}

/** The seal as the code computed it before the chain was keyed: what an attacker can recompute. */
const sha256Seal = (r: Omit<Row, 'hash'>) => createHash('sha256').update(JSON.stringify([r.id, r.ts, r.actor, r.role, r.action, r.target, r.detail, r.ok, r.duration_ms, r.prev_hash])).digest('hex');

let original: { dir: string; remove: () => void };
let last: number;
const copies: string[] = [];

/** A copy of the stopped server's data folder, tampered with by `sql` (or a function on the db). */
function tampered(attack: string | ((db: Database.Database) => void)): string {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-audit-attack-'));
  copies.push(dir);
  cpSync(original.dir, dir, { recursive: true });
  const db = new Database(join(dir, 'ioc.sqlite'));
  if (typeof attack === 'string') db.exec(attack);
  else attack(db);
  db.close();
  return dir;
}

beforeAll(async () => {
  original = tempDataDir();
  const key = createApiKey(original.dir, 'attack-feed', 'ingest');
  createApiKey(original.dir, 'attack-console', 'operator');
  const server = await startServer({ dataDir: original.dir, port: await freePort() });
  for (const value of [1, 2, 3, 4]) {
    const res = await ingest(server.url, key, { observations: [{ indicator: 'exports', unit: 'VN', period: '2024-12', value, source: 'Customs' }] });
    expect(res.status).toBe(200);
  }
  // The server anchors the chain at shutdown.
  await server.stop();
  const db = new Database(join(original.dir, 'ioc.sqlite'), { readonly: true });
  last = db.prepare('SELECT max(id) FROM audit_log').pluck().get() as number;
  db.close();
  expect(last).toBeGreaterThanOrEqual(6);
}, 120_000);

afterAll(() => {
  original?.remove();
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('ops audit verify on a tampered data folder', () => {
  it('reports an untouched log as intact, and verifying changes no byte of the data folder', () => {
    // Every file of the data folder, sub-folders included (layouts' last good copies...).
    const snapshot = () => Object.fromEntries((readdirSync(original.dir, { recursive: true }) as string[]).filter((f) => statSync(join(original.dir, f)).isFile()).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(original.dir, f))).digest('hex')]));
    const before = snapshot();
    const res = verify(original.dir);
    expect([res.status, res.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^audit chain intact: ${last} entries, .*anchors? hold \\(newest of .* vouches for entry ${last}\\)\\n$`))]);
    expect(snapshot()).toEqual(before);
  });

  it('finds an edited entry', () => {
    const res = verify(tampered("UPDATE audit_log SET actor = 'key:someone-else' WHERE id = 3"));
    expect([res.status, res.stdout]).toEqual([1, expect.stringMatching(/^AUDIT CHAIN BROKEN at entry 3: entry 3 was changed after it was written/)]);
  });

  it('finds an inserted entry, sealed the way the code used to seal', () => {
    const dir = tampered((db) => {
      const prev = db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1').get() as Row & { key_id: string };
      const row = { id: prev.id + 1, ts: prev.ts + 1, actor: 'user:ghost', role: 'admin', action: 'apikey.create', target: 'backdoor', detail: null, ok: 1, duration_ms: null, prev_hash: prev.hash };
      db.prepare('INSERT INTO audit_log (id, ts, actor, role, action, target, detail, ok, duration_ms, prev_hash, hash, key_id) VALUES (@id, @ts, @actor, @role, @action, @target, @detail, @ok, @duration_ms, @prev_hash, @hash, @key_id)').run({ ...row, hash: sha256Seal(row), key_id: prev.key_id });
    });
    const res = verify(dir);
    expect([res.status, res.stdout]).toEqual([1, expect.stringMatching(new RegExp(`^AUDIT CHAIN BROKEN at entry ${last + 1}: entry ${last + 1} was resealed without the audit key`))]);
  });

  it('finds an entry deleted from the middle', () => {
    const res = verify(tampered('DELETE FROM audit_log WHERE id = 4'));
    expect([res.status, res.stdout]).toEqual([1, expect.stringMatching(/^AUDIT CHAIN BROKEN at entry 5: entry 5 does not follow the entry before it/)]);
  });

  it('finds the newest entries deleted, through the anchor that vouches for them', () => {
    const res = verify(tampered(`DELETE FROM audit_log WHERE id > ${last - 3}`));
    const end = last - 3;
    expect([res.status, res.stdout]).toEqual([1, expect.stringMatching(new RegExp(`^AUDIT CHAIN BROKEN at entry ${end + 1}: the log ends at entry ${end} but an anchor of \\d{4}-\\d\\d-\\d\\dT[\\d:]+\\+07:00 vouches for entry ${last} \\(entries were deleted from its end\\)`))]);
  });

  it('finds an edit hidden by recomputing the whole chain with sha256, as the code used to', () => {
    const dir = tampered((db) => {
      db.prepare("UPDATE audit_log SET target = 'nothing-to-see' WHERE id = 3").run();
      let prev = '0'.repeat(64);
      for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
        const hash = sha256Seal({ ...r, prev_hash: prev });
        db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id);
        prev = hash;
      }
    });
    const res = verify(dir);
    expect([res.status, res.stdout]).toEqual([1, expect.stringMatching(/^AUDIT CHAIN BROKEN at entry 1: entry 1 was resealed without the audit key \(a plain sha256: the chain was recomputed after an edit\)/)]);
  });

  it('finds the same when the recomputed chain also pretends to be from before the key', () => {
    const dir = tampered((db) => {
      let prev = '0'.repeat(64);
      for (const r of db.prepare('SELECT * FROM audit_log ORDER BY id').all() as Row[]) {
        const hash = sha256Seal({ ...r, prev_hash: prev });
        db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ?, key_id = NULL WHERE id = ?').run(prev, hash, r.id);
        prev = hash;
      }
      db.prepare("DELETE FROM meta WHERE key = 'audit_keyed_from'").run();
    });
    const res = verify(dir);
    expect(res.status).toBe(1);
    expect(res.stdout).toMatch(/^AUDIT CHAIN BROKEN at entry 1: /);
    expect(res.stdout).toMatch(/opens no segment of the log|is not the one an anchor of .* vouches for/);
  });

  it('finds hashes emptied from an entry on, even after verifying and a restart (nothing re-seals them)', async () => {
    const dir = tampered('UPDATE audit_log SET prev_hash = NULL, hash = NULL WHERE id >= 5');
    const first = verify(dir);
    expect([first.status, first.stdout]).toEqual([1, expect.stringMatching(/^AUDIT CHAIN BROKEN at entry 5: entry 5 carries no hash: its seal was removed/)]);
    // Starting the server used to seal such rows afresh, and the next verify said intact.
    const server = await startServer({ dataDir: dir, port: await freePort() });
    await server.stop();
    const again = verify(dir);
    expect([again.status, again.stdout]).toEqual([1, expect.stringMatching(/^AUDIT CHAIN BROKEN at entry 5: entry 5 carries no hash/)]);
  });

  it('finds an anchor file rewritten to match a shortened log', () => {
    const dir = tampered(`DELETE FROM audit_log WHERE id > ${last - 2}`);
    const file = join(dir, 'audit-anchors.jsonl');
    const db = new Database(join(dir, 'ioc.sqlite'), { readonly: true });
    const newest = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string };
    db.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    writeFileSync(file, `${lines.map((a) => JSON.stringify({ ...a, lastId: newest.id, lastHash: newest.hash, count: newest.id })).join('\n')}\n`);
    const res = verify(dir);
    expect([res.status, res.stdout]).toEqual([1, expect.stringMatching(/^AUDIT CHAIN BROKEN at entry \d+: the anchor of .* does not carry the anchor key's signature \(the anchor file was rewritten\)/)]);
  });
});
