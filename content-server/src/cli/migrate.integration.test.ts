import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type ChainedRow } from '../audit/chain.js';
import { AuditKeyring } from '../audit/keyring.js';
import { paths } from '../config.js';
import { PostgresSql } from '../store/postgres-sql.js';
import { postObservations, sendJson, startTestServer } from '../testing/harness.js';
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres.js';

const ops = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: paths.repoDir });

/** `ops migrate`: an existing SQLite data folder into PostgreSQL, verified by counts and the audit chain. */
describe('ops migrate', () => {
  let dataDir: string;
  let pg: TestPostgres;
  const databases: string[] = [];
  const db = async (name: string) => {
    const admin = new PostgresSql(pg.url, { max: 1 });
    await admin.exec(`CREATE DATABASE ${name}`);
    await admin.close();
    databases.push(name);
    return pg.url.replace(/\/[^/]+$/, `/${name}`);
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    pg = await startPostgres();
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-migrate-'));
    // A center that has lived a little: observations and a revision, a scene change, keys, audit lines.
    const t = await startTestServer({ dataDir });
    const post = (value: number) => postObservations(t.url, t.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-09', value, source: 'GSO' }, { indicator: 'cpi_yoy', unit: '01', period: '2026-09', value: 3.1, source: 'GSO' }] });
    expect((await post(3.2)).status).toBe(200);
    expect((await post(3.4)).status).toBe(200);
    expect((await sendJson('POST', `${t.url}/api/v1/commands`, t.keys.operator, { clientId: 'migrate-1', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } })).status).toBe(200);
    await t.close();
  }, 120_000);
  afterAll(async () => {
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sqliteCount = (table: string) => {
    const s = new Database(join(dataDir, 'ioc.sqlite'), { readonly: true });
    try {
      return (s.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    } finally {
      s.close();
    }
  };

  it('copies every table, keeps ids, and leaves one audit chain that verifies on PostgreSQL', async () => {
    const url = await db('moved');
    const r = ops(['migrate', '--to', url], { DATA_DIR: dataDir });
    expect(r.stderr).toMatch(/audit chain: \d+ entries verify/);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^migrated [\d,]+ rows in \d+ tables to postgres:\/\/postgres@127\.0\.0\.1:\d+\/moved .*counts, row digests and the audit chain verified/);
    const target = new PostgresSql(url, { max: 1 });
    try {
      for (const table of ['observations', 'observation_revisions', 'submissions', 'api_keys', 'command_ids', 'wall_state', 'audit_log']) {
        expect((await target.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n, table).toBe(sqliteCount(table));
      }
      expect(await target.get("SELECT value FROM observations WHERE unit = 'VN'")).toEqual({ value: 3.4 });
      expect(await target.get("SELECT value FROM observation_revisions WHERE unit = 'VN'")).toEqual({ value: 3.2 });
      expect(await target.get("SELECT scene_id FROM wall_state WHERE wall_id = 'main'")).toEqual({ scene_id: 'economy' });
      // The chain, read from PostgreSQL, verifies against the data folder's audit key; the move is its last entry.
      const rows = await target.all<ChainedRow>('SELECT * FROM audit_log ORDER BY id');
      const keyring = AuditKeyring.load(join(dataDir, 'audit.key'));
      const chain = verifyChain(rows, { secret: (id) => keyring.secret(id), keyedFrom: null });
      expect(chain).toMatchObject({ ok: true, entries: sqliteCount('audit_log') });
      expect(rows.at(-1)).toMatchObject({ action: 'store.migrate', actor: expect.stringMatching(/^cli/) });
      // New rows continue after the copied ids.
      const maxKey = (await target.get<{ m: number }>('SELECT max(id) AS m FROM api_keys'))!.m;
      const next = await target.get<{ id: number }>("INSERT INTO api_keys (name, role, key_hash, created_at) VALUES ('after', 'reader', 'h-after', 1) RETURNING id");
      expect(next!.id).toBe(maxKey + 1);
    } finally {
      await target.close();
    }
  });

  it('refuses a target that already has data, and changes nothing there', async () => {
    const url = await db('taken');
    expect(ops(['migrate', '--to', url], { DATA_DIR: dataDir }).status).toBe(0);
    const target = new PostgresSql(url, { max: 1 });
    const before = (await target.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n;
    const again = ops(['migrate', '--to', url], { DATA_DIR: dataDir });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/target database is not empty \(table \w+ has rows\)/);
    expect((await target.get<{ n: number }>('SELECT count(*) AS n FROM audit_log'))!.n).toBe(before);
    await target.close();
  });

  it('refuses a store whose audit chain was tampered with', async () => {
    const url = await db('tampered');
    const copy = mkdtempSync(join(tmpdir(), 'ioc-migrate-bad-'));
    try {
      execFileSync('cp', ['-a', `${dataDir}/.`, copy]);
      const s = new Database(join(copy, 'ioc.sqlite'));
      s.prepare("UPDATE audit_log SET actor = 'someone-else' WHERE id = 2").run();
      s.close();
      const r = ops(['migrate', '--to', url], { DATA_DIR: copy });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/audit chain of .* does not verify \(entry 2 /);
      const target = new PostgresSql(url, { max: 1 });
      expect(await target.get("SELECT 1 AS one FROM information_schema.tables WHERE table_name = 'audit_log'")).toBeUndefined();
      await target.close();
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it('asks for a target when neither --to nor DATABASE_URL names one', () => {
    const r = ops(['migrate'], { DATA_DIR: dataDir, DATABASE_URL: '' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/name the PostgreSQL database: ops migrate --to postgres:\/\//);
  });
});
