import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { ApiKeys, can, hashKey } from './api-keys.js';
import { bearerToken } from './index.js';

describe('API keys', () => {
  let dir: string;
  let store: Store;
  let keys: ApiKeys;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-keys-'));
    store = Store.open(dir);
    keys = new ApiKeys(store.db);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns the key once in the ioc_ format and stores only its sha256', () => {
    const { key } = keys.create('customs', 'ingest');
    expect(key).toMatch(/^ioc_[A-Za-z0-9_-]{43}$/);
    const rows = store.db.prepare('SELECT * FROM api_keys').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.['key_hash']).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(key.slice(4));
    expect(hashKey(key)).toBe(rows[0]?.['key_hash']);
  });

  it('verifies the right key and refuses a wrong, malformed or revoked one', () => {
    const { key } = keys.create('customs', 'ingest', { synthetic: true });
    expect(keys.verify(key)).toMatchObject({ name: 'customs', role: 'ingest', synthetic: true });
    expect(keys.verify(`${key.slice(0, -1)}x`)).toBeNull();
    expect(keys.verify('not-a-key')).toBeNull();
    expect(keys.verify(null)).toBeNull();
    keys.revoke('customs');
    expect(keys.verify(key)).toBeNull();
  });

  it('keeps names unique among active keys, reusable after revocation', () => {
    keys.create('console', 'operator');
    expect(() => keys.create('console', 'operator')).toThrow(/active key named "console"/);
    keys.revoke('console');
    expect(keys.create('console', 'operator').record.name).toBe('console');
    expect(keys.list().map((k) => [k.name, k.revokedAt === null])).toEqual([['console', false], ['console', true]]);
  });

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
