import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupError, archiveCommand, backupBefore, parseInfo, pgBackRestTime, refuseNonEmpty, renderConfig, repoFromEnv, repoLayout, type BackupSet } from './index.js';

// The shape of `pgbackrest info --output=json` (2.45), cut to what the code reads.
const INFO = JSON.stringify([
  {
    name: 'ioc',
    status: { code: 0, message: 'ok' },
    archive: [{ id: '15-1', min: '000000010000000000000001', max: '000000010000000000000009' }],
    backup: [
      { label: '20261207-102256F', type: 'full', error: false, prior: null, timestamp: { start: 1796638976, stop: 1796638978 }, info: { size: 22992374, delta: 22992374, repository: { size: 2811663, delta: 2811663 } }, archive: { start: '000000010000000000000002', stop: '000000010000000000000002' } },
      { label: '20261207-102256F_20261207-110000I', type: 'incr', error: true, prior: '20261207-102256F', timestamp: { start: 1796641200, stop: 1796641201 }, info: { size: 1, delta: 1, repository: { size: 1, delta: 1 } }, archive: { start: '000000010000000000000005', stop: '000000010000000000000005' } },
    ],
  },
]);

describe('pgBackRest driven by code', () => {
  it('reads the backups of the stanza from info --output=json, leaving out those that failed', () => {
    const info = parseInfo(INFO);
    expect(info.status).toEqual({ code: 0, message: 'ok' });
    expect(info.archive).toEqual({ min: '000000010000000000000001', max: '000000010000000000000009' });
    expect(info.backups).toEqual([
      { label: '20261207-102256F', type: 'full', startedAt: 1796638976000, stoppedAt: 1796638978000, size: 22992374, delta: 22992374, repoSize: 2811663, walStart: '000000010000000000000002', walStop: '000000010000000000000002', prior: null },
    ]);
    expect(parseInfo('[]').status.code).toBe(1);
  });

  it('writes a config with the repository, the server and the settings the docs promise', () => {
    const layout = repoLayout('/srv/backup/ioc');
    expect(renderConfig(layout, { dataDir: '/var/lib/postgresql/15/main', port: 5432, socketDir: '/var/run/postgresql' }).split('\n')).toEqual(
      expect.arrayContaining(['repo1-path=/srv/backup/ioc', 'repo1-retention-full=2', 'compress-type=zst', 'start-fast=y', 'archive-async=n', 'lock-path=/srv/backup/ioc/lock', '[ioc]', 'pg1-path=/var/lib/postgresql/15/main', 'pg1-port=5432', 'pg1-socket-path=/var/run/postgresql']),
    );
    expect(archiveCommand('/srv/backup/ioc')).toBe('pgbackrest --config=/srv/backup/ioc/pgbackrest.conf --stanza=ioc archive-push %p');
    expect(archiveCommand('/srv/backup/ioc', '/var/lib/patroni/data')).toBe('pgbackrest --config=/srv/backup/ioc/pgbackrest.conf --stanza=ioc --pg1-path=/var/lib/patroni/data archive-push %p');
    expect(repoFromEnv('/var/lib/ioc', {})).toBe('/var/lib/ioc/pgbackrest');
    expect(repoFromEnv('/var/lib/ioc', { BACKUP_REPO: '/mnt/backup' })).toBe('/mnt/backup');
    // The path goes into archive_command, which the server runs through the shell.
    expect(() => repoLayout("/srv/x'; rm -rf /")).toThrow(BackupError);
  });

  it('gives pgBackRest a time target in its own format, keeping the microseconds', () => {
    expect(pgBackRestTime('2026-12-07T17:28:21.895674+07:00')).toBe('2026-12-07 10:28:21.895674+00');
    expect(pgBackRestTime('2026-12-07T10:28:21Z')).toBe('2026-12-07 10:28:21+00');
  });

  it('restores a point in time from the newest backup that surely ended before it', () => {
    const set = (label: string, stop: number): BackupSet => ({ label, type: 'full', startedAt: stop - 5000, stoppedAt: stop, size: 0, delta: 0, repoSize: 0, walStart: '', walStop: '', prior: null });
    const backups = [set('a', Date.parse('2026-12-01T00:00:00Z')), set('b', Date.parse('2026-12-07T10:00:00Z'))];
    expect(backupBefore(backups, '2026-12-07T10:00:01Z').label).toBe('b');
    // Recorded to the second: the same second may be after the end.
    expect(backupBefore(backups, '2026-12-07T10:00:00.500Z').label).toBe('a');
    expect(() => backupBefore(backups, '2026-11-30T00:00:00Z')).toThrow(/is before the end of the oldest backup kept \(a, ended 2026-12-01T00:00:00.000Z\)/);
  });

  it('refuses a restore target that is a file or holds anything', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-backup-unit-'));
    try {
      expect(() => refuseNonEmpty(join(dir, 'new'))).not.toThrow();
      expect(() => refuseNonEmpty(dir)).not.toThrow();
      writeFileSync(join(dir, 'postmaster.pid'), '1');
      expect(() => refuseNonEmpty(dir)).toThrow(`${dir} is not empty (1 entry, e.g. postmaster.pid)`);
      expect(() => refuseNonEmpty(join(dir, 'postmaster.pid'))).toThrow('is a file; restore into a new or empty folder');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
