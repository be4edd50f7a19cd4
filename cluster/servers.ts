// The content servers of the local cluster: the built server (`content-server/dist/main.js`), each
// with its own data folder and port, all given the cluster's multi-host DATABASE_URL.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, getJson, spawnDetached, waitFor } from './procs.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'content-server/dist/main.js');
const OPS = join(ROOT, 'content-server/bin/ops.js');

export interface ContentServer {
  name: string;
  port: number;
  url: string;
  /** `<dir>/server-<i>`: its DATA_DIR; it also marks the process as ours (in its environment). */
  dataDir: string;
  log: string;
  pid: number;
}

export async function planServers(dir: string, count: number, taken: Set<number>): Promise<Omit<ContentServer, 'pid'>[]> {
  const servers: Omit<ContentServer, 'pid'>[] = [];
  for (let i = 1; i <= count; i++) {
    const port = await freePort(taken);
    const dataDir = join(dir, `server-${i}`);
    servers.push({ name: `server-${i}`, port, url: `http://127.0.0.1:${port}`, dataDir, log: join(dir, `server-${i}.log`) });
  }
  return servers;
}

/**
 * Prepares the data folder as an administrator does (`ops init`) and starts the server. The server
 * does not read DATABASE_URL yet (the store's PostgreSQL engine is in progress, issue 15); it is
 * passed so that the cluster is right the day it does.
 */
export function startServer(s: Omit<ContentServer, 'pid'>, databaseUrl: string): ContentServer {
  if (!existsSync(MAIN)) throw new Error(`the content server is not built (${MAIN} is missing): run npm run build first`);
  mkdirSync(s.dataDir, { recursive: true, mode: 0o700 });
  const env = { ...process.env, PORT: String(s.port), HOST: '127.0.0.1', DATA_DIR: s.dataDir, DATABASE_URL: databaseUrl, DEMO: '0' };
  if (!existsSync(join(s.dataDir, 'audit.key'))) execFileSync('node', [OPS, 'init'], { env, stdio: 'pipe' });
  return { ...s, pid: spawnDetached('node', [MAIN], { log: s.log, cwd: ROOT, env }) };
}

export async function waitServerReady(s: ContentServer, timeoutMs: number): Promise<void> {
  await waitFor(`content server ${s.name} to answer GET ${s.url}/healthz with 200`, async () => (await getJson(`${s.url}/healthz`))?.status === 200, timeoutMs, 200);
}
