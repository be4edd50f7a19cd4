// Daemons of the local cluster: started detached (they outlive `cluster up`), found again by pid
// from another process (`cluster down`), and never confused with an unrelated process that reused
// a pid: each one is recognised by a marker (its folder) in its command line or environment.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunAs {
  uid: number;
  gid: number;
}

/** A free TCP port on loopback; `taken` avoids handing the same port out twice in one start. */
export async function freePort(taken: Set<number> = new Set()): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port: p } = srv.address() as { port: number };
        srv.close(() => resolve(p));
      });
    });
    if (!taken.has(port)) {
      taken.add(port);
      return port;
    }
  }
}

/** Starts `command` in its own session with stdout and stderr appended to `log`; returns its pid. */
export function spawnDetached(command: string, args: string[], opts: { log: string; cwd: string; env?: NodeJS.ProcessEnv; runAs?: RunAs | null }): number {
  const fd = openSync(opts.log, 'a');
  try {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ['ignore', fd, fd], ...(opts.runAs ?? {}) });
    child.on('error', () => undefined); // an exec failure shows as a dead pid and the log
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return child.pid;
  } finally {
    closeSync(fd);
  }
}

/** Whether `pid` is alive and is ours: its command line or environment holds `marker`. */
export function isOurs(pid: number, marker: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/\) Z /.test(stat)) return false; // a zombie is dead, only not yet reaped by its parent
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes(marker)) return true;
    return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Sends `sig`, waits up to `graceMs` for the process to go, then SIGKILL; resolves when it is gone. */
export async function stopProcess(pid: number, marker: string, sig: NodeJS.Signals = 'SIGTERM', graceMs = 20_000): Promise<boolean> {
  if (!isOurs(pid, marker)) return false;
  signal(pid, sig);
  const deadline = Date.now() + graceMs;
  while (isOurs(pid, marker)) {
    if (Date.now() > deadline) {
      signal(pid, 'SIGKILL');
      await waitFor(`pid ${pid} to exit after SIGKILL`, () => !isOurs(pid, marker), 10_000);
      break;
    }
    await sleep(50);
  }
  return true;
}

/** Polls `check` until it returns a value other than false/null/undefined; throws `what` at the deadline. */
export async function waitFor<T>(what: string, check: () => T | false | null | undefined | Promise<T | false | null | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== false && v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** The last `lines` lines of a log file, for an error message. */
export function logTail(file: string, lines = 15): string {
  if (!existsSync(file)) return `(no log at ${file})`;
  const all = readFileSync(file, 'utf8').trimEnd().split('\n');
  return `--- last lines of ${file} ---\n${all.slice(-lines).join('\n')}`;
}

/** GET a JSON document over loopback HTTP with a short timeout; null when it does not answer. */
export async function getJson(url: string, timeoutMs = 2000): Promise<{ status: number; body: unknown } | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  } catch {
    return null;
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
