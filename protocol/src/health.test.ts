import { describe, expect, it } from 'vitest';
import { HealthSchema, SystemStatusSchema } from './index.js';

describe('health: liveness for strangers, details for technicians', () => {
  it('accepts status and causes only: a version, counts or uptime in /healthz is refused', () => {
    const degraded = { status: 'degraded', causes: [{ code: 'store_full', text: { vi: 'kho dữ liệu đã đầy', en: 'the data store is full' } }] };
    expect(HealthSchema.parse(degraded)).toEqual(degraded);
    expect(HealthSchema.safeParse({ status: 'ok', causes: [], version: '0.1.0' }).success).toBe(false);
    expect(HealthSchema.safeParse({ status: 'ok', causes: [], uptimeSeconds: 3 }).success).toBe(false);
    expect(HealthSchema.safeParse({ status: 'degraded', causes: [{ code: 'disk_nearly_gone', text: { vi: 'x', en: 'x' } }] }).success).toBe(false);
  });

  it('keeps the details in the system status', () => {
    const status = { health: { status: 'ok', causes: [] }, version: '0.1.0', protocolVersion: 3, uptimeSeconds: 12, store: { ok: true, driver: 'sqlite' } };
    expect(SystemStatusSchema.parse(status)).toEqual(status);
  });
});
