import { readFileSync, mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE, Store } from '../store/index.js';
import { MIGRATIONS } from '../store/migrations.js';
import { Audit, FileAnchorSink, GENESIS_HASH, auditSettings, rowHash, verifyAuditFile } from './index.js';

const entry = (n: number) => ({ actor: 'user:lan', role: 'operator', action: 'command.wall.scene.show', target: 'main', detail: { n }, ok: true });

describe('verifying the keyed, anchored audit log', () => {
  let dir: string;
  let files: ReturnType<typeof auditSettings>;
  const dbFile = () => join(dir, DB_FILE);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-audit-verify-'));
    files = auditSettings(dir, {});
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps rows from before the key verifiable as an unkeyed segment, sealed once by migration 12', async () => {
    // A store as schema version 11 left it: two rows from before the chain (no hash), one chained with sha256.
    const raw = new Database(dbFile());
    raw.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
    for (const m of MIGRATIONS.filter((x) => x.version <= 11)) {
      raw.exec(m.sql);
      raw.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
    }
    raw.exec("INSERT INTO audit_log (id, ts, actor, action, ok) VALUES (1, 1, 'cli:root', 'apikey.create', 1), (2, 2, 'cli:root', 'apikey.revoke', 1)");
    raw.close();

    const store = Store.open(dir);
    const sealed = store.db.prepare('SELECT prev_hash, hash FROM audit_log ORDER BY id').all() as Array<{ prev_hash: string; hash: string }>;
    expect(sealed[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(sealed[1]!.prev_hash).toBe(sealed[0]!.hash);
    const audit = new Audit(store.sql, { keyFile: files.keyFile });
    await audit.write(entry(1));
    await store.close();

    const report = await verifyAuditFile(dbFile(), files);
    expect(report).toMatchObject({ ok: true, entries: 4, segments: [{ keyId: null, first: 1, last: 2 }, { keyId: audit.keyId, first: 3, last: 4 }] });
    // The legacy rows' seal is the plain sha256 one.
    const db = new Database(dbFile(), { readonly: true });
    const first = db.prepare('SELECT * FROM audit_log WHERE id = 1').get() as Parameters<typeof rowHash>[0] & { hash: string };
    db.close();
    expect(first.hash).toBe(rowHash(first));
  });

  it('creates the key file owner-only, and a rotated key starts a new segment that the server takes up', async () => {
    const store = Store.open(dir);
    const server = new Audit(store.sql, { keyFile: files.keyFile });
    await server.open();
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    await server.write(entry(1));
    const cli = new Audit(store.sql, { keyFile: files.keyFile });
    const before = cli.keyId;
    const rotated = await cli.rotateKey('cli:root');
    // The server's next entry is sealed under the rotated key, not a switch back to the old one.
    await server.write(entry(2));
    expect(server.keyId).toBe(rotated.id);
    await store.close();
    const report = await verifyAuditFile(dbFile(), files);
    expect(report).toMatchObject({ ok: true, segments: [{ keyId: before, first: 1, last: 2 }, { keyId: rotated.id, first: 3, last: 4 }] });
  });

  it('names the entries sealed under a key that the key file no longer holds', async () => {
    const store = Store.open(dir);
    await new Audit(store.sql, { keyFile: files.keyFile }).write(entry(1));
    unlinkSync(files.keyFile);
    // A lost key file: the next start makes a new key and records the switch in the chain.
    const next = new Audit(store.sql, { keyFile: files.keyFile });
    await next.write(entry(2));
    await store.close();
    const report = await verifyAuditFile(dbFile(), files);
    expect(report.ok).toBe(false);
    expect(report.findings[0]).toEqual({ entry: 1, message: expect.stringMatching(/^entry 1 is sealed with audit key [0-9a-f]{16}, which the key file does not hold/) });
  });

  it('anchors every N entries and at close, and an anchor finds the newest entries deleted', async () => {
    const store = Store.open(dir);
    const audit = new Audit(store.sql, { keyFile: files.keyFile });
    await audit.startAnchoring({ sinks: [new FileAnchorSink(files.anchorsFile)], every: 2, intervalMs: 3_600_000 });
    for (const n of [1, 2, 3]) await audit.write(entry(n));
    // Anchors are taken on a later turn of the event loop, after the write committed.
    await new Promise((r) => setImmediate(r));
    expect(readFileSync(files.anchorsFile, 'utf8').trim().split('\n')).toHaveLength(1);
    await audit.write(entry(4));
    await audit.close();
    const anchors = readFileSync(files.anchorsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { lastId: number; count: number });
    expect(anchors.map((a) => [a.lastId, a.count])).toEqual([[4, 4], [5, 5]]);
    await store.close();
    expect(await verifyAuditFile(dbFile(), files)).toMatchObject({ ok: true, anchors: 2, newestAnchor: { lastId: 5 } });

    const db = new Database(dbFile());
    db.prepare('DELETE FROM audit_log WHERE id > 3').run();
    db.close();
    expect((await verifyAuditFile(dbFile(), files)).findings[0]).toEqual({ entry: 4, message: expect.stringMatching(/^the log ends at entry 3 but an anchor of .* vouches for entry 4/) });
  });

  it('changes nothing while it verifies, even a broken log', async () => {
    const store = Store.open(dir);
    const audit = new Audit(store.sql, { keyFile: files.keyFile });
    await audit.startAnchoring({ sinks: [new FileAnchorSink(files.anchorsFile)], every: 1000, intervalMs: 3_600_000 });
    for (const n of [1, 2, 3]) await audit.write(entry(n));
    await audit.close();
    store.db.prepare('UPDATE audit_log SET hash = NULL, prev_hash = NULL WHERE id >= 2').run();
    await store.close();
    const bytes = () => [dbFile(), files.keyFile, files.anchorsFile].map((f) => readFileSync(f).toString('base64'));
    const before = bytes();
    expect(await verifyAuditFile(dbFile(), files)).toMatchObject({ ok: false, findings: [{ entry: 2, message: expect.stringMatching(/carries no hash/) }, expect.anything()] });
    expect((await verifyAuditFile(dbFile(), files)).ok).toBe(false);
    expect(bytes()).toEqual(before);
  });
});
