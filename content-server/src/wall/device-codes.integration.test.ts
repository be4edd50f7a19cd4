import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { DeviceCodes } from './device-codes.js';
import { DeviceTokens } from './device-tokens.js';

describe.each(ENGINES)('wall device enrollment codes on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => {
    const sql = await freshSql(engine);
    const tokens = new DeviceTokens(sql);
    const codes = new DeviceCodes(sql, tokens);
    const enrolled = await tokens.create({ wallId: 'main', displayId: 'd1', rendererId: null }, { by: 'test' });
    return { sql, tokens, codes, enrolled };
  };

  it('trade once for a fresh token of the device; the token it replaces stops working', async () => {
    const { sql, tokens, codes, enrolled } = await open();
    const { token: first, device } = enrolled;
    const code = await codes.issue(device.id, { now: 1000 });
    expect(code).toMatch(/^iwc_[A-Za-z0-9_-]{24}$/);
    const traded = await codes.exchange(code, 2000);
    expect(traded?.device.id).toBe(device.id);
    expect((await tokens.verify(traded!.token))?.id).toBe(device.id);
    expect(await tokens.verify(first)).toBeNull();
    expect(await codes.exchange(code, 2001)).toBeNull();
    // Only its hash is kept.
    expect(JSON.stringify(await sql.all('SELECT * FROM wall_device_codes'))).not.toContain(code);
  });

  it('are traded once when two servers claim the same code at the same moment', async () => {
    const { tokens, codes, enrolled } = await open();
    const code = await codes.issue(enrolled.device.id);
    const claims = await Promise.all(Array.from({ length: 16 }, () => codes.exchange(code)));
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    // The winner's token is the device's token now.
    expect((await tokens.verify(won[0]!.token))?.id).toBe(enrolled.device.id);
  });

  it('are refused once expired, for a revoked device, or when made up; a refused one stays unused', async () => {
    const { sql, tokens, codes, enrolled } = await open();
    const { device } = enrolled;
    const late = await codes.issue(device.id, { now: 0, ttlMs: 60_000 });
    expect(await codes.exchange(late, 60_000)).toBeNull();
    const revoked = await codes.issue(device.id);
    await tokens.revoke(device.id);
    expect(await codes.exchange(revoked)).toBeNull();
    expect(await sql.get('SELECT COUNT(*) AS n FROM wall_device_codes WHERE used_at IS NOT NULL')).toEqual({ n: 0 });
    expect(await codes.exchange('iwc_madeup')).toBeNull();
    expect(await codes.exchange('iow_not_a_code')).toBeNull();
  });

  it('forgets used and expired codes', async () => {
    const { sql, codes, enrolled } = await open();
    await codes.issue(enrolled.device.id, { now: 0, ttlMs: 1000 });
    const used = await codes.issue(enrolled.device.id, { now: 0 });
    await codes.exchange(used, 10);
    await codes.issue(enrolled.device.id, { now: 0 });
    await codes.prune(5000);
    expect(await sql.get('SELECT COUNT(*) AS n FROM wall_device_codes')).toEqual({ n: 1 });
  });
});
