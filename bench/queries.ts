// npm run bench:queries: the store after ten years of data, and ingest throughput.
// (1) Ten years, monthly, 200 indicators x 63 provinces (1,512,000 rows) plus 5 daily national
//     series (18,250 rows), written through the store's batch path (ObservationsRepo.writeBatch:
//     the same transaction ingest uses, with its revision check per row): rows per second.
//     34 of the 200 indicators are the catalog's real ids, so the HTTP routes can query them.
// (2) Queries on that store: a chart's series (the last 120 points of one indicator x unit)
//     and the latest value of one indicator for all 63 units (maps, rankings), in process and
//     through GET /api/v1/series on a server opened on the same data.
// (3) JSON and CSV ingest over HTTP, batches (files) of 5,000 observations: rows per second
//     end to end (parse, validate, store, audit, fan-out, warnings), and the CPU spent;
//     BENCH_INGEST_ROUNDS rounds (default 1), the median reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parsePeriod } from '@ioc/protocol';
import { pino } from 'pino';
import { Store, createServer } from '@ioc/content-server';
import { benchDataset } from './dataset.js';
import { machine, summary, writeResult } from './support.js';

const YEARS = Number(process.env.BENCH_YEARS ?? 10);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 200);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000);
/** Rounds of (3), JSON then CSV each, alternating; the median is reported (a shared machine's load comes and goes). */
const INGEST_ROUNDS = Math.max(1, Number(process.env.BENCH_INGEST_ROUNDS ?? 1));

const lastYear = 2025;
const { catalog, indicators, provinces, months } = benchDataset({ years: YEARS, indicators: INDICATORS, lastYear });
const real = catalog.indicators.map((i) => i.id);

const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-queries-'));
const store = Store.open(dir);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

// ---- (1) ten years through the batch path -----------------------------------------------------
const BATCH = 10_000;
let batch: Parameters<typeof store.observations.writeBatch>[0] = [];
let rows = 0;
const t0 = performance.now();
const flush = async () => {
  if (batch.length === 0) return;
  await store.observations.writeBatch(batch, null);
  rows += batch.length;
  batch = [];
};
for (const indicator of indicators) {
  for (const unit of provinces) {
    let v = 50 + rand() * 50;
    for (const m of months) {
      v *= 1 + (rand() - 0.48) * 0.05;
      batch.push({ indicator, unit, period: m.period, kind: 'month', start: m.start, end: m.end, value: Math.round(v * 100) / 100, synthetic: true, source: 'bench' });
      if (batch.length >= BATCH) await flush();
    }
  }
}
for (const indicator of indicators.slice(0, 5)) {
  const first = Date.UTC(lastYear - YEARS + 1, 0, 1);
  for (let d = 0; d < 365 * YEARS; d++) {
    const day = new Date(first + d * 86_400_000).toISOString().slice(0, 10);
    const p = parsePeriod(day)!;
    batch.push({ indicator, unit: 'VN', period: day, kind: p.kind, start: p.start, end: p.end, value: rand() * 100, synthetic: true, source: 'bench' });
    if (batch.length >= BATCH) await flush();
  }
}
await flush();
const loadS = (performance.now() - t0) / 1000;
console.log(`stored ${rows.toLocaleString('en')} rows in ${loadS.toFixed(1)} s: ${Math.round(rows / loadS).toLocaleString('en')} rows/s (batches of ${BATCH})`);

// ---- (2) queries -------------------------------------------------------------------------------
const seriesLat: number[] = [];
const latestLat: number[] = [];
const minEnd = months[0]!.start;
for (let i = 0; i < QUERIES; i++) {
  const indicator = indicators[Math.floor(rand() * indicators.length)]!;
  const unit = provinces[Math.floor(rand() * provinces.length)]!;
  let t = performance.now();
  const s = await store.observations.series(indicator, unit, { limit: 120 });
  seriesLat.push(performance.now() - t);
  if (s.length !== 120) throw new Error(`series ${indicator}/${unit}: ${s.length} points`);
  t = performance.now();
  const l = await store.observations.latest(indicator, provinces, minEnd);
  latestLat.push(performance.now() - t);
  if (l.length !== 63) throw new Error(`latest ${indicator}: ${l.length} units`);
}
await store.close();

const server = await createServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false });
const readerKey = (await server.keys.create('bench-reader', 'reader')).key;
const httpLat: number[] = [];
const httpIndicators = real.filter((id) => catalog.indicators.find((i) => i.id === id)?.levels.includes('P'));
for (let i = 0; i < Math.min(QUERIES, 1000); i++) {
  const indicator = httpIndicators[Math.floor(rand() * httpIndicators.length)]!;
  const unit = provinces[Math.floor(rand() * provinces.length)]!;
  const t = performance.now();
  const res = await fetch(`${server.url}/api/v1/series?indicator=${indicator}&unit=${unit}&limit=120&vintage=2008`, { headers: { authorization: `Bearer ${readerKey}` } });
  const body = (await res.json()) as { points?: unknown[] };
  httpLat.push(performance.now() - t);
  if (res.status !== 200 || !body.points?.length) throw new Error(`GET series ${indicator}/${unit}: ${res.status}`);
}

// ---- (3) JSON and CSV ingest over HTTP, each round into empty stores -----------------------------
await server.close();
const ingestIndicators = catalog.indicators.filter((i) => i.periodicity === 'month' && i.levels.includes('P')).map((i) => i.id);
// Every (indicator, province, month) once: the 63 provinces, January 2016 to June 2025.
const combos: Array<{ indicator: string; unit: string; period: string }> = [];
for (const m of months.filter((x) => x.period <= '2025-06')) for (const unit of provinces) for (const indicator of ingestIndicators) combos.push({ indicator, unit, period: m.period });
const BATCHES = Math.min(10, Math.floor(combos.length / 5000));
const bodies = Array.from({ length: BATCHES }, (_, k) =>
  JSON.stringify({ observations: combos.slice(k * 5000, (k + 1) * 5000).map((c, j) => ({ ...c, value: 100 + ((k * 5000 + j) % 997) / 10, source: 'bench' })) }),
);
// The same rows as CSV files of 5,000 rows.
const csvBodies = Array.from({ length: BATCHES }, (_, k) =>
  ['indicator,unit,period,value,source', ...combos.slice(k * 5000, (k + 1) * 5000).map((c, j) => `${c.indicator},${c.unit},${c.period},${100 + ((k * 5000 + j) % 997) / 10},bench`)].join('\r\n'),
);
const ingested = BATCHES * 5000;

/**
 * Posts every body to a fresh server on an empty store: rows per second from the first request to
 * the last answer, and the CPU this process (client and server) spent meanwhile, which other
 * load on a shared machine disturbs far less than the wall time.
 */
async function ingestRound(type: string, all: string[]): Promise<{ rowsPerSecond: number; cpuMs: number }> {
  const ingestDir = mkdtempSync(join(tmpdir(), 'ioc-bench-ingest-'));
  const fresh = await createServer({ port: 0, host: '127.0.0.1', dataDir: ingestDir, demo: false, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false });
  const { key } = await fresh.keys.create('bench-ingest', 'ingest', { synthetic: true });
  const cpu = process.cpuUsage();
  const t = performance.now();
  for (const b of all) {
    const res = await fetch(`${fresh.url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${key}` }, body: b });
    if (res.status !== 200) throw new Error(`ingest (${type}): ${res.status} ${(await res.text()).slice(0, 300)}`);
  }
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  await fresh.close();
  rmSync(ingestDir, { recursive: true, force: true });
  return { rowsPerSecond: Math.round(ingested / seconds), cpuMs: Math.round((used.user + used.system) / 1000) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const jsonRounds: Array<{ rowsPerSecond: number; cpuMs: number }> = [];
const csvRounds: Array<{ rowsPerSecond: number; cpuMs: number }> = [];
for (let r = 0; r < INGEST_ROUNDS; r++) {
  jsonRounds.push(await ingestRound('application/json', bodies));
  csvRounds.push(await ingestRound('text/csv', csvBodies));
}
const ingestSummary = (rounds: typeof jsonRounds) => ({
  rows: ingested,
  rowsPerSecond: median(rounds.map((r) => r.rowsPerSecond)),
  cpuMs: median(rounds.map((r) => r.cpuMs)),
  ...(rounds.length > 1 && { rounds }),
});
rmSync(dir, { recursive: true, force: true });

const result = {
  store: { rows, seconds: Math.round(loadS * 10) / 10, rowsPerSecond: Math.round(rows / loadS) },
  seriesInProcess: summary(seriesLat),
  latestAllUnitsInProcess: summary(latestLat),
  seriesOverHttp: summary(httpLat),
  ingestJsonOverHttp: ingestSummary(jsonRounds),
  ingestCsvOverHttp: ingestSummary(csvRounds),
};
console.log('series (120 points of one indicator x province), in process, ms', result.seriesInProcess);
console.log('latest value of one indicator for all 63 provinces, in process, ms', result.latestAllUnitsInProcess);
console.log('GET /api/v1/series?limit=120&vintage=2008 on the ten-year store, ms', result.seriesOverHttp);
const each = (rounds: typeof jsonRounds) => (rounds.length > 1 ? ` (median of ${rounds.length} rounds: ${rounds.map((r) => r.rowsPerSecond.toLocaleString('en')).join(', ')})` : '');
console.log(`JSON ingest over HTTP: ${ingested.toLocaleString('en')} rows: ${result.ingestJsonOverHttp.rowsPerSecond.toLocaleString('en')} rows/s${each(jsonRounds)}, CPU ${result.ingestJsonOverHttp.cpuMs} ms`);
console.log(`CSV ingest over HTTP: ${ingested.toLocaleString('en')} rows: ${result.ingestCsvOverHttp.rowsPerSecond.toLocaleString('en')} rows/s${each(csvRounds)}, CPU ${result.ingestCsvOverHttp.cpuMs} ms`);
console.log(`written ${writeResult('queries', { date: new Date().toISOString(), machine: machine(), ...result })}`);
process.exit(0);
