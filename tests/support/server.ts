import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = join(ROOT, 'content-server/dist/main.js');
const OPS = join(ROOT, 'content-server/bin/ops.js');

/** A free TCP port on loopback, so parallel runs never collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-'));
  // As an administrator does before the first start: ops commands never create a store themselves.
  execFileSync('node', [OPS, 'init'], { env: { ...process.env, DATA_DIR: dir }, stdio: 'pipe' });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A temporary layouts folder (for `LAYOUTS_DIR`) with `walls` and `scenes` written to
 * `walls/<id>.json` and `scenes/<id>.json`; with `withRepo`, on top of a copy of the
 * repository's own layouts (their catalog checks need the real walls and scenes).
 */
export function tempLayouts(walls: ReadonlyArray<{ id: string; [field: string]: unknown }>, scenes: ReadonlyArray<{ id: string; [field: string]: unknown }>, opts: { withRepo?: boolean } = {}): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-layouts-'));
  if (opts.withRepo) cpSync(join(ROOT, 'layouts'), dir, { recursive: true });
  mkdirSync(join(dir, 'walls'), { recursive: true });
  mkdirSync(join(dir, 'scenes'), { recursive: true });
  for (const w of walls) writeFileSync(join(dir, `walls/${w.id}.json`), JSON.stringify(w, null, 2));
  for (const s of scenes) writeFileSync(join(dir, `scenes/${s.id}.json`), JSON.stringify(s));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `ops apikey create` as an administrator would and returns the printed key. */
export function createApiKey(dataDir: string, name: string, role: 'ingest' | 'reader' | 'operator' | 'admin', opts: { synthetic?: boolean; unit?: string; env?: Record<string, string> } = {}): string {
  const args = [OPS, 'apikey', 'create', name, '--role', role, ...(opts.synthetic ? ['--synthetic'] : []), ...(opts.unit ? ['--unit', opts.unit] : [])];
  const out = execFileSync('node', args, {
    env: { ...process.env, DATA_DIR: dataDir, ...opts.env },
    encoding: 'utf8',
  });
  const key = /ioc_[A-Za-z0-9_-]{20,}/.exec(out)?.[0];
  if (!key) throw new Error(`ops apikey create printed no key:\n${out}`);
  return key;
}

/**
 * Enrolls wall devices as a technician provisioning kiosks would (`ops wall-device enroll`):
 * one per position (a display id, or `renderer:<id>`); returns each position's token, for a
 * socket's handshake or an `Authorization` header, never for a page address (`enrollCodes`).
 * Pass `layoutsDir` when the server runs with another LAYOUTS_DIR.
 */
export function enrollDisplays(dataDir: string, wallId: string, positions: string[], layoutsDir?: string, env: Record<string, string> = {}): Record<string, string> {
  const out = execFileSync('node', [OPS, 'wall-device', 'enroll', '--token', wallId, ...positions], {
    env: { ...process.env, DATA_DIR: dataDir, ...(layoutsDir && { LAYOUTS_DIR: layoutsDir }), ...env },
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n');
  const tokens: Record<string, string> = {};
  positions.forEach((p, i) => {
    const token = /iow_[A-Za-z0-9_-]{20,}/.exec(lines[i] ?? '')?.[0];
    if (!token) throw new Error(`ops wall-device enroll printed no token for ${p}:\n${out}`);
    tokens[p] = token;
  });
  return tokens;
}

/**
 * Enrolls wall devices as `ops wall-device enroll` does for page addresses: returns each
 * position's single-use enrollment code (`iwc_...`), for `/wall/?...&code=`.
 */
export function enrollCodes(dataDir: string, wallId: string, positions: string[], layoutsDir?: string, env: Record<string, string> = {}): Record<string, string> {
  const out = execFileSync('node', [OPS, 'wall-device', 'enroll', wallId, ...positions], {
    env: { ...process.env, DATA_DIR: dataDir, ...(layoutsDir && { LAYOUTS_DIR: layoutsDir }), ...env },
    encoding: 'utf8',
  });
  const lines = out.trim().split('\n');
  const codes: Record<string, string> = {};
  positions.forEach((p, i) => {
    const code = /iwc_[A-Za-z0-9_-]{20,}/.exec(lines[i] ?? '')?.[0];
    if (!code) throw new Error(`ops wall-device enroll printed no code for ${p}:\n${out}`);
    codes[p] = code;
  });
  return codes;
}

/**
 * A wall page's address that enrolls it: `/wall/?wall=...&display=...&code=...` (`query` without
 * `?`; `code` from `enrollCodes`). Codes are single use: reloading the page, or opening it again
 * in the same browser context, reuses the token it stored; a new context needs a new code.
 */
export function wallPageUrl(base: string, query: string, code: string): string {
  return `${base}/wall/?${query}&code=${encodeURIComponent(code)}`;
}

export interface RunningServer {
  url: string;
  port: number;
  /** The server process's id (a bench reads its CPU and memory in /proc). */
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
  /** `kill -9`: the server dies at once, closing nothing (a crashed machine, as failover tests need). */
  kill: () => Promise<void>;
}

/** Starts the built content server as `npm start` does, and waits for /healthz. */
export async function startServer(opts: { dataDir: string; port: number; demo?: boolean; env?: Record<string, string>; ca?: string }): Promise<RunningServer> {
  const child: ChildProcess = spawn('node', [MAIN], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(opts.port), HOST: '127.0.0.1', DATA_DIR: opts.dataDir, DEMO: opts.demo ? '1' : '0', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  // With `ca` the server runs under TLS (TLS_CERT/TLS_KEY in env) and is checked against that CA.
  const url = `${opts.ca ? 'https' : 'http'}://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    try {
      if (opts.ca ? (await httpsGet(`${url}/healthz`, opts.ca)).status === 200 : (await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not answer /healthz in 30 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port: opts.port,
    pid: child.pid!,
    output: () => log,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/**
 * Sends one catalog command through `POST /api/v1/commands` with bearer `key` (an API key or a
 * console session token) and returns status and parsed body. A fresh `clientId` unless given.
 */
export async function sendCommand(url: string, key: string, name: string, args: unknown, clientId = `test-${name}-${randomUUID()}`) {
  const res = await fetch(`${url}/api/v1/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ clientId, name, args }),
  });
  return { status: res.status, body: (await res.json()) as { ok?: boolean; undo?: { name: string; args: unknown }; error?: unknown } };
}

/** POSTs a JSON body to the ingest API and returns status and parsed body. */
export async function ingest(url: string, key: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/v1/observations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { accepted?: number; errors?: Array<{ index: number | null; field: string; message: string }> } };
}

/** A GET over HTTPS that trusts `ca` (the global fetch cannot be given a CA). */
export function httpsGet(url: string, ca: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { ca, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
