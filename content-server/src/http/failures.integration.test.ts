import { mkdirSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { HealthSchema, SystemStatusSchema } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, getJson, nextEvent, postObservations, sendJson, startTestServer, testStoreEngine, waitFor, type TestServer } from '../testing/harness.js';

// Issue 14: disk full, a database error, a missing folder -> a clear 503/507 naming the cause,
// /healthz degraded, nothing half-written, recovery on its own when the cause goes.
describe('failures of the store, the disk and folders', () => {
  let t: TestServer;
  // What is done to SQLite's file (full, moved, locked by another process) has no PostgreSQL counterpart here.
  const sqliteFile = it.skipIf(testStoreEngine() === 'postgres');
  const rows = () => (t.server.store.db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;
  const batch = (value: number, n = 400) => ({
    observations: Array.from({ length: n }, (_, i) => ({ indicator: 'exports', unit: 'VN', period: `${1990 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`, value: value + i, source: 'Customs' })),
  });
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  sqliteFile('answers 507 naming a full store, stores nothing of the batch, says degraded, and recovers without a restart', async () => {
    expect((await getJson(`${t.url}/healthz`)).body).toEqual({ status: 'ok', causes: [] });
    const before = rows();
    // SQLITE_FULL, as a full disk gives it: the store may not grow by a single page.
    const pages = t.server.store.db.pragma('page_count', { simple: true }) as number;
    t.server.store.db.pragma(`max_page_count = ${pages}`);
    const full = await postObservations(t.url, t.keys.ingest, batch(100));
    expect(full.status).toBe(507);
    expect(full.body).toEqual({ errors: [{ index: null, field: '(server)', message: expect.stringContaining('the data store is full'), text: { en: expect.stringContaining('full'), vi: expect.stringContaining('kho dữ liệu đã đầy') } }] });
    expect(rows()).toBe(before);
    const degraded = await getJson(`${t.url}/healthz`);
    expect(degraded.status).toBe(503);
    expect(HealthSchema.parse(degraded.body)).toEqual({ status: 'degraded', causes: [{ code: 'store_full', text: expect.objectContaining({ vi: expect.stringContaining('đầy') }) }] });

    t.server.store.db.pragma('max_page_count = 1073741823');
    expect(await getJson(`${t.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok', causes: [] } });
    expect((await postObservations(t.url, t.keys.ingest, batch(100))).status).toBe(200);
    expect(rows()).toBe(before + 400);
    const audit = (await t.server.audit.recent(5, 'system.recovered'));
    expect(audit[0]).toMatchObject({ actor: 'system', action: 'system.recovered', target: 'store_full', ok: true });
  });

  sqliteFile('refuses writes with 503 while the database file is moved away, and takes them again when it is back', async () => {
    const file = join(t.dataDir, 'ioc.sqlite');
    const before = rows();
    renameSync(file, `${file}.away`);
    try {
      const moved = await postObservations(t.url, t.keys.ingest, batch(200, 10));
      expect(moved.status).toBe(503);
      expect(moved.body.errors[0]).toMatchObject({ field: '(server)', message: expect.stringContaining('moved, deleted or replaced'), text: { vi: expect.stringContaining('tệp kho dữ liệu bị di chuyển') } });
      expect(rows()).toBe(before);
      expect((await getJson(`${t.url}/healthz`)).body.causes.map((c: { code: string }) => c.code)).toEqual(['store_file_moved']);
    } finally {
      renameSync(`${file}.away`, file);
    }
    expect((await getJson(`${t.url}/healthz`)).body).toEqual({ status: 'ok', causes: [] });
    expect((await postObservations(t.url, t.keys.ingest, batch(200, 10))).status).toBe(200);
  });

  sqliteFile('answers a console command that meets a locked store with the cause (vi/en), says degraded, and recovers', async () => {
    const console = consoleClient(t.url, t.keys.admin);
    await nextEvent(console, 'console:state');
    const db = t.server.store.db;
    const wait = db.pragma('busy_timeout', { simple: true }) as number;
    // The store's own wait for a lock, shortened so that the test does not sit through it.
    db.pragma('busy_timeout = 50');
    const writer = new Database(join(t.dataDir, 'ioc.sqlite'));
    writer.exec('BEGIN IMMEDIATE');
    const command = (clientId: string) => console.timeout(10_000).emitWithAck('command', { clientId, name: 'wall.language', args: { wallId: 'main', language: 'en' } });
    try {
      const refused = await command('locked-store-1');
      expect(refused).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('the data store is busy'), text: { vi: expect.stringContaining('kho dữ liệu đang bận') } } });
      const degraded = await getJson(`${t.url}/healthz`);
      expect(degraded.status).toBe(503);
      expect(degraded.body.causes.map((c: { code: string }) => c.code)).toEqual(['store_busy']);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
      db.pragma(`busy_timeout = ${wait}`);
      console.disconnect();
    }
    expect(await getJson(`${t.url}/healthz`)).toEqual({ status: 200, body: { status: 'ok', causes: [] } });
    const again = consoleClient(t.url, t.keys.admin);
    await nextEvent(again, 'console:state');
    try {
      expect(await again.timeout(10_000).emitWithAck('command', { clientId: 'locked-store-2', name: 'wall.language', args: { wallId: 'main', language: 'en' } })).toMatchObject({ ok: true });
    } finally {
      again.disconnect();
    }
  });

  sqliteFile('records a command whose store failed after it was logged, once the store is back: a repeat gets its result, not "in progress" for ever', async () => {
    // A database failover between the command's log line and its end: the wall's row, the audit
    // and the log's end all meet a store that does not answer. Triggers call a function that
    // throws SQLite's "busy" while the outage lasts (the log's first line is an INSERT: it lands).
    const db = t.server.store.db;
    let outage = true;
    db.function('ioc_test_outage', () => {
      if (!outage) return null;
      throw Object.assign(new Error('database is locked (test outage)'), { code: 'SQLITE_BUSY' });
    });
    db.exec(`CREATE TEMP TRIGGER outage_wall BEFORE UPDATE ON wall_state BEGIN SELECT ioc_test_outage(); END;
             CREATE TEMP TRIGGER outage_audit BEFORE INSERT ON audit_log BEGIN SELECT ioc_test_outage(); END;
             CREATE TEMP TRIGGER outage_log BEFORE UPDATE ON command_ids BEGIN SELECT ioc_test_outage(); END;`);
    const console = consoleClient(t.url, t.keys.admin);
    await nextEvent(console, 'console:state');
    const language = () => (db.prepare("SELECT language FROM wall_state WHERE wall_id = 'main'").get() as { language: string } | undefined)?.language ?? 'vi';
    const before = language();
    const other = before === 'en' ? 'vi' : 'en';
    const status = () => (db.prepare('SELECT status FROM command_ids WHERE client_id = ?').get('outage-1') as { status: string } | undefined)?.status;
    const send = () => console.timeout(10_000).emitWithAck('command', { clientId: 'outage-1', name: 'wall.language', args: { wallId: 'main', language: other } });
    try {
      const first = await send();
      expect(first).toMatchObject({ ok: false, clientId: 'outage-1', error: { code: 'failed', message: expect.stringContaining('the data store is busy') } });
      expect(status()).toBe('running');
      // Asked again during the outage: the same answer, from this server's memory.
      expect(await send()).toMatchObject({ ok: false, clientId: 'outage-1', duplicate: true, error: { code: 'failed' } });
      outage = false;
      await waitFor(() => status() === 'failed', 5000, 'the command log records the end once the store is back');
      expect(await send()).toMatchObject({ ok: false, clientId: 'outage-1', duplicate: true, error: { code: 'failed', message: expect.stringContaining('busy') } });
      const audited = await t.server.audit.search({ command: 'wall.language' });
      const lines = audited.filter((r) => (r.detail as { clientId?: string }).clientId === 'outage-1');
      // The command's own line, kept through the outage, and the two repeats.
      expect(lines.filter((r) => !(r.detail as { duplicate?: boolean }).duplicate)).toMatchObject([{ ok: false, target: 'main', detail: { error: { code: 'failed' } } }]);
      expect(lines.filter((r) => (r.detail as { duplicate?: boolean }).duplicate)).toHaveLength(2);
      // Nothing of the failed change was applied.
      expect(language()).toBe(before);
    } finally {
      outage = false;
      db.exec('DROP TRIGGER IF EXISTS temp.outage_wall; DROP TRIGGER IF EXISTS temp.outage_audit; DROP TRIGGER IF EXISTS temp.outage_log;');
      console.disconnect();
    }
  });

  it('says degraded while a folder it writes into is missing, and ok once it is back', async () => {
    const folder = join(t.dataDir, 'layouts-last-good');
    rmSync(folder, { recursive: true, force: true });
    const degraded = await getJson(`${t.url}/healthz`);
    expect(degraded.status).toBe(503);
    expect(degraded.body.causes).toEqual([{ code: 'folder_missing', text: { en: expect.stringMatching(/missing.*: layouts-copies$/), vi: expect.stringMatching(/bị thiếu.*: layouts-copies$/) } }]);
    // The path itself is not told to strangers.
    expect(JSON.stringify(degraded.body)).not.toContain(t.dataDir);
    mkdirSync(folder);
    expect((await getJson(`${t.url}/healthz`)).body).toEqual({ status: 'ok', causes: [] });
  });

  it('tells strangers nothing but liveness; the details are for technicians and admins', async () => {
    const health = (await getJson(`${t.url}/healthz`)).body;
    expect(Object.keys(health).sort()).toEqual(['causes', 'status']);
    expect((await sendJson('GET', `${t.url}/api/v1/system/status`, null)).status).toBe(401);
    expect((await sendJson('GET', `${t.url}/api/v1/system/status`, t.keys.operator)).status).toBe(403);
    const status = await sendJson('GET', `${t.url}/api/v1/system/status`, t.keys.admin);
    expect(status.status).toBe(200);
    expect(SystemStatusSchema.parse(status.body)).toMatchObject({ health: { status: 'ok' }, store: { ok: true, driver: testStoreEngine() } });
  });
});
