// The content servers of the local cluster: the built server (`content-server/dist/main.js`), each
// with its own data folder and port, all given the cluster's multi-host DATABASE_URL and the center's one audit key.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, getJson, spawnDetached, waitFor } from './procs.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = join(ROOT, 'content-server/dist/main.js');
export const OPS = join(ROOT, 'content-server/bin/ops.js');

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
 * Prepares the data folder as an administrator does and starts the server on the cluster's
 * PostgreSQL. The center has one audit key: the first server's is made by `ops init`; every other
 * server gets a copy of it (`keyFrom`: the first server's data folder), as an administrator copies
 * the key file to each app host. A server with another key refuses to start. `clusterUrls`: every
 * server of the center (CLUSTER_URLS), told to walls and consoles, which move there on failover.
 */
export function startServer(s: Omit<ContentServer, 'pid'>, databaseUrl: string, opts: { keyFrom?: string; clusterUrls: readonly string[] }): ContentServer {
  const { keyFrom } = opts;
  if (!existsSync(MAIN)) throw new Error(`the content server is not built (${MAIN} is missing): run npm run build first`);
  mkdirSync(s.dataDir, { recursive: true, mode: 0o700 });
  const env = { ...process.env, PORT: String(s.port), HOST: '127.0.0.1', DATA_DIR: s.dataDir, DATABASE_URL: databaseUrl, DEMO: '0', SERVER_NAME: s.name, CLUSTER_URLS: opts.clusterUrls.join(',') };
  const key = join(s.dataDir, 'audit.key');
  if (!existsSync(key)) {
    if (keyFrom) copyFileSync(join(keyFrom, 'audit.key'), key);
    else execFileSync('node', [OPS, 'init'], { env, stdio: 'pipe' });
  }
  return { ...s, pid: spawnDetached('node', [MAIN], { log: s.log, cwd: ROOT, env }) };
}

export async function waitServerReady(s: ContentServer, timeoutMs: number): Promise<void> {
  await waitFor(`content server ${s.name} to answer GET ${s.url}/healthz with 200`, async () => (await getJson(`${s.url}/healthz`))?.status === 200, timeoutMs, 200);
}
