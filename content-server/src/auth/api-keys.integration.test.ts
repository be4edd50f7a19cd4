import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { ApiKeys, can, hashKey } from './api-keys.js';
import { bearerToken } from './index.js';

describe.each(ENGINES)('API keys on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => {
    const sql = await freshSql(engine);
    return { sql, keys: new ApiKeys(sql) };
  };

  it('returns the key once in the ioc_ format and stores only its sha256', async () => {
    const { sql, keys } = await open();
    const { key, record } = await keys.create('customs', 'ingest');
    expect(key).toMatch(/^ioc_[A-Za-z0-9_-]{43}$/);
    const rows = await sql.all<Record<string, unknown>>('SELECT * FROM api_keys');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['id']).toBe(record.id);
    expect(rows[0]?.['key_hash']).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));
    expect(hashKey(key)).toBe(rows[0]?.['key_hash']);
  });

  it('verifies the right key and refuses a wrong, malformed or revoked one', async () => {
    const { keys } = await open();
    const { key, record } = await keys.create('customs', 'ingest', { synthetic: true, unit: '01' });
    expect(await keys.verify(key)).toMatchObject({ name: 'customs', role: 'ingest', synthetic: true, unit: '01' });
    expect(await keys.isActive(record.id)).toBe(true);
    expect(await keys.verify(`${key.slice(0, -1)}x`)).toBeNull();
    expect(await keys.verify('not-a-key')).toBeNull();
    expect(await keys.verify(null)).toBeNull();
    expect(await keys.revoke('customs')).toMatchObject({ name: 'customs', revokedAt: expect.any(Number) });
    expect(await keys.verify(key)).toBeNull();
    expect(await keys.isActive(record.id)).toBe(false);
    expect(await keys.revoke('customs')).toBeNull();
  });

  it('keeps names unique among active keys, reusable after revocation', async () => {
    const { keys } = await open();
    await keys.create('console', 'operator');
    await expect(keys.create('console', 'operator')).rejects.toThrow(/active key named "console"/);
    await keys.revoke('console');
    expect((await keys.create('console', 'operator')).record.name).toBe('console');
    expect((await keys.list()).map((k) => [k.name, k.revokedAt === null])).toEqual([['console', false], ['console', true]]);
  });

  it('revokes a key once when two revocations race (two servers)', async () => {
    const { keys } = await open();
    await keys.create('twice', 'reader');
    const [a, b] = await Promise.all([keys.revoke('twice'), keys.revoke('twice')]);
    expect([a, b].filter((k) => k !== null)).toHaveLength(1);
  });
});

describe('API key rights', () => {
  it('grants ingest to ingest and admin, commands to operator and admin', () => {
    expect([can('ingest', 'ingest'), can('operator', 'ingest'), can('admin', 'ingest')]).toEqual([true, false, true]);
    expect([can('ingest', 'command'), can('operator', 'command'), can('admin', 'command')]).toEqual([false, true, true]);
  });

  it('reads a bearer token from the Authorization header', () => {
    expect(bearerToken('Bearer ioc_abc')).toBe('ioc_abc');
    expect(bearerToken('bearer   ioc_abc ')).toBe('ioc_abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});
