import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { BackupError, tail } from './backup-error.js';

/** The operating-system account that owns PostgreSQL's files (Debian: `postgres`). */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

function nameOf(uid: number): string {
  try {
    const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === String(uid));
    return line?.split(':')[0] ?? `uid ${uid}`;
  } catch {
    return `uid ${uid}`;
  }
}

/** The owner of `path`: pgBackRest and the PostgreSQL server must run as the owner of the data folder. */
export function ownerOf(path: string): OsUser {
  const st = statSync(path);
  return { name: nameOf(st.uid), uid: st.uid, gid: st.gid };
}

/**
 * How to start a program as `user`: as is when we already are that user; by switching to it
 * when we run as root; otherwise refused, since pgBackRest run by another account would write
 * files PostgreSQL cannot read (or fail half-way on permissions).
 */
export function runAs(user: OsUser, why: string): { uid?: number; gid?: number } {
  const me = process.getuid?.();
  if (me === undefined || me === user.uid) return {};
  if (me === 0) return { uid: user.uid, gid: user.gid };
  throw new BackupError(
    `${why} must run as ${user.name} (uid ${user.uid}), the owner of PostgreSQL's files; run ops as that user or as root / ` +
      `${why} phải chạy với tài khoản ${user.name}, chủ sở hữu các tệp của PostgreSQL; hãy chạy ops bằng tài khoản đó hoặc root`,
  );
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a program to its end; a failure carries the program's own last lines. */
export function runProgram(file: string, args: string[], as: { uid?: number; gid?: number }, missing: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // cwd '/': a folder every account may enter (ops may be started from root's home).
    const child = spawn(file, args, { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'], ...as });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new BackupError(missing) : err));
    child.once('close', (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const said = tail(stderr || stdout);
      reject(new BackupError(`${file} ${args.filter((a) => !a.startsWith('--config=')).join(' ')} failed (${signal ?? `exit ${code}`})${said ? `:\n${said}` : ''}`));
    });
  });
}
