import { describe, expect, it } from 'vitest';
import { bytes, parseBackupType, parseTargetTime, restoreReport } from './pg-backup-commands.js';

describe('ops backup / ops restore for PostgreSQL: what the operator types and reads', () => {
  it('takes a restore time only as ISO 8601 with an offset', () => {
    expect(parseTargetTime('2026-12-07T09:30:00+07:00')).toBe('2026-12-07T09:30:00+07:00');
    expect(parseTargetTime('2026-12-07T02:30:00.123456Z')).toBe('2026-12-07T02:30:00.123456Z');
    // Without an offset the same words mean another instant on another machine.
    expect(() => parseTargetTime('2026-12-07 09:30')).toThrow('--time must be ISO 8601 with an offset, e.g. 2026-12-07T09:30:00+07:00, got "2026-12-07 09:30"');
    expect(() => parseBackupType('weekly')).toThrow('--type must be one of full, diff, incr, got "weekly"');
  });

  it('prints the counts it compared and what the copy is now', () => {
    const text = restoreReport({ to: '/srv/drill', time: null, backupLabel: '20261207-102256F', restoreMs: 1400, recoveryMs: 600, counts: [{ table: 'audit_log', restored: 80, source: 80 }], sourceUnreachable: null, problems: [] });
    expect(text).toMatch(/^restored \/srv\/drill from backup 20261207-102256F to the end of the WAL archive \(latest\): files in 1\.4 s, recovery to ready in 0\.6 s\nTABLE +RESTORED +SOURCE\naudit_log +80 +80\nverified: every table has the row count of the source\n/);
    expect(text).toContain('It has archive_mode = off (postgresql.auto.conf), so it never writes into the backup repository');
    expect(bytes(3 * 2 ** 20)).toBe('3.0 MiB');
    expect(bytes(5 * 2 ** 30)).toBe('5.00 GiB');
  });
});
