// npm run bench:floods: /healthz latency while the server is flooded, against idle.
//
// The built server runs as `npm start` runs it (a child process, the default flood limits);
// this process is the attacker. For each flood, `CONCURRENCY` clients send as fast as the
// answers come for `SECONDS`, while one more client asks /healthz in a loop (each probe after
// the previous answer) and records how long each took. Floods: logins (a wrong password, one
// address), commands (one operator, an unknown device: refused before any device work),
// socket events (one console socket), pairing requests (new wall sockets), expensive reads
// (forecasts, one viewer key), and ingest (an ingest key posting 50 observations a batch: not
// rate-limited, the cost of real work). Each row also gives how many requests the flood made
// and how many were refused (429 or a rate_limited ack).
import { performance } from 'node:perf_hooks';
import { CONSOLE_NAMESPACE, PROTOCOL_VERSION, WALL_NAMESPACE } from '@ioc/protocol';
import { io, type Socket } from 'socket.io-client';
import { createApiKey, freePort, startServer, tempDataDir } from '../tests/support/server.js';
import { machine, sleep, summary, writeResult } from './support.js';

const SECONDS = Number(process.env.BENCH_FLOOD_SECONDS ?? 10);
const CONCURRENCY = Number(process.env.BENCH_FLOOD_CONCURRENCY ?? 20);

const data = tempDataDir();
const keys = { operator: createApiKey(data.dir, 'bench-operator', 'operator'), ingest: createApiKey(data.dir, 'bench-ingest', 'ingest'), admin: createApiKey(data.dir, 'bench-admin', 'admin') };
const server = await startServer({ dataDir: data.dir, port: await freePort() });
const url = server.url;

type Outcome = 'ok' | 'refused' | 'other';
const json = (path: string, token: string | null, body: unknown) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });
const statusOf = async (res: Response): Promise<Outcome> => {
  await res.arrayBuffer();
  return res.status === 429 ? 'refused' : res.status < 400 ? 'ok' : 'other';
};

/** Probes /healthz back to back until `stop`; returns each latency in ms. */
async function probe(stop: () => boolean): Promise<number[]> {
  const out: number[] = [];
  while (!stop()) {
    const t0 = performance.now();
    const res = await fetch(`${url}/healthz`);
    await res.arrayBuffer();
    out.push(performance.now() - t0);
    await sleep(20);
  }
  return out;
}

async function run(name: string, one: ((i: number) => Promise<Outcome>) | null) {
  let stop = false;
  const counts = { sent: 0, refused: 0, other: 0 };
  const health = probe(() => stop);
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: one ? CONCURRENCY : 0 }, async () => {
      while (Date.now() < end) {
        const outcome = await one!(counts.sent++);
        if (outcome === 'refused') counts.refused++;
        if (outcome === 'other') counts.other++;
      }
    }),
  );
  if (!one) await sleep(SECONDS * 1000);
  stop = true;
  const latencies = await health;
  const row = { flood: name, ...counts, health: summary(latencies) };
  console.log(`${name.padEnd(16)} sent ${String(counts.sent).padStart(6)}  refused ${String(counts.refused).padStart(6)}  health p50 ${row.health.p50} p95 ${row.health.p95} p99 ${row.health.p99} max ${row.health.max} ms (n ${row.health.n})`);
  return row;
}

const consoleSocket = io(`${url}${CONSOLE_NAMESPACE}`, { auth: { token: keys.operator }, transports: ['websocket'], reconnection: false });
await new Promise<void>((resolve, reject) => consoleSocket.once('connect', resolve).once('connect_error', reject));
const wallSockets: Socket[] = [];
const observations = (i: number) => ({
  observations: Array.from({ length: 50 }, (_, k) => ({ indicator: 'cpi_yoy', unit: 'VN', period: `20${String(10 + (k % 15)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}`, value: (i + k) % 10, source: 'bench', synthetic: true })),
});

const rows = [
  await run('idle', null),
  await run('logins', async (i) => statusOf(await json('/api/v1/auth/login', null, { username: 'nobody', password: `guess-${i}` }))),
  await run('commands', async (i) => statusOf(await json('/api/v1/commands', keys.operator, { clientId: `bench-${i}-${Date.now()}`, name: 'display.volume', args: { device: 'nowhere', level: 1 } }))),
  await run('socket events', async () => {
    const r = (await consoleSocket.timeout(10_000).emitWithAck('commands:failed', { limit: 1 })) as { ok: boolean; error?: { code: string } };
    return r.ok ? 'ok' : r.error?.code === 'rate_limited' ? 'refused' : 'other';
  }),
  await run('pairing', async () => {
    const s = io(`${url}${WALL_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false });
    wallSockets.push(s);
    const r = (await s.timeout(10_000).emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION })) as { ok: boolean; error?: string };
    s.disconnect();
    return r.ok ? 'ok' : /Too many requests/.test(r.error ?? '') ? 'refused' : 'other';
  }),
  await run('expensive reads', async () => statusOf(await fetch(`${url}/api/v1/forecast?indicator=cpi_yoy&unit=VN&horizon=8`, { headers: { authorization: `Bearer ${keys.admin}` } }))),
  await run('ingest', async (i) => statusOf(await json('/api/v1/observations', keys.ingest, observations(i)))),
];

consoleSocket.disconnect();
for (const s of wallSockets) s.disconnect();
await server.stop();
data.remove();
const file = writeResult('floods', { machine: machine(), seconds: SECONDS, concurrency: CONCURRENCY, at: new Date().toISOString(), rows });
console.log(`\n${machine()}; results in ${file}`);
