// npm run bench:failover: repeated kills in the PostgreSQL cluster of `npm run cluster` (3 etcd
// members, 3 PostgreSQL 15 nodes under Patroni, synchronous replication) while one postgres.js
// writer inserts numbered rows on the multi-host URL. Per kind of kill: write unavailability (the
// last acknowledged write before the kill to the first acknowledged after it), p50/p95/max; and
// over the whole run, acknowledged writes lost and rows stored twice (both must be 0).
// Kinds: the primary's postgres process (kill -9; its Patroni lives), the whole primary node
// (Patroni and postgres, kill -9: a machine dying), one etcd member. Each killed part is started
// again and the cluster is whole (a leader, a sync standby, all nodes running) before the next kill.
// The database part of issue 15's bench; content-server kills come with the several-servers step.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { up } from '../cluster/cluster.js';
import { killEtcdMember, killPrimaryNode, killPrimaryPostgres, restartEtcdMember, restartNode, waitWhole } from '../cluster/faults.js';
import { TIMING } from '../cluster/patroni.js';
import { ProbeWriter, type Ack } from '../cluster/probe-writer.js';
import { down } from '../cluster/stop.js';
import { machine, percentile, writeResult } from './support.js';

const KILLS = {
  'primary postgres': Number(process.env.BENCH_PG_KILLS ?? 5),
  'primary node': Number(process.env.BENCH_NODE_KILLS ?? 3),
  'etcd member': Number(process.env.BENCH_ETCD_KILLS ?? 3),
};
type Kind = keyof typeof KILLS;
const WRITES_BETWEEN = 50;

interface Sample {
  kind: Kind;
  unavailableMs: number;
  from: string;
  to: string;
}

async function main(): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'ioc-failover-'));
  chmodSync(parent, 0o755); // PostgreSQL runs as the postgres user and must enter the folder
  const dir = join(parent, 'cluster');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const samples: Sample[] = [];
  let writer: ProbeWriter | null = null;
  try {
    const { state } = await up({ dir, servers: 0, progress: (l) => log(`cluster: ${l}`) });
    writer = new ProbeWriter(state.databaseUrl);
    await writer.start();
    for (const kind of Object.keys(KILLS) as Kind[]) {
      for (let i = 0; i < KILLS[kind]; i++) {
        const before = await waitWhole(dir);
        await writer.acknowledgedMore(WRITES_BETWEEN, 60_000);
        const fault = await kill(kind, dir);
        const first = await waitFirstAckSentAfter(writer, fault.at);
        await fault.restore();
        const after = await waitWhole(dir);
        // The longest gap between acknowledgements from the last one before the kill until the
        // cluster is whole: a killed postmaster's backends may still answer for a few ms, so the
        // first acknowledgement after the kill is not yet the end of the outage.
        const last = writer.lastAckBefore(fault.at);
        const unavailableMs = writer.longestGap(last?.at ?? fault.at, Date.now());
        samples.push({ kind, unavailableMs, from: before.leader.name, to: after.leader.name });
        log(`${kind} #${i + 1}: writes unavailable ${unavailableMs} ms (primary ${before.leader.name} -> ${after.leader.name}; writes on port ${last?.port} -> ${first.port}; ${fault.what})`);
      }
    }
    await writer.stop();
    const check = await writer.check();
    const result = {
      machine: machine(),
      loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
      timing: TIMING,
      kinds: (Object.keys(KILLS) as Kind[]).map((kind) => {
        const ms = samples.filter((s) => s.kind === kind).map((s) => s.unavailableMs);
        return { kind, n: ms.length, p50: percentile(ms, 50), p95: percentile(ms, 95), max: Math.max(...ms) };
      }),
      acknowledged: check.acknowledged,
      lost: check.lost.length,
      duplicated: check.duplicated.length,
      committedUnacknowledged: check.committedUnacknowledged,
      samples,
    };
    console.log(`\nbench:failover on ${result.machine} (load ${result.loadavg.join(' ')}); Patroni ttl ${TIMING.ttl} s, loop_wait ${TIMING.loop_wait} s, retry_timeout ${TIMING.retry_timeout} s`);
    console.log('| kill -9 of | kills | write unavailability p50 / p95 / max (ms) |');
    console.log('|---|---|---|');
    for (const k of result.kinds) console.log(`| ${k.kind} | ${k.n} | ${k.p50} / ${k.p95} / ${k.max} |`);
    console.log(`acknowledged writes: ${check.acknowledged}; lost: ${check.lost.length}; stored twice: ${check.duplicated.length}; committed but unacknowledged (answer lost in the kill): ${check.committedUnacknowledged}`);
    console.log(`written to ${writeResult('failover', result)}`);
    if (check.lost.length > 0 || check.duplicated.length > 0) process.exitCode = 1;
  } finally {
    await writer?.end().catch(() => undefined);
    await down(dir).catch((err: unknown) => log(`down: ${(err as Error).message}`));
    if (process.env.BENCH_KEEP) log(`kept ${dir}`);
    else rmSync(parent, { recursive: true, force: true });
  }
}

async function kill(kind: Kind, dir: string): Promise<{ at: number; what: string; restore: () => Promise<void> }> {
  if (kind === 'primary postgres') {
    // Patroni fails over to the sync standby and then starts this postgres again as a replica.
    const { node, pid, at } = await killPrimaryPostgres(dir);
    return { at, what: `killed postgres of ${node} (pid ${pid})`, restore: async () => undefined };
  }
  if (kind === 'primary node') {
    const { node, at } = await killPrimaryNode(dir);
    return { at, what: `killed node ${node}`, restore: async () => restartNode(dir, node) };
  }
  const { member, at } = killEtcdMember(dir, -1);
  return { at, what: `killed ${member}`, restore: () => restartEtcdMember(dir, member) };
}

async function waitFirstAckSentAfter(writer: ProbeWriter, t: number): Promise<Ack> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const a = writer.firstAckSentAfter(t);
    if (a) return a;
    if (Date.now() > deadline) throw new Error('writes were not accepted again within 120 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}

await main();
