// npm run bench:tls: what TLS costs the center (issue 14). The built server as `npm start` runs
// it, on one data folder, once over plain HTTP and once with TLS_CERT/TLS_KEY from `ops tls init`,
// alternating (plain, TLS, three times) so that the machine's drift touches both alike:
// (1) ingest: batches of 500 observations POSTed over keep-alive connections, 4 in flight;
// (2) queries: GET /api/v1/series (120 points) one at a time for latency, 8 in flight for
//     throughput, over keep-alive connections as the wall's and console's browsers use them;
// (3) queries on a new connection each (a full TLS handshake each): the worst case.
// The client is Node's http/https with the same code for both; the server runs in a child.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatVnTimestamp } from '@ioc/protocol';
import { ROOT, createApiKey, freePort, startServer, tempDataDir } from '../tests/support/server.js';
import { machine, percentile, summary, writeResult } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 150);
const BATCH_ROWS = 500;
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);

const data = tempDataDir();
const pki = mkdtempSync(join(tmpdir(), 'ioc-bench-tls-'));
execFileSync('node', [join(ROOT, 'content-server/bin/ops.js'), 'tls', 'init', '--dir', pki], { stdio: 'pipe' });
const ca = readFileSync(join(pki, 'tls-ca.pem'), 'utf8');
const key = createApiKey(data.dir, 'bench-tls', 'admin');
const ingestKey = createApiKey(data.dir, 'bench-tls-ingest', 'ingest');

type Call = (method: string, path: string, body?: string, fresh?: boolean) => Promise<number>;

/** Requests sent again after the server closed an idle keep-alive connection as it was reused. */
let retried = 0;

function client(base: string, tls: boolean): { call: Call; close: () => void } {
  const agent = tls ? new HttpsAgent({ keepAlive: true, maxSockets: 8, ca }) : new HttpAgent({ keepAlive: true, maxSockets: 8 });
  // As browsers do: a request lost to the server's keep-alive timeout (5 s) racing its reuse is
  // sent once more (ingest batches are idempotent: a repeated batch changes nothing).
  const call: Call = (method, path, body, fresh = false) =>
    once(method, path, body, fresh).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ECONNRESET' || fresh) throw err;
      retried += 1;
      return once(method, path, body, fresh);
    });
  const once: Call = (method, path, body, fresh = false) =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { authorization: `Bearer ${method === 'POST' ? ingestKey : key}`, ...(body && { 'content-type': 'application/json' }) };
      const options = { method, headers, ...(fresh ? (tls ? { agent: false as const, ca } : { agent: false as const }) : { agent }) };
      const req = (tls ? httpsRequest : httpRequest)(`${base}${path}`, options, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve(res.statusCode) : reject(new Error(`${method} ${path}: ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  return { call, close: () => agent.destroy() };
}

/** Runs `count` tasks, `inFlight` at a time; returns each one's duration in ms. */
async function pool(count: number, inFlight: number, task: (i: number) => Promise<unknown>): Promise<{ ms: number[]; seconds: number }> {
  const ms: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        ms.push(performance.now() - t);
      }
    }),
  );
  return { ms, seconds: (performance.now() - t0) / 1000 };
}

// Each batch writes new rows (the next 500 seconds of the live reading, from 10 days ago), so no
// batch is a no-op revision check.
let nextSecond = Math.floor(Date.now() / 1000) - 10 * 86_400;
function batch(): string {
  const observations = Array.from({ length: BATCH_ROWS }, (_, i) => ({ indicator: 'power_load', unit: 'VN', period: formatVnTimestamp((nextSecond + i) * 1000), value: 20_000 + i, source: 'bench-tls' }));
  nextSecond += BATCH_ROWS;
  return JSON.stringify({ observations });
}

interface Round {
  ingestBatchesPerS: number;
  queryPerS: number;
  queryMs: ReturnType<typeof summary>;
  freshConnectionMs: ReturnType<typeof summary>;
}

async function round(tls: boolean): Promise<Round> {
  const port = await freePort();
  const server = await startServer({ dataDir: data.dir, port, ...(tls && { ca, env: { TLS_CERT: join(pki, 'tls-cert.pem'), TLS_KEY: join(pki, 'tls-key.pem') } }) });
  const { call, close } = client(server.url, tls);
  try {
    const bodies = Array.from({ length: BATCHES }, () => batch());
    await pool(8, 4, (i) => call('POST', '/api/v1/observations', bodies[i])); // warm-up: JIT, connections
    const ingest = await pool(BATCHES - 8, 4, (i) => call('POST', '/api/v1/observations', bodies[i + 8]));
    const path = '/api/v1/series?indicator=cpi_yoy&unit=01&limit=120';
    await pool(50, 8, () => call('GET', path));
    const latency = await pool(QUERIES, 1, () => call('GET', path));
    const throughput = await pool(QUERIES, 8, () => call('GET', path));
    const fresh = await pool(Math.round(QUERIES / 4), 1, () => call('GET', path, undefined, true));
    return { ingestBatchesPerS: (BATCHES - 8) / ingest.seconds, queryPerS: QUERIES / throughput.seconds, queryMs: summary(latency.ms), freshConnectionMs: summary(fresh.ms) };
  } finally {
    close();
    await server.stop();
  }
}

/** The queried chart: ten years of a monthly indicator, posted once before the first round. */
async function seed(): Promise<void> {
  const port = await freePort();
  const server = await startServer({ dataDir: data.dir, port });
  const { call, close } = client(server.url, false);
  const observations = [];
  for (let y = 2016; y <= 2025; y++) for (let m = 1; m <= 12; m++) observations.push({ indicator: 'cpi_yoy', unit: '01', period: `${y}-${String(m).padStart(2, '0')}`, value: 2 + Math.sin(y * 12 + m), source: 'bench-tls' });
  await call('POST', '/api/v1/observations', JSON.stringify({ observations }));
  close();
  await server.stop();
}

await seed();
const rounds: Array<{ tls: boolean } & Round> = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const tls of [false, true]) {
    const result = await round(tls);
    rounds.push({ tls, ...result });
    console.log(`${tls ? 'https' : 'http '} round ${r + 1}: ingest ${result.ingestBatchesPerS.toFixed(1)} batches/s; queries ${result.queryPerS.toFixed(0)}/s, p50 ${result.queryMs.p50} ms, p95 ${result.queryMs.p95} ms; new connection each p50 ${result.freshConnectionMs.p50} ms`);
  }
}

// The median round of each kind: on a shared machine one round can meet another's burst.
const median = (tls: boolean, f: (r: Round) => number) => percentile(rounds.filter((r) => r.tls === tls).map(f), 50);
const measures: Record<string, (r: Round) => number> = {
  'ingest batches/s': (r) => r.ingestBatchesPerS,
  'queries/s (8 in flight)': (r) => r.queryPerS,
  'query p50 ms': (r) => r.queryMs.p50,
  'query p95 ms': (r) => r.queryMs.p95,
  'new connection p50 ms': (r) => r.freshConnectionMs.p50,
};
const table = Object.entries(measures).map(([name, f]) => {
  const plain = median(false, f);
  const tls = median(true, f);
  // Cost in the direction that hurts: less throughput, or more latency.
  const cost = name.includes('/s') ? 1 - tls / plain : tls / plain - 1;
  return { measure: name, plain: Math.round(plain * 10) / 10, tls: Math.round(tls * 10) / 10, cost: `${(cost * 100).toFixed(1)}%` };
});
console.table(table);
console.log(machine());
console.log(`requests sent again after a keep-alive race: ${retried}`);
console.log(`result: ${writeResult('tls', { machine: machine(), retried, rounds, table, batchRows: BATCH_ROWS, batches: BATCHES, queries: QUERIES })}`);
data.remove();
rmSync(pki, { recursive: true, force: true });
