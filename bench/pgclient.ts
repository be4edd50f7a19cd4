// npm run bench:pgclient: node-postgres (`pg`) against postgres.js (`postgres`) on the center's
// own workloads, against a throwaway PostgreSQL 15 (tests/support/postgres.ts):
// (a) a batch of 10,000 observations in one transaction, half new keys and half changed values
//     (each keeps its old value as a revision row): rows/s, once as one statement per row (the
//     shape of observations-repo.ts today; a client may pipeline them) and once as one statement
//     over arrays (unnest);
// (b) a chart's series, 120 points of one indicator x unit by the series index: p50/p95/p99 over
//     2,000 queries;
// (c) the latest value of one indicator for the 63 provinces (one round trip): p50/p99.
// Both clients use one connection, prepared statements, and bigint parsed to Number (epoch
// milliseconds fit). Rounds alternate between the clients so that other load on the machine
// falls on both; each figure is the median of its rounds.
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import postgres from 'postgres';
import { startPostgres } from '../tests/support/postgres.js';
import { LATEST, SCHEMA, SERIES, UPSERT_BATCH, UPSERT_ONE, seed } from './pgclient-sql.js';
import { machine, percentile, writeResult } from './support.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = Number(process.env.BENCH_BATCH ?? 10_000);
const SERIES_QUERIES = Number(process.env.BENCH_QUERIES ?? 2000);
const LATEST_QUERIES = Number(process.env.BENCH_LATEST_QUERIES ?? 500);
const INDICATORS = Number(process.env.BENCH_INDICATORS ?? 50);

type Row = Record<string, unknown>;
interface Client {
  name: string;
  /** Whether statements may be sent before the previous one's answer (postgres.js pipelines; pg queues one at a time). */
  pipelines: boolean;
  query(text: string, params: unknown[]): Promise<Row[]>;
  /** Runs `fn` in one transaction on the client's one connection. */
  tx<T>(fn: (q: (text: string, params: unknown[]) => Promise<Row[]>) => Promise<T>): Promise<T>;
  end(): Promise<void>;
}

async function nodePostgres(url: string): Promise<Client> {
  const c = new pg.Client({ connectionString: url, types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser } });
  await c.connect();
  const names = new Map<string, string>();
  // A named statement is parsed and planned once per connection.
  const q = async (text: string, values: unknown[]) => {
    let name = names.get(text);
    if (name === undefined) names.set(text, (name = `s${names.size}`));
    return (await c.query({ name, text, values })).rows as Row[];
  };
  return {
    name: 'pg',
    pipelines: false,
    query: q,
    async tx(fn) {
      await c.query('BEGIN');
      try {
        const r = await fn(q);
        await c.query('COMMIT');
        return r;
      } catch (err) {
        await c.query('ROLLBACK');
        throw err;
      }
    },
    end: () => c.end(),
  };
}

function postgresJs(url: string): Client {
  const int8 = { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) };
  const sql = postgres(url, { max: 1, onnotice: () => {}, types: { int8 } });
  const q = (s: postgres.Sql | postgres.TransactionSql) => async (text: string, params: unknown[]) => [...(await s.unsafe(text, params as postgres.ParameterOrJSON<never>[], { prepare: true }))] as Row[];
  return {
    name: 'postgres',
    pipelines: true,
    query: q(sql),
    tx: async <T>(fn: (q: (text: string, params: unknown[]) => Promise<Row[]>) => Promise<T>) => (await sql.begin((t) => fn(q(t)))) as T,
    end: () => sql.end(),
  };
}

/** A deterministic sequence, the same for both clients. */
function rng(seed: number) {
  let s = seed;
  return (n: number) => ((s = (s * 1103515245 + 12345) % 2 ** 31), s % n);
}

const DAY = 86_400_000;
/** Keys [offset, offset + BATCH): unit k % 64, day k / 64; the first half were written by the previous round. */
function batch(offset: number, round: number) {
  const rows = Array.from({ length: BATCH }, (_, i) => {
    const k = offset + i;
    const day = Math.floor(k / 64);
    return ['ingest', `u${String(k % 64).padStart(2, '0')}`, `D${day}`, 'day', day * DAY, (day + 1) * DAY, round + i / BATCH, 0, 0, 'bench', null] as const;
  });
  return rows;
}

async function ingestPerRow(c: Client, offset: number, round: number): Promise<number> {
  const rows = batch(offset, round);
  const t0 = performance.now();
  const params = (r: (typeof rows)[number]) => [...r.slice(0, 10), null, Date.now(), null, null];
  await c.tx(async (q) => {
    if (c.pipelines) await Promise.all(rows.map((r) => q(UPSERT_ONE, params(r))));
    else for (const r of rows) await q(UPSERT_ONE, params(r));
  });
  return BATCH / ((performance.now() - t0) / 1000);
}

async function ingestBatch(c: Client, offset: number, round: number): Promise<number> {
  const rows = batch(offset, round);
  const t0 = performance.now();
  const columns = Array.from({ length: 11 }, (_, j) => rows.map((r) => r[j]));
  const changed = await c.tx((q) => q(UPSERT_BATCH, [...columns, null, Date.now(), null]));
  if (changed.length !== BATCH) throw new Error(`${c.name}: ${changed.length} rows changed of ${BATCH}`);
  return BATCH / ((performance.now() - t0) / 1000);
}

const MONTH0 = Date.UTC(2016, 0, 1);
const units = (n: number) => Array.from({ length: n }, (_, i) => `u${String(i + 1).padStart(2, '0')}`);

async function reads(c: Client, text: string, n: number, params: (pick: (n: number) => number) => unknown[], check: (rows: Row[]) => boolean): Promise<number[]> {
  const pick = rng(7);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = params(pick);
    const t0 = performance.now();
    const rows = await c.query(text, p);
    ms.push(performance.now() - t0);
    if (!check(rows)) throw new Error(`${c.name}: unexpected result ${JSON.stringify(rows[0])} (${rows.length} rows)`);
  }
  return ms;
}

const series = (c: Client) => reads(c, SERIES, SERIES_QUERIES, (pick) => [`ind${pick(INDICATORS) + 1}`, `u${String(pick(64)).padStart(2, '0')}`, MONTH0, Date.UTC(2026, 0, 1)],
  (rows) => rows.length === 120 && typeof rows[0]?.t === 'number');
const latest = (c: Client) => reads(c, LATEST, LATEST_QUERIES, (pick) => [`ind${pick(INDICATORS) + 1}`, units(63), MONTH0],
  (rows) => rows.length === 63 && typeof rows[0]?.t === 'number');

const median = (xs: number[]) => percentile(xs, 50);
const r1 = (x: number) => Math.round(x * 100) / 100;

const server = await startPostgres();
try {
  const load0 = loadavg()[0]!;
  const setup = new pg.Client({ connectionString: server.url });
  await setup.connect();
  await setup.query(SCHEMA);
  await setup.query(seed(INDICATORS));
  await setup.end();
  const clients = [await nodePostgres(server.url), postgresJs(server.url)];
  const runs = new Map(clients.map((c) => [c.name, { perRow: [] as number[], batch: [] as number[], series: [] as Record<string, number>[], latest: [] as Record<string, number>[] }]));
  let offset = 0;
  // A first write of fresh keys and a first pass of reads warm both clients and the server's cache.
  for (const c of clients) {
    await ingestBatch(c, (offset += BATCH), 0);
    await series(c);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of round % 2 === 1 ? clients : [...clients].reverse()) {
      const run = runs.get(c.name)!;
      run.perRow.push(await ingestPerRow(c, (offset += BATCH / 2), round));
      run.batch.push(await ingestBatch(c, (offset += BATCH / 2), round));
      const s = await series(c);
      run.series.push({ p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99) });
      const l = await latest(c);
      run.latest.push({ p50: percentile(l, 50), p99: percentile(l, 99) });
      console.error(`round ${round} ${c.name}: per-row ${Math.round(run.perRow.at(-1)!)} rows/s, batch ${Math.round(run.batch.at(-1)!)} rows/s, series p50 ${r1(s.length && percentile(s, 50))} ms, latest p50 ${r1(percentile(l, 50))} ms`);
    }
  }
  for (const c of clients) await c.end();
  // Every measured write replaced BATCH / 2 values: each left exactly that many revision rows.
  const check = new pg.Client({ connectionString: server.url });
  await check.connect();
  const revisions = Number((await check.query('SELECT count(*) AS n FROM observation_revisions')).rows[0].n);
  await check.end();
  if (revisions !== ROUNDS * clients.length * 2 * (BATCH / 2)) throw new Error(`${revisions} revision rows, expected ${ROUNDS * clients.length * BATCH}`);
  const result = {
    machine: machine(),
    loadBefore: load0,
    loadAfter: loadavg()[0],
    rounds: ROUNDS,
    batch: BATCH,
    dataset: `${INDICATORS} indicators x 64 units x 120 months`,
    clients: Object.fromEntries([...runs].map(([name, r]) => [name, {
      perRowRowsPerSecond: Math.round(median(r.perRow)),
      batchRowsPerSecond: Math.round(median(r.batch)),
      seriesMs: { p50: r1(median(r.series.map((x) => x.p50!))), p95: r1(median(r.series.map((x) => x.p95!))), p99: r1(median(r.series.map((x) => x.p99!))) },
      latestMs: { p50: r1(median(r.latest.map((x) => x.p50!))), p99: r1(median(r.latest.map((x) => x.p99!))) },
      raw: r,
    }])),
  };
  console.log(JSON.stringify({ ...result, clients: Object.fromEntries(Object.entries(result.clients).map(([k, v]) => [k, { ...v, raw: undefined }])) }, null, 2));
  console.error(`written to ${writeResult('pgclient', result)}`);
} finally {
  await server.stop();
}
