import { existsSync } from 'node:fs';
import { BackupError } from './backup-error.js';
import { runAs, runProgram, type OsUser, type RunResult } from './os-user.js';
import { STANZA, type RepoLayout } from './pgbackrest-config.js';

export type BackupType = 'full' | 'diff' | 'incr';

/** One backup set as `pgbackrest info --output=json` describes it. */
export interface BackupSet {
  label: string;
  type: BackupType;
  /** Epoch milliseconds (pgBackRest records whole seconds). */
  startedAt: number;
  stoppedAt: number;
  /** Bytes of the database the backup represents, bytes copied this time, bytes in the repository. */
  size: number;
  delta: number;
  repoSize: number;
  /** The first and last WAL segment the backup needs to be consistent. */
  walStart: string;
  walStop: string;
  /** The backup an incremental or differential one builds on. */
  prior: string | null;
}

export interface StanzaInfo {
  /** pgBackRest's own status: 0 ok, 1 missing stanza path, 2 no valid backups, ... */
  status: { code: number; message: string };
  backups: BackupSet[];
  /** The WAL segments kept in the repository, oldest and newest; null when none. */
  archive: { min: string; max: string } | null;
}

interface RawInfo {
  status: { code: number; message: string };
  backup?: Array<{
    label: string;
    type: BackupType;
    error?: boolean;
    prior: string | null;
    timestamp: { start: number; stop: number };
    info: { size: number; delta: number; repository: { size: number; delta: number } };
    archive: { start: string; stop: string };
  }>;
  archive?: Array<{ min: string | null; max: string | null }>;
}

/** The stanza's entry of `info --output=json` (a list of stanzas); exported for its unit test. */
export function parseInfo(json: string): StanzaInfo {
  const stanzas = JSON.parse(json) as Array<RawInfo & { name: string }>;
  const raw = stanzas.find((s) => s.name === STANZA);
  if (!raw) return { status: { code: 1, message: 'missing stanza' }, backups: [], archive: null };
  const backups = (raw.backup ?? [])
    .filter((b) => !b.error)
    .map((b) => ({
      label: b.label,
      type: b.type,
      startedAt: b.timestamp.start * 1000,
      stoppedAt: b.timestamp.stop * 1000,
      size: b.info.size,
      delta: b.info.delta,
      repoSize: b.info.repository.size,
      walStart: b.archive.start,
      walStop: b.archive.stop,
      prior: b.prior,
    }));
  const mins = (raw.archive ?? []).flatMap((a) => (a.min ? [a.min] : [])).sort();
  const maxes = (raw.archive ?? []).flatMap((a) => (a.max ? [a.max] : [])).sort();
  const archive = mins[0] !== undefined && maxes.length > 0 ? { min: mins[0], max: maxes[maxes.length - 1]! } : null;
  return { status: raw.status, backups, archive };
}

/** pgBackRest on this machine, run as the owner of PostgreSQL's files with the repository's config. */
export class PgBackRest {
  constructor(
    readonly layout: RepoLayout,
    private readonly user: OsUser,
  ) {}

  run(command: string, args: string[] = []): Promise<RunResult> {
    return runProgram('pgbackrest', [`--config=${this.layout.configFile}`, `--stanza=${STANZA}`, ...args, command], runAs(this.user, 'pgBackRest'), 'pgbackrest is not installed: install the Debian package pgbackrest / chưa cài pgbackrest: hãy cài gói Debian pgbackrest');
  }

  async info(): Promise<StanzaInfo> {
    if (!existsSync(this.layout.configFile)) {
      throw new BackupError(`no backup repository at ${this.layout.repo} (no pgbackrest.conf): set BACKUP_REPO, or make the first backup with: ops backup / không có kho sao lưu tại ${this.layout.repo}`);
    }
    return parseInfo((await this.run('info', ['--output=json'])).stdout);
  }
}
