import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Engine, Sql } from '../store/sql.js';
import { Store } from '../store/index.js';
import { ENGINES, freshPostgresServers, freshSql, freshSqliteStore, stopEngines } from '../testing/engines.js';
import { OneTimeCodes, OneTimeCodesFull } from './one-time-codes.js';

const MINUTE = 60_000;

/** Two servers' handles on one store: two pools on PostgreSQL, two connections to one file on SQLite. */
async function twoServers(engine: Engine): Promise<{ a: Sql; b: Sql; close: () => Promise<void> }> {
  if (engine === 'postgres') {
    const [a, b] = await freshPostgresServers(2);
    return { a: a!, b: b!, close: async () => {} };
  }
  const first = freshSqliteStore();
  const second = Store.open(dirname(first.file));
  return { a: first.sql, b: second.sql, close: () => second.close() };
}

describe.each(ENGINES)('one-time codes on %s', (engine) => {
  afterAll(stopEngines);

  const open = async (opts: { maxPerKind?: number } = {}) => {
    const sql = await freshSql(engine);
    const clock = { now: Date.UTC(2025, 6, 1, 6) };
    return { sql, clock, codes: new OneTimeCodes(sql, { now: () => clock.now, ...opts }) };
  };

  it('gives the value back once; an unknown key, or one of the other kind, gets null and spends nothing', async () => {
    const { codes } = await open();
    const key = await codes.put('oidc.state', { verifier: 'v', nonce: 'n' }, 10 * MINUTE);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await codes.take('oidc.handoff', key)).toBeNull();
    expect(await codes.take('oidc.state', `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await codes.take('oidc.state', '')).toBeNull();
    expect(await codes.take('oidc.state', 'x'.repeat(500))).toBeNull();
    expect(await codes.take('oidc.state', key)).toEqual({ verifier: 'v', nonce: 'n' });
    expect(await codes.take('oidc.state', key)).toBeNull();
  });

  it('gives nothing for an expired key', async () => {
    const { codes, clock } = await open();
    const key = await codes.put('oidc.handoff', { userId: 7 }, MINUTE);
    clock.now += MINUTE;
    expect(await codes.take('oidc.handoff', key)).toBeNull();
  });

  it('stores only the sha256 of the key', async () => {
    const { sql, codes } = await open();
    const key = await codes.put('oidc.handoff', { userId: 7, address: '10.0.0.7' }, MINUTE);
    const rows = await sql.all<Record<string, unknown>>('SELECT * FROM one_time_codes');
    expect(rows).toEqual([{ key_hash: createHash('sha256').update(key).digest('hex'), kind: 'oidc.handoff', value: '{"userId":7,"address":"10.0.0.7"}', expires_at: expect.any(Number) }]);
    expect(JSON.stringify(rows)).not.toContain(key);
  });

  it('gives each key to exactly one of two servers taking it at the same moment', async () => {
    const { a, b, close } = await twoServers(engine);
    try {
      const [onA, onB] = [new OneTimeCodes(a), new OneTimeCodes(b)];
      const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => onA.put('oidc.handoff', { i }, MINUTE)));
      const taken = await Promise.all(keys.flatMap((key) => [onA.take<{ i: number }>('oidc.handoff', key), onB.take<{ i: number }>('oidc.handoff', key)]));
      const given = taken.filter((v) => v !== null).map((v) => v.i);
      expect(given.sort((x, y) => x - y)).toEqual(keys.map((_, i) => i));
      expect(await a.all('SELECT key_hash FROM one_time_codes')).toEqual([]);
    } finally {
      await close();
    }
  });

  it('refuses past the cap of live codes of a kind, and takes again once they expire; expired rows are swept', async () => {
    const { sql, codes, clock } = await open({ maxPerKind: 3 });
    for (let i = 0; i < 3; i++) await codes.put('oidc.state', { i }, MINUTE);
    await expect(codes.put('oidc.state', { i: 3 }, MINUTE)).rejects.toBeInstanceOf(OneTimeCodesFull);
    // The other kind has a cap of its own: a flood of sign-ins does not stop hand-overs.
    await codes.put('oidc.handoff', { userId: 1 }, 5 * MINUTE);
    clock.now += MINUTE;
    const key = await codes.put('oidc.state', { i: 4 }, MINUTE);
    const kinds = await sql.all<{ kind: string }>('SELECT kind FROM one_time_codes ORDER BY kind');
    expect(kinds.map((r) => r.kind)).toEqual(['oidc.handoff', 'oidc.state']);
    expect(await codes.take('oidc.state', key)).toEqual({ i: 4 });
  });
});
