import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { GENESIS_HASH, auditOf, type Audit } from './index.js';

describe('the audit chain', () => {
  let dir: string;
  let store: Store;
  let audit: Audit;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-audit-'));
    store = Store.open(dir);
    audit = auditOf(store);
    await audit.write({ actor: 'user:lan', role: 'operator', action: 'command.wall.scene.show', target: 'main', detail: { sceneId: 'economy' }, ok: true, durationMs: 12 });
    await audit.write({ actor: 'key:customs', action: 'ingest.batch', detail: { accepted: 3 }, ok: true });
    await audit.write({ actor: 'user:minh', role: 'viewer', action: 'command.display.power', target: 'disp-1', detail: { error: 'forbidden' }, ok: false });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('links every entry to the one before it, from the genesis hash, after the key start entry', async () => {
    const [third, second, first] = (await audit.recent(3));
    const start = store.db.prepare('SELECT * FROM audit_log WHERE id = 1').get() as { action: string; prev_hash: string; key_id: string; hash: string };
    expect(start).toMatchObject({ action: 'audit.key.start', prev_hash: GENESIS_HASH, key_id: audit.keyId });
    expect(first!.id).toBe(2);
    expect(store.db.prepare('SELECT prev_hash FROM audit_log WHERE id = 2').pluck().get()).toBe(start.hash);
    expect(store.db.prepare('SELECT prev_hash FROM audit_log WHERE id = 3').pluck().get()).toBe(first!.hash);
    expect(store.db.prepare('SELECT prev_hash FROM audit_log WHERE id = 4').pluck().get()).toBe(second!.hash);
    expect(third).toMatchObject({ actor: 'user:minh', role: 'viewer', ok: false });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 4, lastHash: third!.hash });
  });

  it('finds an entry edited behind its back', async () => {
    store.db.prepare("UPDATE audit_log SET detail = '{\"sceneId\":\"provinces\"}' WHERE id = 2").run();
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 2, reason: expect.stringMatching(/changed after it was written/) });
  });

  it('finds a deleted entry, and an edit that recomputed the hash of its row only', async () => {
    store.db.prepare('DELETE FROM audit_log WHERE id = 3').run();
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringMatching(/does not follow/) });
  });

  it('keeps one chain when entries are written inside an outer transaction', async () => {
    // A domain not yet converted to Sql writes inside better-sqlite3's own transaction, at once.
    store.db.transaction(() => void audit.write({ actor: 'key:gso', action: 'ingest.batch', ok: true }))();
    expect(await audit.recent(1)).toMatchObject([{ actor: 'key:gso', id: 5 }]);
    await store.sql.begin((tx) => audit.write({ actor: 'key:gso', action: 'ingest.batch', ok: true }, tx));
    await audit.write({ actor: 'cli:root', action: 'apikey.create', target: 'x', ok: true });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 7 });
  });

  it('never re-seals: an unsealed row stays a broken seal after a restart (the rows already there are left as they are)', async () => {
    store.db.prepare("INSERT INTO audit_log (id, ts, actor, action, ok) VALUES (5, 1, 'forged', 'old.entry', 1)").run();
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/carries no hash: its seal was removed/) });
    const rows = () => JSON.stringify(store.db.prepare('SELECT * FROM audit_log WHERE id <= 5 ORDER BY id').all());
    const before = rows();
    const reopened = auditOf(store);
    expect(await reopened.verify()).toMatchObject({ ok: false, brokenAt: 5 });
    expect(rows()).toBe(before);
  });
});
