// npm run bench:load: two content servers under a center's load, against the documents' limits.
//
// Two content servers of one center (a throwaway PostgreSQL, `prepareCenter(2)`, each server a
// child process started as `npm start` does, with CLUSTER_URLS naming both and the bench's
// RATE_LIMITS) on this machine, and in this process:
//  - 64 simulated wall pages (cluster/sim-wall.ts: the renderer's socket logic without pixels),
//    32 on each server, half of each on display d1 and half on d2 of the `main` wall (two
//    device tokens from `ops wall-device enroll --token`), each subscribed to
//    series:cpi_yoy:VN and recording when each new value of its 2020-01 point arrives;
//  - 20 consoles (socket.io on the console namespace, one operator API key), 10 on each server,
//    counting the `console:state` pushes they receive; each sends one `wall.scene.show` every
//    10 s (the 20 staggered 0.5 s apart: 2 scene changes a second on the wall, alternating
//    'overview' and 'economy'), through its socket, and records the ack;
//  - a source posting 10 POST /api/v1/observations a second, each a batch of 100 cpi_yoy
//    values (1,000 values/s), alternating between the servers. Requests leave on a fixed
//    100 ms schedule whatever the answers (a slow answer does not slow the rate). Each batch
//    revises series cpi_yoy:VN 2020-01 with a value naming the batch (3 + (n + 1) / 10,000)
//    and 99 provincial points (the 63 pre-2025 provinces x 2020-01..2024-12, taken in turn,
//    values between 1 and 4.5 that shift a little each pass). Before the run every point is
//    posted once, so the run revises existing points only.
// The first BENCH_WARMUP seconds (default 5) of that load are a warm-up; the next BENCH_SECONDS
// (default 60) are measured:
//  - CPU and memory of each server: /proc/<pid>/stat (utime + stime) and /proc/<pid>/status
//    (VmRSS) read every second. CPU % = CPU seconds used in the second / wall seconds / the
//    machine's processors (os.cpus().length) x 100, so 100% is every processor busy; the limit
//    is 40%. Memory % = VmRSS / os.totalmem(); the limit is 50%. Reported: mean and max of the
//    1 s CPU samples, max RSS. The same CPU figure for the throwaway PostgreSQL (the postmaster
//    and its children, summed; informational), for this process (the load generator:
//    process.cpuUsage, and its event-loop delay beyond a 10 ms timer) and for the whole machine
//    (/proc/stat), since they all share it; "everything else" is the machine's mean less the
//    other rows' means (other work on a shared machine).
//  - Delivery: for each batch n sent in the window and acknowledged with 200, and each page,
//    the time from the moment the request was sent (Date.now() before fetch) to the first
//    arrival at that page (Date.now() in its `live` handler) of the value of batch n or of a
//    later batch (a page that is sent n + 1 in the same live batch shows n's state or newer:
//    the hub coalesces a client's changes, at most 20 live batches a second). p50/p95/p99/max
//    over all pages x batches; "coalesced" counts pairs delivered only by a later value;
//    "never" counts pairs that no value of n or later reached (must be 0). Also split by
//    whether the batch was posted to the page's own server or to the other one (which learns
//    of it over the center's bus).
//  - Ingest: values/s acknowledged (200) in the window, request latency, non-200 answers and
//    failed requests (counted and printed); commands acked ok, refused, failed.
// Everything is closed and stopped in a finally.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CONSOLE_NAMESPACE, PROTOCOL_VERSION, type CommandResult, type ConsoleClientToServer, type ConsoleServerToClient } from '@ioc/protocol';
import { io, type Socket } from 'socket.io-client';
import { SimWall } from '../cluster/sim-wall.js';
import { prepareCenter, type TestCenter } from '../tests/support/center.js';
import { ROOT, enrollDisplays, freePort, ingest, startServer, type RunningServer } from '../tests/support/server.js';
import { BENCH_LIMITS, machine, sleep, summary, writeResult } from './support.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const PAGES = 64;
const CONSOLES = 20;
const BATCHES_PER_SECOND = 10;
const BATCH_SIZE = 100;
const COMMAND_EVERY_MS = 10_000;
const LIMITS = { cpuPercent: 40, memoryPercent: 50 };
if (!(SECONDS > 0) || !(WARMUP >= 0)) throw new Error('BENCH_SECONDS: expected a positive number; BENCH_WARMUP: expected >= 0');

const NCPU = cpus().length;
const TOTAL_MEM = totalmem();
const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// ---- the data -------------------------------------------------------------------------------
const TOPIC = 'series:cpi_yoy:VN' as const;
const WATCHED = '2020-01';
const valueOf = (n: number) => 3 + (n + 1) / 1e4;
const batchOf = (value: number) => Math.round((value - 3) * 1e4) - 1;
const provinces = (JSON.parse(readFileSync(join(ROOT, 'assets/reference/vn-admin-units.json'), 'utf8')) as { units_until_2025_06_30: Array<{ code: string }> }).units_until_2025_06_30.map((u) => u.code);
const periods = Array.from({ length: 60 }, (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
const slots = provinces.flatMap((unit, u) => periods.map((period, m) => ({ unit, u, period, m })));
const provincial = (slot: number, pass: number) => {
  const s = slots[slot % slots.length]!;
  const value = Math.round((2.75 + 1.5 * Math.sin(s.u * 0.7 + s.m / 6) + 0.02 * (pass % 5)) * 100) / 100;
  return { indicator: 'cpi_yoy', unit: s.unit, period: s.period, value, source: 'bench-load' };
};
/** Batch n: the watched point first, then the next 99 provincial points in turn. */
const batch = (n: number) => {
  const observations = [{ indicator: 'cpi_yoy', unit: 'VN', period: WATCHED, value: valueOf(n), source: 'bench-load' }];
  for (let k = 0; k < BATCH_SIZE - 1; k++) {
    const slot = n * (BATCH_SIZE - 1) + k;
    observations.push(provincial(slot, Math.floor(slot / slots.length) + 1));
  }
  return { observations };
};
const seed = {
  observations: [
    ...periods.map((period, m) => ({ indicator: 'cpi_yoy', unit: 'VN', period, value: Math.round((3 + Math.sin(m / 5)) * 100) / 100, source: 'bench-load' })),
    ...slots.map((_, slot) => provincial(slot, 0)),
  ],
};

// ---- /proc ----------------------------------------------------------------------------------
/** The fields of /proc/<pid>/stat after the command name (state first), or null if it is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
/** CPU seconds (utime + stime) of a process, or null if it is gone. */
function cpuSeconds(pid: number): number | null {
  const f = statFields(pid);
  return f ? (Number(f[11]) + Number(f[12])) / CLK_TCK : null;
}
function rssBytes(pid: number): number | null {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}
function parentOf(pid: number): number | null {
  const f = statFields(pid);
  return f ? Number(f[1]) : null;
}
const allPids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
/** The postmaster listening on `port` (its command line has `-p <port>`). */
function postmasterOf(port: string): number | null {
  for (const pid of allPids()) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (/postgres$/.test(args[0] ?? '') && args.some((a, i) => a === '-p' && args[i + 1] === port)) return pid;
    } catch {
      // gone
    }
  }
  return null;
}
/** CPU seconds of the postmaster and its children (pid -> seconds). */
function postgresCpu(postmaster: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of allPids()) {
    if (pid !== postmaster && parentOf(pid) !== postmaster) continue;
    const s = cpuSeconds(pid);
    if (s !== null) out.set(pid, s);
  }
  return out;
}
/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - f[3]! - f[4]!, total };
}

interface Sample {
  at: number;
  servers: Array<{ cpu: number | null; rss: number | null }>;
  postgres: Map<number, number>;
  self: NodeJS.CpuUsage;
  machine: { busy: number; total: number };
}

// ---- the run --------------------------------------------------------------------------------
type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;
interface Sent {
  n: number;
  server: number;
  sent: number;
  acked: number | null;
  status: number | null;
  error?: string;
}

let center: TestCenter | null = null;
const servers: RunningServer[] = [];
const walls: SimWall[] = [];
const consoles: ConsoleSocket[] = [];
const timers: NodeJS.Timeout[] = [];
let exitCode = 0;
try {
  center = await prepareCenter(2);
  const ingestKey = center.apiKey('bench-load-ingest', 'ingest');
  const operatorKey = center.apiKey('bench-load-operator', 'operator');
  const tokens = enrollDisplays(center.dirs[0]!, 'main', ['d1', 'd2'], undefined, center.env);
  const ports = [await freePort(), await freePort()];
  const clusterUrls = ports.map((p) => `http://127.0.0.1:${p}`).join(',');
  for (const [i, dir] of center.dirs.entries()) {
    servers.push(await startServer({ dataDir: dir, port: ports[i]!, env: { ...center.env, SERVER_NAME: `server-${i + 1}`, CLUSTER_URLS: clusterUrls, RATE_LIMITS: JSON.stringify(BENCH_LIMITS) } }));
  }
  const pgPort = new URL(center.databaseUrl).port;
  const postmaster = postmasterOf(pgPort);

  const seeded = await ingest(servers[0]!.url, ingestKey, seed);
  if (seeded.status !== 200) throw new Error(`seed refused: ${seeded.status} ${JSON.stringify(seeded.body).slice(0, 500)}`);

  // Pages: page i on server i % 2, display d1 for i % 4 < 2 (so each server has 16 of each).
  for (let i = 0; i < PAGES; i++) {
    const displayId = i % 4 < 2 ? 'd1' : 'd2';
    walls.push(new SimWall({ name: `page-${i + 1}`, origin: servers[i % 2]!.url, token: tokens[displayId]!, wallId: 'main', displayId, topic: TOPIC, period: WATCHED }));
  }
  const consoleStates = new Array<number>(CONSOLES).fill(0);
  for (let c = 0; c < CONSOLES; c++) {
    const s: ConsoleSocket = io(`${servers[c % 2]!.url}${CONSOLE_NAMESPACE}`, { transports: ['websocket'], forceNew: true, auth: { token: operatorKey, protocolVersion: PROTOCOL_VERSION } });
    s.on('console:state', () => (consoleStates[c] = consoleStates[c]! + 1));
    consoles.push(s);
  }
  const readyBy = Date.now() + 60_000;
  while (!(walls.every((w) => w.joined) && consoles.every((s) => s.connected) && consoleStates.every((n) => n > 0))) {
    const errors = walls.flatMap((w) => w.errors);
    if (errors.length > 0) throw new Error(`wall pages refused: ${errors.slice(0, 3).join('; ')}`);
    if (Date.now() > readyBy) throw new Error(`not ready in 60 s: ${walls.filter((w) => w.joined).length}/${PAGES} pages joined, ${consoles.filter((s) => s.connected).length}/${CONSOLES} consoles connected`);
    await sleep(100);
  }
  console.log(`${PAGES} pages and ${CONSOLES} consoles on 2 servers (${servers.map((s) => `pid ${s.pid}`).join(', ')}; postgres ${postmaster ?? 'not found'}); ${WARMUP} s warm-up, ${SECONDS} s measured...`);

  // ---- the load ----
  const start = Date.now() + 200;
  const windowStart = start + WARMUP * 1000;
  const windowEnd = windowStart + SECONDS * 1000;
  const totalBatches = Math.round(((WARMUP + SECONDS) * 1000 * BATCHES_PER_SECOND) / 1000);
  const sent: Sent[] = [];
  const requests: Promise<void>[] = [];
  const ingestLoop = (async () => {
    for (let n = 0; n < totalBatches; n++) {
      const due = start + (n * 1000) / BATCHES_PER_SECOND;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      const server = n % 2;
      const body = batch(n);
      const rec: Sent = { n, server, sent: Date.now(), acked: null, status: null };
      sent.push(rec);
      requests.push(
        ingest(servers[server]!.url, ingestKey, body).then(
          (res) => {
            rec.acked = Date.now();
            rec.status = res.status;
            if (res.status !== 200) rec.error = JSON.stringify(res.body).slice(0, 300);
          },
          (err: unknown) => {
            rec.acked = Date.now();
            rec.error = String(err);
          },
        ),
      );
    }
  })();
  const commands: Array<{ sent: number; acked: number | null; ok: boolean; error?: string }> = [];
  let commandSeq = 0;
  consoles.forEach((s, c) => {
    const fire = () => {
      const k = commandSeq++;
      const rec: (typeof commands)[number] = { sent: Date.now(), acked: null, ok: false };
      commands.push(rec);
      s.timeout(10_000)
        .emitWithAck('command', { clientId: `bench-load-${c}-${k}-${start}`, name: 'wall.scene.show', args: { wallId: 'main', sceneId: k % 2 === 0 ? 'economy' : 'overview' } })
        .then(
          (r: CommandResult) => {
            rec.acked = Date.now();
            rec.ok = r.ok;
            if (!r.ok) rec.error = JSON.stringify(r).slice(0, 300);
          },
          (err: unknown) => {
            rec.error = String(err);
          },
        );
    };
    const first = setTimeout(() => {
      fire();
      timers.push(setInterval(fire, COMMAND_EVERY_MS));
    }, (c * COMMAND_EVERY_MS) / CONSOLES);
    timers.push(first);
  });

  const samples: Sample[] = [];
  const sample = (): Sample => ({
    at: Date.now(),
    servers: servers.map((s) => ({ cpu: cpuSeconds(s.pid), rss: rssBytes(s.pid) })),
    postgres: postmaster === null ? new Map() : postgresCpu(postmaster),
    self: process.cpuUsage(),
    machine: machineTicks(),
  });
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  const sampler = (async () => {
    await sleep(windowStart - Date.now());
    const statesAtStart = consoleStates.reduce((a, b) => a + b, 0);
    loopDelay.enable();
    for (let k = 0; k <= SECONDS; k++) {
      const due = windowStart + k * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      samples.push(sample());
    }
    loopDelay.disable();
    return consoleStates.reduce((a, b) => a + b, 0) - statesAtStart;
  })();
  await ingestLoop;
  await Promise.all(requests);
  const consoleStatesInWindow = await sampler;
  for (const t of timers) clearTimeout(t);
  await sleep(3000); // the last batches' deliveries, the last commands' acks

  // ---- CPU and memory ----
  const pct = (x: number) => Math.round(x * 10) / 10;
  const cpuPercent = (cpu: number, seconds: number) => (cpu / seconds / NCPU) * 100;
  const perSecond = (pick: (a: Sample, b: Sample) => number | null) => {
    const out: number[] = [];
    for (let k = 1; k < samples.length; k++) {
      const v = pick(samples[k - 1]!, samples[k]!);
      if (v !== null) out.push(cpuPercent(v, (samples[k]!.at - samples[k - 1]!.at) / 1000));
    }
    return out;
  };
  const stats = (xs: number[]) => ({ mean: pct(xs.reduce((a, b) => a + b, 0) / xs.length), max: pct(Math.max(...xs)) });
  const serverRows = servers.map((s, i) => {
    const cpu = perSecond((a, b) => (a.servers[i]!.cpu === null || b.servers[i]!.cpu === null ? null : b.servers[i]!.cpu! - a.servers[i]!.cpu!));
    const rss = Math.max(...samples.map((x) => x.servers[i]!.rss ?? 0));
    const c = stats(cpu);
    const memoryPercent = pct((rss / TOTAL_MEM) * 100);
    return { server: `server-${i + 1}`, pid: s.pid, cpuPercent: c, maxRssMiB: Math.round(rss / 2 ** 20), memoryPercent, withinLimits: c.max <= LIMITS.cpuPercent && memoryPercent <= LIMITS.memoryPercent };
  });
  const postgresCpuPercent = postmaster === null ? null : stats(perSecond((a, b) => {
    let d = 0;
    for (const [pid, s] of b.postgres) {
      const before = a.postgres.get(pid);
      if (before !== undefined) d += s - before;
    }
    return d;
  }));
  const selfCpuPercent = stats(perSecond((a, b) => (b.self.user + b.self.system - a.self.user - a.self.system) / 1e6));
  const machineBusy: number[] = [];
  for (let k = 1; k < samples.length; k++) {
    const a = samples[k - 1]!.machine;
    const b = samples[k]!.machine;
    machineBusy.push(((b.busy - a.busy) / (b.total - a.total)) * 100);
  }
  const machinePercent = stats(machineBusy);
  const otherMean = pct(machinePercent.mean - serverRows.reduce((a, r) => a + r.cpuPercent.mean, 0) - (postgresCpuPercent?.mean ?? 0) - selfCpuPercent.mean);

  // ---- ingest ----
  const inWindow = sent.filter((r) => r.sent >= windowStart && r.sent < windowEnd);
  const ok = inWindow.filter((r) => r.status === 200);
  const failed = sent.filter((r) => r.status !== 200);
  const ingestResult = {
    batchesSent: inWindow.length,
    batchesAcked: ok.length,
    valuesPerSecondSent: pct((inWindow.length * BATCH_SIZE) / SECONDS),
    valuesPerSecondAcked: pct((ok.length * BATCH_SIZE) / SECONDS),
    requestMs: summary(ok.map((r) => r.acked! - r.sent)),
    errors: failed.length,
    errorSamples: failed.slice(0, 5).map((r) => `batch ${r.n} to server-${r.server + 1}: ${r.status ?? 'no answer'} ${r.error ?? ''}`),
  };

  // ---- delivery ----
  const all: number[] = [];
  const sameServer: number[] = [];
  const otherServer: number[] = [];
  const fromAck: number[] = [];
  let coalesced = 0;
  let before = 0;
  const never: string[] = [];
  walls.forEach((w, i) => {
    // The seeded value (3.00) maps to batch -1: never a delivery.
    const seen = w.seen.map((s) => ({ at: s.at, n: batchOf(s.value) }));
    for (const r of ok) {
      const first = seen.find((s) => s.n >= r.n);
      if (!first) {
        never.push(`page-${i + 1} batch ${r.n}`);
        continue;
      }
      if (first.n !== r.n) coalesced++;
      const ms = first.at - r.sent;
      all.push(ms);
      (i % 2 === r.server ? sameServer : otherServer).push(ms);
      fromAck.push(first.at - r.acked!);
      if (first.at < r.acked!) before++;
    }
  });
  const delivery = {
    from: 'ingest request sent',
    pairs: all.length,
    ms: summary(all),
    postedToSameServer: summary(sameServer),
    postedToOtherServer: summary(otherServer),
    fromAckMs: summary(fromAck),
    arrivedBeforeAck: before,
    coalesced,
    never: never.length,
    neverSamples: never.slice(0, 5),
  };
  const cmdInWindow = commands.filter((c) => c.sent >= windowStart && c.sent < windowEnd);
  const commandResult = {
    sent: cmdInWindow.length,
    ok: cmdInWindow.filter((c) => c.ok).length,
    refusedOrFailed: cmdInWindow.filter((c) => !c.ok).length,
    ackMs: summary(cmdInWindow.filter((c) => c.ok).map((c) => c.acked! - c.sent)),
    errorSamples: commands.filter((c) => !c.ok).slice(0, 5).map((c) => c.error ?? 'no ack'),
    consoleStatePushesInWindow: consoleStatesInWindow,
  };
  const pageErrors = walls.flatMap((w) => w.errors);
  const moves = walls.reduce((a, w) => a + w.moves.length, 0);
  // The histogram's samples include its 10 ms timer: what is beyond it is the loop's delay.
  const beyond = (ns: number) => pct(Math.max(0, ns / 1e6 - 10));
  const lag = { p50: beyond(loopDelay.percentile(50)), p99: beyond(loopDelay.percentile(99)), max: beyond(loopDelay.max) };

  // ---- report ----
  console.log(`\n${machine()}; ${SECONDS} s measured after ${WARMUP} s warm-up; ${PAGES} wall pages, ${CONSOLES} consoles, ${BATCHES_PER_SECOND} x ${BATCH_SIZE} values/s posted\n`);
  console.log('| process | CPU mean / max (% of all processors) | CPU limit | max RSS (MiB, % of memory) | memory limit | within |');
  console.log('|---|---|---|---|---|---|');
  for (const r of serverRows) console.log(`| ${r.server} (pid ${r.pid}) | ${r.cpuPercent.mean} / ${r.cpuPercent.max} | ${LIMITS.cpuPercent}% | ${r.maxRssMiB} (${r.memoryPercent}%) | ${LIMITS.memoryPercent}% | ${r.withinLimits ? 'yes' : 'NO'} |`);
  if (postgresCpuPercent) console.log(`| postgres (all its processes) | ${postgresCpuPercent.mean} / ${postgresCpuPercent.max} | - | - | - | - |`);
  console.log(`| load generator (this process) | ${selfCpuPercent.mean} / ${selfCpuPercent.max} | - | - | - | - |`);
  console.log(`| whole machine (/proc/stat) | ${machinePercent.mean} / ${machinePercent.max} | - | - | - | - |`);
  console.log(`| everything else (machine mean - the rows above) | ${otherMean} / - | - | - | - | - |`);
  console.log('\n| delivery (ingest sent -> page) | n | p50 | p95 | p99 | max (ms) |');
  console.log('|---|---|---|---|---|---|');
  const row = (name: string, s: ReturnType<typeof summary>) => console.log(`| ${name} | ${s.n} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} |`);
  row('all pages x batches', delivery.ms);
  row('batch posted to the page\'s server', delivery.postedToSameServer);
  row('batch posted to the other server', delivery.postedToOtherServer);
  row('from the ingest ack', delivery.fromAckMs);
  row('ingest request (sent -> 200)', ingestResult.requestMs);
  row('scene command (emit -> ack)', commandResult.ackMs);
  console.log(`\ningest: ${ingestResult.batchesAcked}/${ingestResult.batchesSent} batches acked in the window: ${ingestResult.valuesPerSecondAcked} values/s acked (${ingestResult.valuesPerSecondSent} sent); errors (whole run): ${ingestResult.errors}`);
  for (const e of ingestResult.errorSamples) console.log(`  ${e}`);
  console.log(`delivery: ${delivery.pairs} page x batch pairs; ${delivery.coalesced} delivered by a later batch's value (coalesced); ${delivery.arrivedBeforeAck} arrived before the ingest answer; never delivered: ${delivery.never}`);
  for (const e of delivery.neverSamples) console.log(`  never: ${e}`);
  console.log(`commands: ${commandResult.ok}/${commandResult.sent} ok in the window; ${commandResult.consoleStatePushesInWindow} console:state pushes received by the ${CONSOLES} consoles`);
  for (const e of commandResult.errorSamples) console.log(`  command error: ${e}`);
  console.log(`pages: ${pageErrors.length} refusals, ${moves} server moves; load generator event-loop delay p50 ${lag.p50} / p99 ${lag.p99} / max ${lag.max} ms`);
  for (const e of pageErrors.slice(0, 5)) console.log(`  page error: ${e}`);

  if (ingestResult.errors > 0 || delivery.never > 0 || pageErrors.length > 0 || commandResult.refusedOrFailed > 0) exitCode = 1;
  const file = writeResult('load', {
    date: new Date().toISOString(),
    machine: machine(),
    processors: NCPU,
    totalMemoryMiB: Math.round(TOTAL_MEM / 2 ** 20),
    seconds: SECONDS,
    warmupSeconds: WARMUP,
    pages: PAGES,
    consoles: CONSOLES,
    limits: LIMITS,
    servers: serverRows,
    postgresCpuPercent,
    loadGeneratorCpuPercent: selfCpuPercent,
    machineCpuPercent: machinePercent,
    otherCpuPercentMean: otherMean,
    ingest: ingestResult,
    delivery,
    commands: commandResult,
    pages_: { errors: pageErrors.length, moves },
    loadGeneratorEventLoopDelayMs: lag,
  });
  console.log(`written ${file}`);
} finally {
  for (const t of timers) clearTimeout(t);
  for (const w of walls) w.close();
  for (const s of consoles) s.close();
  for (const s of servers) await s.stop();
  await center?.stop();
}
process.exitCode = exitCode;
