import { describe, expect, it } from 'vitest';
import { DeviceProfileSchema } from '@ioc/protocol';

const base = { id: 'proj-1', name: { vi: 'Máy chiếu 1', en: 'Projector 1' }, driver: 'pjlink', transport: { kind: 'tcp', host: '127.0.0.1', port: 4352 } };

describe('DeviceProfileSchema', () => {
  it('fills the timing defaults, with a configurable maximum of retries', () => {
    const p = DeviceProfileSchema.parse(base);
    expect(p.timing).toEqual({ gapMs: 50, replyTimeoutMs: 2000, maxRetries: 3, backoffMs: 250, commandGapMs: {} });
    expect(DeviceProfileSchema.parse({ ...base, timing: { commandGapMs: { power: 8000 } } }).timing.commandGapMs).toEqual({ power: 8000 });
    expect(DeviceProfileSchema.parse({ ...base, timing: { maxRetries: 7 } }).timing.maxRetries).toBe(7);
  });

  it('refuses a password written in the profile: credentials come from the environment or a secrets file', () => {
    const r = DeviceProfileSchema.safeParse({ ...base, credentials: { password: 'secret' } });
    expect(r.success).toBe(false);
    expect(DeviceProfileSchema.safeParse({ ...base, credentials: { passwordEnv: 'PJLINK_PASSWORD' } }).success).toBe(true);
  });

  it('refuses an unknown driver and a serial transport without a path', () => {
    expect(DeviceProfileSchema.safeParse({ ...base, driver: 'telnet-magic' }).error?.issues[0]?.path).toEqual(['driver']);
    expect(DeviceProfileSchema.safeParse({ ...base, transport: { kind: 'serial' } }).error?.issues[0]?.path).toEqual(['transport', 'path']);
  });
});
