// npm run bench:failover: repeated kills in the whole center of `npm run cluster` (2 content
// servers; 3 etcd members; 3 PostgreSQL 15 nodes under Patroni, synchronous replication) under
// load: the center's users (cluster/center-probe.ts: 4 wall pages split across the servers, a
// source posting one observation every 100 ms, an operator changing the scene every second, each
// moving to the other server when theirs fails) and one postgres.js writer inserting numbered rows
// on the multi-host URL. Per kind of kill, p50/p95/max of:
// - wall blackout: on each page, the longest time without a new value from the last value before
//   the kill until the center is whole and every page shows the last acknowledged value and scene;
// - ingest unavailability: the same for the source's acknowledgements;
// - write unavailability: the same for the database writer's acknowledgements;
// - commands: how many failed (never acknowledged within 30 s), the slowest, and how many took over 1 s;
// and over the whole run, acknowledged observations, commands and writes lost or stored twice
// (all must be 0) and `ops audit verify`.
// Kinds: a content server (the one holding most pages; started again as systemd would), a
// content server frozen (SIGSTOP: a machine gone without a word; let go once the center caught up), the
// primary's postgres process (its Patroni lives), the whole primary node (Patroni and postgres: a
// machine dying; started again only once the center has failed over), one etcd member. Each
// killed part is started again and the center is whole before the next kill.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CenterProbe } from '../cluster/center-probe.js';
import { readState, up } from '../cluster/cluster.js';
import { freezeServer, killEtcdMember, killPrimaryNode, killPrimaryPostgres, killServer, restartEtcdMember, restartNode, restartServer, thawServer, waitWhole } from '../cluster/faults.js';
import { TIMING } from '../cluster/patroni.js';
import { ProbeWriter } from '../cluster/probe-writer.js';
import { down } from '../cluster/stop.js';
import { machine, percentile, writeResult } from './support.js';

const KILLS = {
  'content server': Number(process.env.BENCH_SERVER_KILLS ?? 5),
  'content server frozen': Number(process.env.BENCH_FREEZES ?? 3),
  'primary postgres': Number(process.env.BENCH_PG_KILLS ?? 5),
  'primary node': Number(process.env.BENCH_NODE_KILLS ?? 3),
  'etcd member': Number(process.env.BENCH_ETCD_KILLS ?? 3),
};
type Kind = keyof typeof KILLS;
/** Quiet time between kills: the center under load as usual. */
const SETTLE_MS = 5000;
const DELAYED_MS = 1000;

interface Sample {
  kind: Kind;
  /** Per page: the longest time without a new value (ms). */
  blackoutMs: number[];
  /** Pages that moved to another server during this kill. */
  moved: number;
  ingestMs: number;
  writeMs: number;
  /** From the last value before the kill until the center caught up (commands are judged over it once they all ended). */
  window: { from: number; to: number };
  commands?: { sent: number; failed: number; slowestMs: number; delayed: number };
  what: string;
}

/** The longest time between two of `times` (sorted) within [from, to], counting from `from` and up to `to`. */
function longestGap(times: readonly number[], from: number, to: number): number {
  let longest = 0;
  let prev = from;
  for (const t of times) {
    if (t < from) continue;
    if (t > to) break;
    longest = Math.max(longest, t - prev);
    prev = t;
  }
  return Math.max(longest, to - prev);
}

const stats = (xs: number[]) => (xs.length ? { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), max: Math.max(...xs) } : { n: 0, p50: 0, p95: 0, max: 0 });

async function main(): Promise<void> {
  const parent = mkdtempSync(join(tmpdir(), 'ioc-failover-'));
  chmodSync(parent, 0o755); // PostgreSQL runs as the postgres user and must enter the folder
  const dir = join(parent, 'cluster');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const samples: Sample[] = [];
  let writer: ProbeWriter | null = null;
  let probe: CenterProbe | null = null;
  try {
    const { state } = await up({ dir, servers: 2, progress: (l) => log(`cluster: ${l}`) });
    writer = new ProbeWriter(state.databaseUrl);
    await writer.start();
    probe = await CenterProbe.start(state);
    await probe.caughtUp(0, 60_000);
    for (const kind of Object.keys(KILLS) as Kind[]) {
      for (let i = 0; i < KILLS[kind]; i++) {
        await waitWhole(dir);
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        const origins = probe.walls.map((w) => w.origin);
        const moves = probe.walls.map((w) => w.moves.length);
        const fault = await kill(kind, dir, probe);
        await fault.restore();
        const end = await probe.caughtUp(fault.at, 120_000).finally(() => fault.after?.());
        await waitWhole(dir);
        const lastSeenBefore = (times: number[]) => times.filter((t) => t <= fault.at).at(-1) ?? fault.at;
        const blackoutMs = probe.walls.map((w) => {
          const times = w.seen.map((x) => x.at);
          return longestGap(times, lastSeenBefore(times), end);
        });
        const ingestTimes = probe.ingestAcks.map((a) => a.at);
        const writeTimes = writer.acks.map((a) => a.at);
        const sample: Sample = {
          kind,
          blackoutMs,
          moved: probe.walls.filter((w, j) => w.moves.length > moves[j]! || w.origin !== origins[j]).length,
          ingestMs: longestGap(ingestTimes, lastSeenBefore(ingestTimes), end),
          writeMs: longestGap(writeTimes, lastSeenBefore(writeTimes), end),
          window: { from: lastSeenBefore(ingestTimes), to: end },
          what: fault.what,
        };
        samples.push(sample);
        log(`${kind} #${i + 1} (${fault.what}): wall blackout ${blackoutMs.join('/')} ms (${sample.moved} pages moved); ingest unavailable ${sample.ingestMs} ms; writes ${sample.writeMs} ms`);
      }
    }
    await writer.stop();
    await probe.stop();
    // Every command has ended now (acknowledged, or given up after 30 s): those sent in each window.
    for (const sample of samples) {
      const sent = probe.commands.filter((c) => c.sent >= sample.window.from && c.sent <= sample.window.to);
      const latency = sent.filter((c) => c.at !== null).map((c) => c.at! - c.sent);
      sample.commands = { sent: sent.length, failed: sent.filter((c) => c.at === null).length, slowestMs: latency.length ? Math.max(...latency) : 0, delayed: latency.filter((ms) => ms > DELAYED_MS).length };
    }
    const db = await writer.check();
    const center = await probe.check();
    const result = {
      machine: machine(),
      loadavg: loadavg().map((x) => Math.round(x * 100) / 100),
      timing: TIMING,
      kinds: (Object.keys(KILLS) as Kind[]).map((kind) => {
        const of = samples.filter((s) => s.kind === kind);
        return {
          kind,
          kills: of.length,
          wallBlackoutMs: stats(of.flatMap((s) => s.blackoutMs)),
          pagesMoved: of.reduce((sum, s) => sum + s.moved, 0),
          ingestUnavailableMs: stats(of.map((s) => s.ingestMs)),
          writeUnavailableMs: stats(of.map((s) => s.writeMs)),
          commands: { sent: of.reduce((n, s) => n + s.commands!.sent, 0), failed: of.reduce((n, s) => n + s.commands!.failed, 0), delayed: of.reduce((n, s) => n + s.commands!.delayed, 0), slowestMs: Math.max(0, ...of.map((s) => s.commands!.slowestMs)) },
        };
      }),
      observations: { acknowledged: center.observations.acknowledged, lost: center.observations.lost.length, duplicated: center.observations.duplicated.length },
      commands: { acknowledged: center.commands.acknowledged, failed: center.commands.failed.length, lost: center.commands.lost.length, duplicated: center.commands.duplicated.length },
      writes: { acknowledged: db.acknowledged, lost: db.lost.length, duplicated: db.duplicated.length, committedUnacknowledged: db.committedUnacknowledged },
      auditVerifies: center.audit.ok,
      samples,
    };
    console.log(`\nbench:failover on ${result.machine} (load ${result.loadavg.join(' ')}); Patroni ttl ${TIMING.ttl} s, loop_wait ${TIMING.loop_wait} s, retry_timeout ${TIMING.retry_timeout} s`);
    console.log('| kill -9 of | kills | wall blackout p50 / p95 / max (ms, per page) | pages moved | ingest unavailable p50 / p95 / max (ms) | writes unavailable p50 / p95 / max (ms) | commands sent / failed / over 1 s, slowest (ms) |');
    console.log('|---|---|---|---|---|---|---|');
    const f = (x: { p50: number; p95: number; max: number }) => `${x.p50} / ${x.p95} / ${x.max}`;
    for (const k of result.kinds) console.log(`| ${k.kind} | ${k.kills} | ${f(k.wallBlackoutMs)} | ${k.pagesMoved} | ${f(k.ingestUnavailableMs)} | ${f(k.writeUnavailableMs)} | ${k.commands.sent} / ${k.commands.failed} / ${k.commands.delayed}, ${k.commands.slowestMs} |`);
    console.log(`observations acknowledged: ${result.observations.acknowledged}; lost: ${result.observations.lost}; stored twice: ${result.observations.duplicated}`);
    console.log(`commands acknowledged: ${result.commands.acknowledged}; failed: ${result.commands.failed}; lost: ${result.commands.lost}; executed twice: ${result.commands.duplicated}`);
    console.log(`database writes acknowledged: ${db.acknowledged}; lost: ${db.lost.length}; stored twice: ${db.duplicated.length}; committed but unacknowledged (answer lost in the kill): ${db.committedUnacknowledged}`);
    console.log(`audit chain: ${center.audit.ok ? 'verifies' : `DOES NOT VERIFY: ${center.audit.output}`}`);
    console.log(`written to ${writeResult('failover', result)}`);
    if (db.lost.length + db.duplicated.length + center.observations.lost.length + center.observations.duplicated.length + center.commands.lost.length + center.commands.duplicated.length > 0 || !center.audit.ok) process.exitCode = 1;
  } finally {
    await writer?.end().catch(() => undefined);
    await probe?.stop().catch(() => undefined);
    await down(dir).catch((err: unknown) => log(`down: ${(err as Error).message}`));
    if (process.env.BENCH_KEEP) log(`kept ${dir}`);
    else rmSync(parent, { recursive: true, force: true });
  }
}

/** `restore` runs right after the kill (a supervisor's restart); `after`, once the center caught up. */
async function kill(kind: Kind, dir: string, probe: CenterProbe): Promise<{ at: number; what: string; restore: () => Promise<void>; after?: () => void }> {
  if (kind === 'content server' || kind === 'content server frozen') {
    // The server holding most pages: killed and started again by its supervisor, or frozen
    // (SIGSTOP: no reset reaches anyone, as when a machine loses power) until the center caught up.
    const { server: victim, pages } = probe.busiest(readState(dir)!.servers);
    const holding = `holding ${pages} of ${probe.walls.length} pages`;
    if (kind === 'content server frozen') {
      const { pid, at } = freezeServer(dir, victim.name);
      return { at, what: `froze ${victim.name} (pid ${pid}) ${holding}`, restore: async () => undefined, after: () => thawServer(dir, victim.name) };
    }
    const { pid, at } = await killServer(dir, victim.name);
    return { at, what: `killed ${victim.name} (pid ${pid}) ${holding}`, restore: () => restartServer(dir, victim.name) };
  }
  if (kind === 'primary postgres') {
    // Patroni fails over to the sync standby and then starts this postgres again as a replica.
    const { node, pid, at } = await killPrimaryPostgres(dir);
    return { at, what: `killed postgres of ${node} (pid ${pid})`, restore: async () => undefined };
  }
  if (kind === 'primary node') {
    // The machine stays dead until the center has failed over: started again at once, its
    // Patroni would find its own leader key still there and take the primary back.
    const { node, at } = await killPrimaryNode(dir);
    return { at, what: `killed node ${node}`, restore: async () => undefined, after: () => restartNode(dir, node) };
  }
  const { member, at } = killEtcdMember(dir, -1);
  return { at, what: `killed ${member}`, restore: () => restartEtcdMember(dir, member) };
}

await main();
