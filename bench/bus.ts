// npm run bench:bus: how fast a message sent by one content server reaches the others on the
// PostgreSQL bus (content-server/src/cluster/pg-bus.ts), the evidence for choosing it over a
// socket.io adapter (docs/deployment.md). Two servers (two pools and two listeners, in this one
// process) on a throwaway PostgreSQL 15; server A sends at RATE messages/s for SECONDS, each in
// its own transaction with one row written (the shape of a committed batch); the time is from
// before the transaction starts to the delivery on A itself and on B. Also a body above the
// notification limit (stored, then fetched by each receiver).
import { performance } from 'node:perf_hooks';
import { PgBus } from '../content-server/src/cluster/pg-bus.js';
import { migratePostgres } from '../content-server/src/store/pg-migrate.js';
import { PostgresSql } from '../content-server/src/store/postgres-sql.js';
import { startPostgres } from '../tests/support/postgres.js';
import { machine, sleep, summary, writeResult } from './support.js';

const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

async function run(label: string, body: (i: number) => unknown, rate: number, seconds: number, a: PgBus, b: PgBus, poolA: PostgresSql) {
  const sentAt = new Map<number, number>();
  const committedAt = new Map<number, number>();
  const onA: number[] = [];
  const onB: number[] = [];
  /** Delivery on B measured from the commit's answer (what the bus adds to the commit). */
  const afterCommitB: number[] = [];
  const deliveredB = new Map<number, number>();
  const channel = `bench.${label}`;
  const offA = a.subscribe(channel, (m) => onA.push(performance.now() - sentAt.get((m.body as { i: number }).i)!));
  const offB = b.subscribe(channel, (m) => {
    const i = (m.body as { i: number }).i;
    deliveredB.set(i, performance.now());
    onB.push(performance.now() - sentAt.get(i)!);
  });
  const total = rate * seconds;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt.set(i, performance.now());
    pending.push(
      poolA.begin(async (tx) => {
        await tx.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', ['bench', String(i)]);
        await a.publish(channel, { i, ...(body(i) as object) }, tx);
      }).then(() => void committedAt.set(i, performance.now())),
    );
  }
  await Promise.all(pending);
  const deadline = performance.now() + 30_000;
  while ((onA.length < total || onB.length < total) && performance.now() < deadline) await sleep(20);
  offA();
  offB();
  // The notification may arrive before the sender's client has read its COMMIT's answer: that counts as 0.
  for (const [i, at] of deliveredB) afterCommitB.push(Math.max(0, at - committedAt.get(i)!));
  const r = { label, sent: total, rate, onA: summary(onA), onB: summary(onB), afterCommitB: summary(afterCommitB), lostA: total - onA.length, lostB: total - onB.length };
  console.log(`${label}: sent ${total} at ${rate}/s; ms from send, on A (sender) ${JSON.stringify(r.onA)}, on B ${JSON.stringify(r.onB)}; ms from commit to B ${JSON.stringify(r.afterCommitB)}; missing A ${r.lostA}, B ${r.lostB}`);
  return r;
}

const pg = await startPostgres();
const poolA = new PostgresSql(pg.url, { max: 10 });
const poolB = new PostgresSql(pg.url, { max: 10 });
await migratePostgres(poolA);
const a = await PgBus.start('server-a', poolA);
const b = await PgBus.start('server-b', poolB);
try {
  console.log(`machine: ${machine()}`);
  // A live batch of a few changed points (about 600 bytes of JSON).
  const points = Array.from({ length: 8 }, (_, k) => ({ topic: `series:cpi_yoy:${String(k).padStart(2, '0')}`, unit: String(k), period: '2026-10', value: 3.3 + k / 10 }));
  const results = [
    await run('batch', () => ({ points }), RATE, SECONDS, a, b, poolA),
    await run('stored-20KB', () => ({ blob: 'x'.repeat(20_000) }), 50, Math.min(SECONDS, 5), a, b, poolA),
  ];
  console.log(`result: ${writeResult('bus', { machine: machine(), results })}`);
} finally {
  await a.close();
  await b.close();
  await poolA.close();
  await poolB.close();
  await pg.stop();
}
