// npm run bench:atrest: the cost of encryption at rest (DATA_KEY_FILE), plain vs encrypted.
// (1) Ingest through the store's batch path (the transaction ingest uses): rows per second.
// (2) Queries on that store (larger than SQLite's page cache, so pages are read and decrypted):
//     a chart's series (120 points) and the latest value of one indicator for 63 provinces,
//     in process: p50 / p95.
// (3) JSON ingest over HTTP, batches of 5,000 (parse, validate, store, audit, fan-out): rows/s.
// An encrypted store's connection keeps 64 MiB of decrypted pages (store/data-key.ts); a plain
// one keeps SQLite's default 2 MiB. So a third run, "plain64", gives the plain store the same
// cache (in process only: (1) and (2)), which isolates the cipher's own cost from the cache's.
// The runs alternate (ROUNDS of each) so that other load on a shared machine falls on all;
// each figure is the median of its rounds.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { Store, createServer } from '@ioc/content-server';
import { benchDataset } from './dataset.js';
import { machine, percentile, writeResult } from './support.js';

const YEARS = Number(process.env.BENCH_YEARS ?? 3);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 100);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const { catalog, indicators, provinces, months } = benchDataset({ years: YEARS, indicators: INDICATORS });

const root = mkdtempSync(join(tmpdir(), 'ioc-bench-atrest-'));
const keyFile = join(root, 'data.key');
writeFileSync(keyFile, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });

interface Run {
  storeRowsPerSecond: number;
  series: number[];
  latest: number[];
  httpRowsPerSecond: number;
}

type Mode = 'plain' | 'plain64' | 'encrypted';

async function run(mode: Mode, round: number): Promise<Run> {
  const dataKeyFile = mode === 'encrypted' ? keyFile : null;
  const dir = join(root, `${mode}-${round}`);
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const store = Store.open(dir, { dataKeyFile });
  if (mode === 'plain64') store.db.pragma('cache_size = -65536');
  let batch: Parameters<typeof store.observations.writeBatch>[0] = [];
  let rows = 0;
  const t0 = performance.now();
  for (const indicator of indicators) {
    for (const unit of provinces) {
      let v = 50 + rand() * 50;
      for (const m of months) {
        v *= 1 + (rand() - 0.48) * 0.05;
        batch.push({ indicator, unit, period: m.period, kind: 'month', start: m.start, end: m.end, value: Math.round(v * 100) / 100, synthetic: true, source: 'bench' });
        if (batch.length >= 10_000) {
          await store.observations.writeBatch(batch, null);
          rows += batch.length;
          batch = [];
        }
      }
    }
  }
  await store.observations.writeBatch(batch, null);
  rows += batch.length;
  const storeRowsPerSecond = rows / ((performance.now() - t0) / 1000);

  const series: number[] = [];
  const latest: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const indicator = indicators[Math.floor(rand() * indicators.length)]!;
    const unit = provinces[Math.floor(rand() * provinces.length)]!;
    let t = performance.now();
    await store.observations.series(indicator, unit, { limit: 120 });
    series.push(performance.now() - t);
    t = performance.now();
    await store.observations.latest(indicator, provinces, months[0]!.start);
    latest.push(performance.now() - t);
  }
  await store.close();
  if (mode === 'plain64') {
    rmSync(dir, { recursive: true, force: true });
    console.log(`${mode.padEnd(9)} round ${round}: store ${Math.round(storeRowsPerSecond)} rows/s, series p50 ${percentile(series, 50).toFixed(2)} ms, latest p50 ${percentile(latest, 50).toFixed(2)} ms`);
    return { storeRowsPerSecond, series, latest, httpRowsPerSecond: Number.NaN };
  }

  const server = await createServer({ port: 0, host: '127.0.0.1', dataDir: join(dir, 'http'), demo: false, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false, dataKeyFile });
  const { key } = await server.keys.create('bench-ingest', 'ingest', { synthetic: true });
  const monthly = catalog.indicators.filter((i) => i.periodicity === 'month' && i.levels.includes('P')).map((i) => i.id);
  const combos = months.filter((m) => m.period <= '2025-06').flatMap((m) => provinces.flatMap((unit) => monthly.map((indicator) => ({ indicator, unit, period: m.period }))));
  const BATCHES = Math.min(6, Math.floor(combos.length / 5000));
  const bodies = Array.from({ length: BATCHES }, (_, k) => JSON.stringify({ observations: combos.slice(k * 5000, (k + 1) * 5000).map((c, j) => ({ ...c, value: 100 + (j % 997) / 10, source: 'bench' })) }));
  const t1 = performance.now();
  for (const body of bodies) {
    const res = await fetch(`${server.url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body });
    if (res.status !== 200) throw new Error(`ingest: ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
  const httpRowsPerSecond = (BATCHES * 5000) / ((performance.now() - t1) / 1000);
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(`${mode.padEnd(9)} round ${round}: store ${Math.round(storeRowsPerSecond)} rows/s, series p50 ${percentile(series, 50).toFixed(2)} ms, latest p50 ${percentile(latest, 50).toFixed(2)} ms, HTTP ${Math.round(httpRowsPerSecond)} rows/s`);
  return { storeRowsPerSecond, series, latest, httpRowsPerSecond };
}

const runs: Record<Mode, Run[]> = { plain: [], plain64: [], encrypted: [] };
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of ['plain', 'plain64', 'encrypted'] as const) runs[mode].push(await run(mode, round));
}
rmSync(root, { recursive: true, force: true });

const median = (xs: number[]) => percentile(xs, 50);
const r1 = (x: number) => Math.round(x * 100) / 100;
function figures(rs: Run[]) {
  return {
    storeRowsPerSecond: Math.round(median(rs.map((r) => r.storeRowsPerSecond))),
    httpRowsPerSecond: Math.round(median(rs.map((r) => r.httpRowsPerSecond))),
    seriesMs: { p50: r1(median(rs.map((r) => percentile(r.series, 50)))), p95: r1(median(rs.map((r) => percentile(r.series, 95)))) },
    latestMs: { p50: r1(median(rs.map((r) => percentile(r.latest, 50)))), p95: r1(median(rs.map((r) => percentile(r.latest, 95)))) },
  };
}
const plain = figures(runs.plain);
const plain64 = figures(runs.plain64);
const encrypted = figures(runs.encrypted);
// Cost as a fraction: throughput lost, or latency added (negative: encrypted was faster).
function costAgainst(base: ReturnType<typeof figures>) {
  return {
    store: r1(1 - encrypted.storeRowsPerSecond / base.storeRowsPerSecond),
    ...(Number.isFinite(base.httpRowsPerSecond) && { http: r1(1 - encrypted.httpRowsPerSecond / base.httpRowsPerSecond) }),
    seriesP50: r1(encrypted.seriesMs.p50 / base.seriesMs.p50 - 1),
    seriesP95: r1(encrypted.seriesMs.p95 / base.seriesMs.p95 - 1),
    latestP50: r1(encrypted.latestMs.p50 / base.latestMs.p50 - 1),
    latestP95: r1(encrypted.latestMs.p95 / base.latestMs.p95 - 1),
  };
}
const cost = { asShipped: costAgainst(plain), sameCache: costAgainst(plain64) };
const rows = INDICATORS * 63 * months.length;
console.log(JSON.stringify({ rows, plain, plain64, encrypted, cost }, null, 1));
console.log(`written ${writeResult('atrest', { date: new Date().toISOString(), machine: machine(), rows, rounds: ROUNDS, plain, plain64, encrypted, cost })}`);
process.exit(0);
