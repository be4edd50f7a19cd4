import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { DeviceTokens, positionName } from './device-tokens.js';

describe('device tokens', () => {
  let dir: string;
  let store: Store;
  let tokens: DeviceTokens;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-devices-'));
    store = Store.open(dir);
    tokens = new DeviceTokens(store.db);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are 32 random bytes, shown once, stored only as their sha256', () => {
    const { token, device } = tokens.create({ wallId: 'main', displayId: 'd1', rendererId: null }, { by: 'user:lan' });
    expect(token).toMatch(/^iow_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(device).toMatchObject({ name: 'main/d1', wallId: 'main', displayId: 'd1', rendererId: null, enrolledBy: 'user:lan', revokedAt: null });
    const row = store.db.prepare('SELECT * FROM wall_devices WHERE id = ?').get(device.id) as Record<string, unknown>;
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('verify a presented token; refuse an unknown, malformed or revoked one', () => {
    const a = tokens.create({ wallId: 'ops', displayId: null, rendererId: 'top' }, { by: 'cli', name: 'row 1 PC' });
    const b = tokens.create({ wallId: 'main', displayId: 'd2', rendererId: null }, { by: 'cli' });
    expect(tokens.verify(a.token)).toMatchObject({ id: a.device.id, name: 'row 1 PC', rendererId: 'top' });
    expect(tokens.verify(`${a.token}x`)).toBeNull();
    expect(tokens.verify('ioc_not-a-device-token')).toBeNull();
    expect(tokens.verify(42)).toBeNull();
    expect(tokens.verify(undefined)).toBeNull();
    expect(tokens.revoke(a.device.id)?.revokedAt).toEqual(expect.any(Number));
    expect(tokens.revoke(a.device.id)).toBeNull();
    expect(tokens.verify(a.token)).toBeNull();
    expect(tokens.isActive(a.device.id)).toBe(false);
    expect(tokens.verify(b.token)?.id).toBe(b.device.id);
    expect(tokens.list().map((d) => d.id)).toEqual([b.device.id]);
    expect(tokens.list({ all: true }).map((d) => d.id)).toEqual([a.device.id, b.device.id]);
  });

  it('hold a display or a renderer, never both', () => {
    expect(() => tokens.create({ wallId: 'main', displayId: 'd1', rendererId: 'top' }, { by: 'x' })).toThrow(/display or at a renderer/);
    expect(positionName({ wallId: 'ops', displayId: null, rendererId: 'top' })).toBe('ops/renderer:top');
  });
});
