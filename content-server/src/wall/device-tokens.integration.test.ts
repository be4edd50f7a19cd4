import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { DeviceTokens, positionName } from './device-tokens.js';

describe.each(ENGINES)('device tokens on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => {
    const sql = await freshSql(engine);
    return { sql, tokens: new DeviceTokens(sql) };
  };

  it('are 32 random bytes, shown once, stored only as their sha256', async () => {
    const { sql, tokens } = await open();
    const { token, device } = await tokens.create({ wallId: 'main', displayId: 'd1', rendererId: null }, { by: 'user:lan' });
    expect(token).toMatch(/^iow_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(device).toMatchObject({ name: 'main/d1', wallId: 'main', displayId: 'd1', rendererId: null, enrolledBy: 'user:lan', revokedAt: null });
    const row = (await sql.get<Record<string, unknown>>('SELECT * FROM wall_devices WHERE id = ?', [device.id]))!;
    expect(JSON.stringify(row)).not.toContain(token.slice(4));
    expect(row['token_hash']).toBe(createHash('sha256').update(token).digest('hex'));
  });

  it('verify a presented token; refuse an unknown, malformed or revoked one', async () => {
    const { tokens } = await open();
    const a = await tokens.create({ wallId: 'ops', displayId: null, rendererId: 'top' }, { by: 'cli', name: 'row 1 PC' });
    const b = await tokens.create({ wallId: 'main', displayId: 'd2', rendererId: null }, { by: 'cli' });
    expect(await tokens.verify(a.token)).toMatchObject({ id: a.device.id, name: 'row 1 PC', rendererId: 'top' });
    expect(await tokens.verify(`${a.token}x`)).toBeNull();
    expect(await tokens.verify('ioc_not-a-device-token')).toBeNull();
    expect(await tokens.verify(42)).toBeNull();
    expect(await tokens.verify(undefined)).toBeNull();
    expect((await tokens.revoke(a.device.id))?.revokedAt).toEqual(expect.any(Number));
    expect(await tokens.revoke(a.device.id)).toBeNull();
    expect(await tokens.verify(a.token)).toBeNull();
    expect(await tokens.isActive(a.device.id)).toBe(false);
    expect(await tokens.inactiveOf([a.device.id, b.device.id, 999])).toEqual(new Set([a.device.id, 999]));
    expect((await tokens.verify(b.token))?.id).toBe(b.device.id);
    expect((await tokens.list()).map((d) => d.id)).toEqual([b.device.id]);
    expect((await tokens.list({ all: true })).map((d) => d.id)).toEqual([a.device.id, b.device.id]);
    expect((await tokens.activeBy('cli')).map((d) => d.id)).toEqual([b.device.id]);
  });

  it('notes when a device was last seen', async () => {
    const { tokens } = await open();
    const { device } = await tokens.create({ wallId: 'main', displayId: 'd1', rendererId: null }, { by: 'cli' });
    await tokens.seen(device.id, 1_767_225_600_000);
    expect((await tokens.get(device.id))?.lastSeenAt).toBe(1_767_225_600_000);
  });

  it('hold a display or a renderer, never both', async () => {
    const { tokens } = await open();
    await expect(tokens.create({ wallId: 'main', displayId: 'd1', rendererId: 'top' }, { by: 'x' })).rejects.toThrow(/display or at a renderer/);
    expect(positionName({ wallId: 'ops', displayId: null, rendererId: 'top' })).toBe('ops/renderer:top');
  });
});
