// The attack suite's target: the built content server as `npm start` runs it (a child process,
// so that a crash is seen as a crash and not as a failed test runner), with one signed-in user
// per role, one API key per key role, and read access to its store to prove what was (not) kept.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { CONSOLE_NAMESPACE, USER_ROLES, type UserRole } from '@ioc/protocol';
import { dataKeyPragmas, readDataKey } from '@ioc/content-server';
import { ROOT, freePort, startServer, tempDataDir, createApiKey, enrollDisplays, type RunningServer } from '../support/server.js';

const OPS = join(ROOT, 'content-server/bin/ops.js');
export const ATTACK_PASSWORD = 'attack-suite-Passw0rd!';

export interface Target {
  url: string;
  dataDir: string;
  server: RunningServer;
  /** A session token per user role (a signed-in local user `attack-<role>`). */
  sessions: Record<UserRole, string>;
  /** API keys per key role. */
  keys: { ingest: string; reader: string; operator: string; admin: string };
  /** A wall device token, enrolled at `main/d1` (`ops wall-device enroll`). */
  deviceToken: string;
  /** The process is running and /healthz answers within `withinMs` (default 1 s). */
  alive(withinMs?: number): Promise<boolean>;
  /** Rows in a table of the store (read-only connection). */
  count(table: string, where?: string): number;
  /** Audit rows written after row id `after`, newest last. */
  auditSince(after: number): Array<{ id: number; actor: string; action: string; target: string | null; ok: number; detail: string | null }>;
  /** The id of the newest audit row (0 when empty). */
  lastAuditId(): number;
  /** A console socket signed in with `token`; resolves once connected (or rejects with the refusal). */
  console(token: string): Promise<Socket>;
  close(): Promise<void>;
}

/** `dataKeyFile`: the store is encrypted with this key (DATA_KEY_FILE) for the server, `ops` and the proof reads. */
export async function startTarget(opts: { env?: Record<string, string>; dataKeyFile?: string } = {}): Promise<Target> {
  const data = tempDataDir();
  const keyEnv: Record<string, string> = opts.dataKeyFile ? { DATA_KEY_FILE: opts.dataKeyFile } : {};
  const env = { ...process.env, DATA_DIR: data.dir, ...keyEnv };
  if (opts.dataKeyFile) execFileSync('node', [OPS, 'data-key', 'encrypt'], { env, stdio: 'pipe' });
  for (const role of USER_ROLES) {
    execFileSync('node', [OPS, 'user', 'add', `attack-${role}`, '--role', role, '--password-stdin'], { env, input: `${ATTACK_PASSWORD}\n`, stdio: 'pipe' });
  }
  const keys = { ingest: createApiKey(data.dir, 'attack-ingest', 'ingest', { env: keyEnv }), reader: createApiKey(data.dir, 'attack-reader', 'reader', { env: keyEnv }), operator: createApiKey(data.dir, 'attack-operator', 'operator', { env: keyEnv }), admin: createApiKey(data.dir, 'attack-admin', 'admin', { env: keyEnv }) };
  const deviceToken = enrollDisplays(data.dir, 'main', ['d1'], undefined, keyEnv)['d1']!;
  const server = await startServer({ dataDir: data.dir, port: await freePort(), env: { ...keyEnv, ...opts.env } });
  const sessions = {} as Record<UserRole, string>;
  for (const role of USER_ROLES) {
    const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `attack-${role}`, password: ATTACK_PASSWORD }) });
    const body = (await res.json()) as { token?: string };
    if (!res.ok || !body.token) throw new Error(`login of attack-${role} failed: ${res.status} ${JSON.stringify(body)}`);
    sessions[role] = body.token;
  }
  const db = new Database(join(data.dir, 'ioc.sqlite'), { readonly: true, fileMustExist: true });
  if (opts.dataKeyFile) for (const pragma of dataKeyPragmas(readDataKey(opts.dataKeyFile))) db.pragma(pragma);
  const sockets: Socket[] = [];
  return {
    url: server.url,
    dataDir: data.dir,
    server,
    sessions,
    keys,
    deviceToken,
    async alive(withinMs = 1000) {
      try {
        const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(withinMs) });
        return res.status < 500 || res.status === 503;
      } catch {
        return false;
      }
    },
    count: (table, where) => (db.prepare(`SELECT count(*) AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`).get() as { n: number }).n,
    auditSince: (after) => db.prepare('SELECT id, actor, action, target, ok, detail FROM audit_log WHERE id > ? ORDER BY id').all(after) as ReturnType<Target['auditSince']>,
    lastAuditId: () => (db.prepare('SELECT coalesce(max(id), 0) AS id FROM audit_log').get() as { id: number }).id,
    console: (token) =>
      new Promise((resolve, reject) => {
        const socket = io(`${server.url}${CONSOLE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
        sockets.push(socket);
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', (err) => reject(err));
      }),
    async close() {
      for (const s of sockets) s.disconnect();
      db.close();
      await server.stop();
      data.remove();
    },
  };
}
