import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { DeviceCodes } from './device-codes.js';
import { DeviceTokens } from './device-tokens.js';

describe('wall device enrollment codes', () => {
  let dir: string;
  let store: Store;
  let tokens: DeviceTokens;
  let codes: DeviceCodes;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-codes-'));
    store = Store.open(dir);
    tokens = new DeviceTokens(store.db);
    codes = new DeviceCodes(store.db, tokens);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const enroll = () => tokens.create({ wallId: 'main', displayId: 'd1', rendererId: null }, { by: 'test' });

  it('trade once for a fresh token of the device; the token it replaces stops working', () => {
    const { token: first, device } = enroll();
    const code = codes.issue(device.id, { now: 1000 });
    expect(code).toMatch(/^iwc_[A-Za-z0-9_-]{24}$/);
    const traded = codes.exchange(code, 2000);
    expect(traded?.device.id).toBe(device.id);
    expect(tokens.verify(traded!.token)?.id).toBe(device.id);
    expect(tokens.verify(first)).toBeNull();
    expect(codes.exchange(code, 2001)).toBeNull();
    // Only its hash is kept.
    expect(JSON.stringify(store.db.prepare('SELECT * FROM wall_device_codes').all())).not.toContain(code);
  });

  it('are refused once expired, for a revoked device, or when made up', () => {
    const { device } = enroll();
    const late = codes.issue(device.id, { now: 0, ttlMs: 60_000 });
    expect(codes.exchange(late, 60_000)).toBeNull();
    const revoked = codes.issue(device.id);
    tokens.revoke(device.id);
    expect(codes.exchange(revoked)).toBeNull();
    expect(codes.exchange('iwc_madeup')).toBeNull();
    expect(codes.exchange('iow_not_a_code')).toBeNull();
  });
});
