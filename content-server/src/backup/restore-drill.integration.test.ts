// The restore drill of issue 15 on real processes: a PostgreSQL 15 archiving its WAL through
// pgBackRest, `ops backup`, more writes, a time T, more writes, then restores into fresh folders,
// to the latest and to T, each started and checked: counts, the hash chain, nothing after T.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../../../tests/support/postgres.js';
import { freePort } from '../../../tests/support/server.js';
import { paths } from '../config.js';
import { PgBackups, archiveSettings, ownerOf, publicTableCounts, startRestoredServer, withDatabase } from './index.js';

const ops = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: paths.repoDir });

type Sql = postgres.Sql<{ int8: number }>;
const int8 = { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) };

const SCHEMA = `
  CREATE TABLE observations_like (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, indicator text NOT NULL, unit text NOT NULL, period text NOT NULL, value double precision NOT NULL);
  CREATE TABLE audit_like (id bigint PRIMARY KEY, ts bigint NOT NULL, action text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL);`;

/** The audit log's shape in small: each row sealed with the hash of the one before. */
const seal = (prev: string, id: number, ts: number, action: string) => createHash('sha256').update(JSON.stringify([id, ts, action, prev])).digest('hex');

async function write(sql: Sql, batch: string, observations: number, audits: number): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`INSERT INTO observations_like (indicator, unit, period, value)
             SELECT ${batch}, lpad(u::text, 2, '0'), '2025-' || lpad(((u % 12) + 1)::text, 2, '0'), u * 1.5 FROM generate_series(1, ${observations}) u`;
    const [last] = await tx<Array<{ id: number; hash: string }>>`SELECT id, hash FROM audit_like ORDER BY id DESC LIMIT 1`;
    let prev = last?.hash ?? '0'.repeat(64);
    let id = last?.id ?? 0;
    for (let i = 0; i < audits; i++) {
      id++;
      const ts = 1_700_000_000_000 + id;
      const hash = seal(prev, id, ts, `${batch}.${i}`);
      await tx`INSERT INTO audit_like (id, ts, action, prev_hash, hash) VALUES (${id}, ${ts}, ${`${batch}.${i}`}, ${prev}, ${hash})`;
      prev = hash;
    }
  });
}

/** The chain's breaks, as the audit verification will report them on PostgreSQL. */
async function chainProblems(sql: Sql): Promise<string[]> {
  const rows = await sql<Array<{ id: number; ts: number; action: string; prev_hash: string; hash: string }>>`SELECT * FROM audit_like ORDER BY id`;
  let prev = '0'.repeat(64);
  const problems: string[] = [];
  for (const r of rows) {
    if (r.prev_hash !== prev || r.hash !== seal(prev, r.id, r.ts, r.action)) problems.push(`audit_like ${r.id} breaks the chain`);
    prev = r.hash;
  }
  return problems;
}

const counts = (url: string) => withDatabase(url, publicTableCounts);

describe('PostgreSQL backups and point-in-time restores (pgBackRest)', () => {
  let pg: TestPostgres;
  let root: string;
  let repo: string;
  let sql: Sql;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The CLI runs from dist/, as it does for operators.
    spawnSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    root = mkdtempSync(join(tmpdir(), 'ioc-pgbackup-'));
    // pgBackRest runs as the postgres account: it must reach the repository through this folder.
    chmodSync(root, 0o755);
    repo = join(root, 'repo');
    pg = await startPostgres({ settings: archiveSettings(repo) });
    env = { DATABASE_URL: pg.url, BACKUP_REPO: repo, DATA_DIR: root };
    sql = postgres(pg.url, { max: 1, onnotice: () => {}, types: { int8 } });
    await sql.unsafe(SCHEMA);
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await pg?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up, then restores the latest state and a point in time into fresh folders, each verified', async () => {
    await write(sql, 'before-backup', 2000, 40);
    const first = ops(['backup'], env);
    expect([first.status, first.stderr]).toEqual([0, `store: PostgreSQL 127.0.0.1:${pg.port}/ioc, backups in ${repo}\n`]);
    expect(first.stdout).toMatch(/^stanza ioc created in .*\nbackup \d{8}-\d{6}F \(full\) done in [\d.]+ s: database [\d.]+ MiB, [\d.]+ MiB in the repository \(zstd\); WAL [0-9A-F]{24} to [0-9A-F]{24}\n/);

    // pgBackRest dates a backup to the second: a point in time is reachable from the second after its end.
    const [full] = (await new PgBackups(pg.url, repo).list()).backups;
    await expect.poll(async () => (await sql`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now`)[0]!['now'] as number, { timeout: 5000, interval: 100 }).toBeGreaterThan(full!.stoppedAt + 1000);
    await write(sql, 'before-t', 500, 25);
    const atT = await counts(pg.url);
    const [{ t }] = (await sql`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t`) as unknown as [{ t: string }];
    await write(sql, 'after-t', 300, 15);
    const latest = await counts(pg.url);
    expect(latest.get('audit_like')).toBe(80);
    // The second backup is incremental by default: only what changed since the full one.
    const second = ops(['backup'], env);
    expect(second.status, second.stderr).toBe(0);
    const incr = /^backup (\d{8}-\d{6}F_\d{8}-\d{6}I) \(incr\) done in [\d.]+ s: database [\d.]+ MiB, [\d.]+ MiB changed since (\d{8}-\d{6}F), /.exec(second.stdout);
    expect(incr?.[2], second.stdout).toBe(full!.label);

    const listed = ops(['backup', '--list'], env);
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/^LABEL +TYPE +FINISHED .*\n\d{8}-\d{6}F +full +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00 .*\n\d{8}-\d{6}F_\d{8}-\d{6}I +incr /);
    expect(listed.stdout).toMatch(/restore to any time from .* \(end of the oldest backup\) to the last archived WAL/);

    // (a) The latest state, through ops: every table's count compared with the source's.
    const last = ops(['restore', '--to', join(root, 'latest-ops')], env);
    expect(last.status, last.stderr).toBe(0);
    expect(last.stdout).toMatch(/^restored .*latest-ops from backup \d{8}-\d{6}F_\d{8}-\d{6}I to the end of the WAL archive \(latest\): files in [\d.]+ s, recovery to ready in [\d.]+ s\n/);
    expect(last.stdout).toMatch(/\naudit_like +80 +80\nobservations_like +2800 +2800\nverified: every table has the row count of the source\n/);

    // The same, through the library with the restore hook (where the audit chain's
    // verification will plug in): counts equal the source's, the chain holds.
    const hookSaw: number[] = [];
    const a = await new PgBackups(pg.url, repo).restore({
      to: join(root, 'latest'),
      verify: async (url) => withDatabase(url, async (copy) => {
        hookSaw.push((await counts(url)).get('audit_like') ?? -1);
        return chainProblems(copy);
      }),
    });
    expect(hookSaw).toEqual([80]);
    expect(a.problems).toEqual([]);
    expect(a.sourceUnreachable).toBeNull();
    expect(a.counts).toEqual([...latest].map(([table, n]) => ({ table, restored: n, source: n })));

    // (b) Time T, through ops: rows written after T are absent, the rest as it was at T.
    const pitr = ops(['restore', '--to', join(root, 'at-t'), '--time', t], env);
    expect(pitr.status, pitr.stderr).toBe(0);
    // The incremental backup ended after T: the point in time is reached from the full one.
    expect(pitr.stdout).toContain(`restored ${join(root, 'at-t')} from backup ${full!.label} `);
    expect(pitr.stdout).toContain(` to ${t}: files in `);
    expect(pitr.stdout).toMatch(new RegExp(`\\naudit_like +${atT.get('audit_like')} +80\\n`));
    expect(pitr.stdout).toContain("a point-in-time copy: the source's counts today are shown for reference, not compared");
    const copy = await startRestoredServer(join(root, 'at-t'), { database: 'ioc', user: 'postgres', owner: ownerOf(join(root, 'at-t')) });
    try {
      expect(await counts(copy.url)).toEqual(atT);
      await withDatabase(copy.url, async (c) => {
        expect(await chainProblems(c)).toEqual([]);
        expect(await c`SELECT count(*) AS n FROM observations_like WHERE indicator = 'after-t'`).toEqual([{ n: 0 }]);
        expect(await c`SELECT count(*) AS n FROM observations_like WHERE indicator = 'before-t'`).toEqual([{ n: 500 }]);
        // A drill copy never archives into the center's repository.
        expect(await c`SELECT current_setting('archive_mode') AS m`).toEqual([{ m: 'off' }]);
      });
    } finally {
      await copy.stop();
    }
    expect(readFileSync(join(root, 'at-t', 'postgresql.auto.conf'), 'utf8')).toMatch(/^archive_mode = 'off'$/m);

    // The whole drill is in the repository's log of operations.
    const logged = readFileSync(join(repo, 'log', 'ops.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(logged.map((l) => l.action)).toEqual(['store.backup', 'store.backup', 'store.restore', 'store.restore']);
    // About 20-30 s on a quiet 2-core machine; 70 s was seen while other builds loaded it 9 times over.
  }, 240_000);

  it('refuses to restore into a folder that is not empty, and says why', () => {
    const used = join(root, 'used');
    mkdirSync(used);
    writeFileSync(join(used, 'PG_VERSION'), '15\n');
    const r = ops(['restore', '--to', used], env);
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toContain(`ops: ${used} is not empty (1 entry, e.g. PG_VERSION); a restore never writes over files: give a new or empty folder`);
    expect(readFileSync(join(used, 'PG_VERSION'), 'utf8')).toBe('15\n');
  });

  it('ops backup against a server that does not archive its WAL says what to set', async () => {
    // PostgreSQL 15's default wal_level is replica already: only what is missing is listed.
    const plain = await startPostgres();
    try {
      const r = ops(['backup'], { ...env, DATABASE_URL: plain.url, BACKUP_REPO: join(root, 'repo-plain') });
      expect([r.status, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toContain(`ops: the server does not archive its WAL into ${join(root, 'repo-plain')}, so no backup could be restored to a point in time. Set in postgresql.conf (or Patroni's postgresql.parameters):
  archive_mode = on
  archive_command = 'pgbackrest --config=${join(root, 'repo-plain', 'pgbackrest.conf')} --stanza=ioc archive-push %p'
then restart PostgreSQL`);
    } finally {
      await plain.stop();
    }
  }, 60_000);

  it('restores with the source server gone (the disaster case): from the repository alone, saying the counts were not compared', async () => {
    await sql.end();
    await pg.stop();
    const r = ops(['restore', '--to', join(root, 'after-loss')], env);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\naudit_like +80 +-\nobservations_like +2800 +-\n/);
    expect(r.stdout).toContain(`counts not compared with the source: cannot connect to PostgreSQL at 127.0.0.1:${pg.port}/ioc (connection refused: nothing listens there)`);
    expect(r.stdout).toContain('verified: the copy recovered and passed its checks');
  }, 120_000);

  it('ops backup against a server that is down fails and names the cause', async () => {
    const port = await freePort();
    const r = ops(['backup'], { ...env, DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/ioc` });
    expect([r.status, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toContain(`ops: cannot connect to PostgreSQL at 127.0.0.1:${port}/ioc (connection refused: nothing listens there): is the server running, and is DATABASE_URL right?`);
  });
});
