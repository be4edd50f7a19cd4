// npm run bench:commands: a command accepted by the content server -> bytes on the wire.
//
// One content server runs in this process on a private layouts folder with these devices:
//  - `disp-serial`: a Samsung MDC display on a real serial pty pair (socat); the other end is
//    read here, frame by frame, and acked like a display does;
//  - `lights`: an OSC device whose port is liblo's `oscdump`, an independent implementation;
//  - `disp-01` .. `disp-10`: ten emulated Samsung displays on TCP, for the macro.
// Commands go through the whole path: a console socket (socket.io) -> the command service
// (envelope, catalog, role, arguments, device checks, command log) -> translation -> the
// device queue -> the transport. Two starting points are reported: the moment the command
// service receives the command (the server has accepted it off the socket: the issue's
// definition), and the moment the console emits it (adds the socket.io hop into the server).
//
// (1) display.volume -> the whole MDC frame read at the far end of the pty.
// (2) light.level -> the OSC message printed by oscdump (includes its decoding and stdout).
// (3) A macro of 50 device commands across the 10 TCP displays (5 each, interleaved):
//     total time, with every step waiting for the one before, and with `wait: false` steps
//     (each display's queue keeps its order while the displays work in parallel); then each
//     display's received frames are checked to be in the macro's order.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CONSOLE_NAMESPACE, PROTOCOL_VERSION, type CommandResult } from '@ioc/protocol';
import { pino } from 'pino';
import { SerialPort } from 'serialport';
import { io } from 'socket.io-client';
import { createServer, paths, SamsungMdcEmulator, serveTcp } from '@ioc/content-server';
import { BENCH_LIMITS, machine, sleep, summary, writeResult } from './support.js';

const N = Number(process.env.BENCH_COMMANDS ?? 600);
const MACRO_RUNS = Number(process.env.BENCH_MACRO_RUNS ?? 20);
const timing = { gapMs: 0, replyTimeoutMs: 1000, maxRetries: 0, backoffMs: 0 };
const name = (n: string) => ({ vi: n, en: n });

async function until(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function freeUdpPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  const port = probe.address().port;
  probe.close();
  return port;
}

// ---- the room ---------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'ioc-bench-cmd-'));
const layouts = join(work, 'layouts');
cpSync(paths.layoutsDir, layouts, { recursive: true });
for (const sub of ['devices', 'macros']) {
  rmSync(join(layouts, sub), { recursive: true, force: true });
  mkdirSync(join(layouts, sub));
}
const [ptyServer, ptyDisplay] = [join(work, 'tty-server'), join(work, 'tty-display')];
const socat = spawn('socat', [`pty,raw,echo=0,link=${ptyServer}`, `pty,raw,echo=0,link=${ptyDisplay}`], { stdio: 'ignore' });
await until(() => existsSync(ptyServer) && existsSync(ptyDisplay), 5000, 'socat pty pair');

// The display at the far end of the pty: reads whole MDC frames and acks them.
const display = new SerialPort({ path: ptyDisplay, baudRate: 115200 });
await new Promise((r) => display.once('open', r));
let serialBuf = Buffer.alloc(0);
let frameArrived: ((at: number) => void) | null = null;
display.on('data', (d: Buffer) => {
  const at = performance.now();
  serialBuf = Buffer.concat([serialBuf, d]);
  for (;;) {
    if (serialBuf.length < 4) break;
    const len = serialBuf[3]!;
    if (serialBuf.length < 5 + len) break;
    const frame = serialBuf.subarray(0, 5 + len);
    serialBuf = serialBuf.subarray(5 + len);
    frameArrived?.(at);
    const reply = [0xff, frame[2]!, 0x03, 0x41, frame[1]!, frame[4]!];
    display.write(Buffer.from([0xaa, ...reply, reply.reduce((s, x) => s + x, 0) & 0xff]));
  }
});

const oscPort = await freeUdpPort();
const dump = spawn('oscdump', ['-L', String(oscPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
const printed = new Map<number, number>();
let dumpText = '';
dump.stdout.on('data', (d: Buffer) => {
  const now = performance.now();
  dumpText += d.toString();
  const lines = dumpText.split('\n');
  dumpText = lines.pop() ?? '';
  for (const line of lines) {
    const m = /\/bench\/level\/(\d+) f (\d+)/.exec(line);
    if (m) printed.set(Number(m[1]) * 1000 + Number(m[2]), now);
  }
});

const tcpDisplays = await Promise.all(Array.from({ length: 10 }, async () => {
  const emulator = new SamsungMdcEmulator(1);
  return { emulator, served: await serveTcp(emulator) };
}));
const devices = [
  { id: 'disp-serial', name: name('serial display'), driver: 'samsung-mdc', address: 1, transport: { kind: 'serial', path: ptyServer, baudRate: 115200 }, timing },
  { id: 'lights', name: name('lights'), driver: 'osc', transport: { kind: 'udp', host: '127.0.0.1', port: oscPort }, timing, options: { addresses: { light: '/bench/level/{channel}' }, lightScale: 'percent' } },
  ...tcpDisplays.map((d, i) => ({ id: `disp-${String(i + 1).padStart(2, '0')}`, name: name(`display ${i + 1}`), driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: d.served.port }, timing })),
];
for (const d of devices) writeFileSync(join(layouts, 'devices', `${d.id}.json`), JSON.stringify(d));
const PER_DEVICE = 5;
const macroSteps = (wait: boolean) =>
  Array.from({ length: PER_DEVICE * 10 }, (_, k) => ({
    command: 'display.volume',
    args: { device: `disp-${String((k % 10) + 1).padStart(2, '0')}`, level: 10 + Math.floor(k / 10) },
    wait,
  }));
for (const [file, wait] of [['room.bench.sequential', true], ['room.bench.parallel', false]] as const) {
  writeFileSync(join(layouts, 'macros', `${file}.json`), JSON.stringify({ name: file, label: name(file), help: name(file), roles: ['admin'], confirm: false, steps: macroSteps(wait) }));
}

const server = await createServer({ port: 0, host: '127.0.0.1', dataDir: join(work, 'data'), layoutsDir: layouts, demo: false, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(work, 'none'), consoleDist: join(work, 'none'), limits: BENCH_LIMITS });
if (server.catalog.errors().length) throw new Error(`bench macros refused: ${JSON.stringify(server.catalog.errors())}`);
const { key } = await server.keys.create('bench', 'admin');
await until(() => devices.every((d) => server.devices.get(d.id)?.status().status === 'online'), 5000, 'devices online');
const socket = io(`${server.url}${CONSOLE_NAMESPACE}`, { transports: ['websocket'], auth: { token: key, protocolVersion: PROTOCOL_VERSION } });
await new Promise((r) => socket.once('console:state', r));
let seq = 0;
// When the command service received each command (wrapping its entry point, nothing else).
const acceptedAt = new Map<string, number>();
const execute = server.commands.execute.bind(server.commands);
server.commands.execute = (raw, actor, opts) => {
  acceptedAt.set((raw as { clientId: string }).clientId, performance.now());
  return execute(raw, actor, opts);
};
let lastClientId = '';
const send = (cmd: string, args: Record<string, unknown>): Promise<CommandResult> => {
  lastClientId = `bench-${++seq}-${Date.now()}`;
  return socket.emitWithAck('command', { clientId: lastClientId, name: cmd, args });
};

// ---- (1) serial ---------------------------------------------------------------------------
const serialLat: number[] = [];
const serialFromAccept: number[] = [];
for (let i = 0; i < N; i++) {
  const arrived = new Promise<number>((r) => (frameArrived = r));
  const t0 = performance.now();
  const result = send('display.volume', { device: 'disp-serial', level: i % 101 });
  const id = lastClientId;
  const t1 = await arrived;
  serialLat.push(t1 - t0);
  serialFromAccept.push(t1 - acceptedAt.get(id)!);
  const r = await result;
  if (!r.ok) throw new Error(`serial command ${i} failed: ${r.error.message}`);
}
frameArrived = null;

// ---- (2) OSC ------------------------------------------------------------------------------
const oscSent = new Map<number, number>();
const oscIds = new Map<number, string>();
for (let i = 0; i < N; i++) {
  const channel = 1 + (i % 8);
  const level = Math.floor(i / 8) % 100;
  const tag = channel * 1000 + level;
  if (oscSent.has(tag)) continue;
  oscSent.set(tag, performance.now());
  const pending = send('light.level', { device: 'lights', channel, level });
  oscIds.set(tag, lastClientId);
  const r = await pending;
  if (!r.ok) throw new Error(`osc command ${i} failed: ${r.error.message}`);
  await sleep(1);
}
await until(() => printed.size >= oscSent.size, 5000, 'oscdump output').catch(() => undefined);
const oscLat = [...oscSent].flatMap(([tag, t0]) => (printed.has(tag) ? [printed.get(tag)! - t0] : []));
const oscFromAccept = [...oscSent].flatMap(([tag]) => (printed.has(tag) ? [printed.get(tag)! - acceptedAt.get(oscIds.get(tag)!)!] : []));
if (oscLat.length < oscSent.size) console.warn(`oscdump printed ${oscLat.length} of ${oscSent.size} messages`);

// ---- (3) macro of 50 across 10 ------------------------------------------------------------
async function macroRuns(macro: string): Promise<{ totals: number[]; orderKept: boolean }> {
  const totals: number[] = [];
  let orderKept = true;
  for (let run = 0; run < MACRO_RUNS; run++) {
    for (const d of tcpDisplays) d.emulator.received.length = 0;
    const t0 = performance.now();
    const r = await send(macro, {});
    totals.push(performance.now() - t0);
    if (!r.ok) throw new Error(`${macro} failed: ${r.error.message}`);
    for (const d of tcpDisplays) {
      const levels = d.emulator.received.filter((f) => f[1] === 0x12).map((f) => f[4]);
      if (JSON.stringify(levels) !== JSON.stringify(Array.from({ length: PER_DEVICE }, (_, k) => 10 + k))) orderKept = false;
    }
  }
  return { totals, orderKept };
}
const sequential = await macroRuns('room.bench.sequential');
const parallel = await macroRuns('room.bench.parallel');

socket.disconnect();
await server.close();
for (const d of tcpDisplays) await d.served.close();
display.close();
dump.kill();
socat.kill('SIGKILL');
rmSync(work, { recursive: true, force: true });

const serial = summary(serialLat);
const osc = summary(oscLat);
const serialAccepted = summary(serialFromAccept);
const oscAccepted = summary(oscFromAccept);
const seqS = summary(sequential.totals);
const parS = summary(parallel.totals);
console.log('accepted by the server -> Samsung MDC frame read at the far end of a socat pty (115200 baud), ms', serialAccepted);
console.log('accepted by the server -> OSC message printed by oscdump, ms', oscAccepted);
console.log('console emit -> Samsung MDC frame at the far end of the pty, ms', serial);
console.log('console emit -> OSC message printed by oscdump, ms', osc);
console.log(`macro of 50 display.volume across 10 TCP displays, every step waits (${MACRO_RUNS} runs), total ms`, seqS, `per-device order kept: ${sequential.orderKept}`);
console.log(`the same with wait:false steps (displays in parallel, each queue in order), total ms`, parS, `per-device order kept: ${parallel.orderKept}`);
console.log(`written ${writeResult('commands', { date: new Date().toISOString(), machine: machine(), commands: N, fromAcceptance: { serial: serialAccepted, osc: oscAccepted }, fromConsoleEmit: { serial, osc }, macro: { steps: 50, devices: 10, runs: MACRO_RUNS, sequential: { ...seqS, orderKept: sequential.orderKept }, parallel: { ...parS, orderKept: parallel.orderKept } } })}`);
process.exit(sequential.orderKept && parallel.orderKept ? 0 : 1);
