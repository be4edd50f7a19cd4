import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ENGINES, freshPostgres, freshSql, stopEngines, testPostgres } from '../testing/engines.js';
import { PostgresSql } from '../store/postgres-sql.js';
import type { SqlDatabase } from '../store/sql.js';
import { Audit, GENESIS_HASH, type AuditEntry } from './index.js';

const entry = (n: number, extra: Partial<AuditEntry> = {}): AuditEntry => ({ actor: 'user:lan', role: 'operator', action: 'command.wall.scene.show', target: 'main', detail: { n }, ok: true, ...extra });

type Link = { id: number; prev_hash: string; hash: string };
const links = (sql: SqlDatabase) => sql.all<Link>('SELECT id, prev_hash, hash FROM audit_log ORDER BY id');

/** Every row follows the one before it: ids 1..n without a gap, each prev_hash the hash before it. */
function expectOneChain(rows: Link[]): void {
  expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1));
  rows.forEach((r, i) => expect(r.prev_hash, `entry ${r.id}`).toBe(i === 0 ? GENESIS_HASH : rows[i - 1]!.hash));
  expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ioc-audit-engines-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));
afterAll(() => stopEngines());

describe.each(ENGINES)('the audit log on %s', (engine) => {
  it('chains, reads back and verifies entries as written (a duration in fractions of a millisecond included)', async () => {
    const sql = await freshSql(engine);
    const audit = new Audit(sql, { keyFile: join(dir, 'audit.key') });
    await audit.write(entry(1, { durationMs: 12.34 }));
    await audit.write(entry(2, { actor: 'key:anxb', role: null, action: 'ingest.batch', ok: false }));
    await audit.write(entry(3, { actor: 'user:an_b' }));
    expect(await audit.recent(2)).toMatchObject([
      { id: 4, actor: 'user:an_b', detail: { n: 3 } },
      { id: 3, actor: 'key:anxb', role: null, ok: false },
    ]);
    expect(await audit.recent(5, 'command.wall.scene.show')).toHaveLength(2);
    // `_` in a name is a letter, not a wildcard: `an_b` is not `anxb`.
    expect((await audit.search({ actor: 'an_b' })).map((e) => e.id)).toEqual([4]);
    expect((await audit.search({ command: 'wall.', ok: true })).map((e) => e.id)).toEqual([4, 2]);
    expect((await audit.search({ command: 'wall.' }))[1]).toMatchObject({ durationMs: 12.34 });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 4 });
    expectOneChain(await links(sql));
  });

  it("reads one actor's latest entries newest first, along its index: no sort of all their lines, no scan of everyone's", async () => {
    const sql = await freshSql(engine);
    const audit = new Audit(sql, { keyFile: join(dir, 'audit.key') });
    for (let n = 1; n <= 5; n++) await audit.write(entry(n, { actor: n % 2 ? 'user:lan' : 'user:minh' }));
    expect((await audit.ofActor('user:lan', 2)).map((r) => (r.detail as { n: number }).n)).toEqual([5, 3]);
    expect(await audit.ofActor('user:nobody', 10)).toEqual([]);
    if (engine === 'sqlite') {
      const plan = (await sql.all<{ detail: string }>('EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE actor = ? ORDER BY ts DESC, id DESC LIMIT ?', ['user:lan', 2])).map((r) => r.detail);
      expect(plan).toEqual([expect.stringContaining('USING INDEX audit_log_actor')]);
    }
  });

  it('finds an edited entry', async () => {
    const sql = await freshSql(engine);
    const audit = new Audit(sql, { keyFile: join(dir, 'audit.key') });
    for (const n of [1, 2, 3]) await audit.write(entry(n));
    await sql.run("UPDATE audit_log SET detail = '{\"n\":9}' WHERE id = 3");
    expect(await audit.verify()).toMatchObject({ ok: false, brokenAt: 3, reason: expect.stringMatching(/changed after it was written/) });
  });

  it('writes in the caller\'s transaction: a rollback leaves no line, and the next line chains to the head before it', async () => {
    const sql = await freshSql(engine);
    const audit = new Audit(sql, { keyFile: join(dir, 'audit.key') });
    await audit.write(entry(1));
    const head = (await links(sql)).at(-1)!;
    await expect(
      sql.begin(async (tx) => {
        await audit.write(entry(2), tx);
        throw new Error('the change it records failed');
      }),
    ).rejects.toThrow('the change it records failed');
    expect(await links(sql)).toHaveLength(2);
    await sql.begin(async (tx) => audit.write(entry(3), tx));
    const rows = await links(sql);
    expect(rows.at(-1)).toMatchObject({ id: head.id + 1, prev_hash: head.hash });
    expect((await audit.recent(1))[0]!.detail).toEqual({ n: 3 });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 3 });
  });

  it('takes up a key that another process rotated, in one chain', async () => {
    const sql = await freshSql(engine);
    const keyFile = join(dir, 'audit.key');
    const server = new Audit(sql, { keyFile });
    await server.write(entry(1));
    const rotated = await new Audit(sql, { keyFile }).rotateKey('cli:root');
    await server.write(entry(2));
    expect(server.keyId).toBe(rotated.id);
    expect(await server.verify()).toMatchObject({ ok: true, entries: 4, segments: [{ first: 1, last: 2 }, { keyId: rotated.id, first: 3, last: 4 }] });
  });

  it('verifies a log longer than one page', async () => {
    const sql = await freshSql(engine);
    const audit = new Audit(sql, { keyFile: join(dir, 'audit.key') });
    await sql.begin(async (tx) => {
      for (let n = 0; n < 1100; n++) await audit.write(entry(n), tx);
    });
    expect(await audit.verify()).toMatchObject({ ok: true, entries: 1101, lastId: 1101 });
  });
});

describe('several servers on one PostgreSQL', () => {
  it('keep one chain: 2 x 200 entries written at once through two pools verify, ids contiguous, no fork', async () => {
    const first = await freshPostgres();
    const { schema } = (await first.get<{ schema: string }>('SELECT current_schema() AS schema'))!;
    const second = new PostgresSql((await testPostgres()).url, { schema, max: 4 });
    try {
      // All servers of a center share the audit key file (docs/security.md).
      const keyFile = join(dir, 'audit.key');
      const a = new Audit(first, { keyFile });
      const b = new Audit(second, { keyFile });
      await Promise.all([
        Promise.all(Array.from({ length: 200 }, (_, n) => a.write(entry(n, { actor: 'user:a' })))),
        Promise.all(Array.from({ length: 200 }, (_, n) => b.write(entry(n, { actor: 'user:b' })))),
      ]);
      const rows = await links(first);
      expect(rows).toHaveLength(401);
      expectOneChain(rows);
      expect(await a.verify()).toMatchObject({ ok: true, entries: 401 });
      expect(await b.verify()).toMatchObject({ ok: true, entries: 401 });
    } finally {
      await second.close();
    }
  });
});
