// npm run bench:commands: device command handed to the device layer -> bytes on the wire.
// (1) Samsung MDC over a real serial pty pair (socat): DeviceConnection.send() -> the whole
//     frame read by the emulated display on the other end of the pty (which then acks).
// (2) OSC over UDP: DeviceConnection.send() -> the message printed by liblo's oscdump, an
//     independent implementation (includes oscdump's own decode and its stdout pipe).
// The command service's catalog path (console -> role check -> device) is not built yet: these
// figures are for the device layer, where that path hands its commands over.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DeviceProfileSchema } from '@ioc/protocol';
import { SerialPort } from 'serialport';
import { DRIVERS, DeviceConnection, SerialTransport, UdpTransport } from '@ioc/content-server';
import { machine, sleep, summary, writeResult } from './support.js';

const N = Number(process.env.BENCH_COMMANDS ?? 600);
const timing = { gapMs: 0, replyTimeoutMs: 1000, maxRetries: 0, backoffMs: 0 };

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

async function serialBench(): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-bench-pty-'));
  const [a, b] = [join(dir, 'wall'), join(dir, 'display')];
  const socat = spawn('socat', [`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: 'ignore' });
  await until(() => existsSync(a) && existsSync(b));
  // The display: acks each 6-byte power frame (AA 11 id 01 on cs) like a real MDC display.
  const display = new SerialPort({ path: b, baudRate: 115200 });
  await new Promise((r) => display.once('open', r));
  let buf = Buffer.alloc(0);
  let arrived: (() => void) | null = null;
  display.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 6) {
      const frame = buf.subarray(0, 6);
      buf = buf.subarray(6);
      arrived?.();
      const on = frame[4]!;
      const reply = [0xff, frame[2]!, 0x03, 0x41, 0x11, on];
      const cs = reply.reduce((s, x) => s + x, 0) & 0xff;
      display.write(Buffer.from([0xaa, ...reply, cs]));
    }
  });
  const profile = DeviceProfileSchema.parse({ id: 'disp-1', name: { vi: 'Màn 1', en: 'Display 1' }, driver: 'samsung-mdc', address: 1, transport: { kind: 'serial', path: a, baudRate: 115200 }, timing });
  const transport = new SerialTransport({ path: a, baudRate: 115200, dataBits: 8, parity: 'none', stopBits: 1 });
  const device = new DeviceConnection(profile, DRIVERS['samsung-mdc'], transport, { address: 1 });
  device.start();
  await until(() => device.status().status === 'online');
  const lat: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const seen = new Promise<number>((r) => (arrived = () => r(performance.now())));
    const outcome = device.send('power', { on: i % 2 === 0 });
    lat.push((await seen) - t0);
    const o = await outcome;
    if (!o.ok) throw new Error(`command ${i} failed: ${o.error}`);
  }
  device.stop();
  display.close();
  socat.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
  return lat;
}

async function oscBench(): Promise<number[]> {
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', r));
  const port = probe.address().port;
  probe.close();
  const dump = spawn('oscdump', ['-L', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const seen = new Map<number, number>();
  let text = '';
  dump.stdout.on('data', (d: Buffer) => {
    const now = performance.now();
    text += d.toString();
    const lines = text.split('\n');
    text = lines.pop() ?? '';
    for (const line of lines) {
      const m = /\/bench\/seq i (\d+)/.exec(line);
      if (m) seen.set(Number(m[1]), now);
    }
  });
  await sleep(300); // oscdump binding its port
  const profile = DeviceProfileSchema.parse({ id: 'lights', name: { vi: 'Đèn', en: 'Lights' }, driver: 'osc', transport: { kind: 'udp', host: '127.0.0.1', port }, timing });
  const device = new DeviceConnection(profile, DRIVERS.osc, new UdpTransport('127.0.0.1', port));
  device.start();
  await until(() => device.status().status === 'online');
  const sent = new Map<number, number>();
  for (let i = 0; i < N; i++) {
    sent.set(i, performance.now());
    await device.send('osc.send', { address: '/bench/seq', args: [{ type: 'i', value: i }] });
    await sleep(2);
  }
  await until(() => seen.size >= N, 5000).catch(() => undefined);
  device.stop();
  dump.kill();
  const lat: number[] = [];
  for (const [i, t0] of sent) {
    const t1 = seen.get(i);
    if (t1 !== undefined) lat.push(t1 - t0);
  }
  if (lat.length < N) console.warn(`oscdump printed ${lat.length} of ${N} messages`);
  return lat;
}

const serial = summary(await serialBench());
console.log(`serial (Samsung MDC on a socat pty, 115200 baud): send() -> frame read by the display, ms`, serial);
const osc = summary(await oscBench());
console.log(`OSC over UDP: send() -> message printed by oscdump, ms`, osc);
console.log(`written ${writeResult('commands', { date: new Date().toISOString(), machine: machine(), commands: N, serial, osc })}`);
process.exit(0);
