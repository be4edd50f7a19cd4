import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceProfileSchema, type DeviceStatus } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeviceConnection, InvalidDeviceCommand, passwordFor } from './device-connection.js';
import { ascii, concatBytes, DriverError, parseArgs, text, type DeviceEvent, type Driver } from './driver.js';
import { TcpTransport } from './transports/tcp.js';

/** A line protocol small enough to read in the test: `POWER ON\n` -> `OK POWER=ON\n` | `ERR <why>\n`. */
const lineDriver: Driver = {
  name: 'template',
  transports: ['tcp'],
  oneInFlight: true,
  commands: { power: { args: z.object({ on: z.boolean() }), label: { vi: 'Nguồn', en: 'Power' } } },
  createCodec() {
    let buf = new Uint8Array(0);
    return {
      encode(command, args) {
        if (command !== 'power') throw new DriverError(`unknown command ${command}`, 'command');
        const { on } = parseArgs(command, z.object({ on: z.boolean() }), args);
        return { bytes: ascii(`POWER ${on ? 'ON' : 'OFF'}\n`), expectReply: true, summary: `power ${on ? 'on' : 'off'}` };
      },
      feed(chunk) {
        buf = concatBytes(buf, chunk);
        const events: DeviceEvent[] = [];
        for (let nl = buf.indexOf(10); nl >= 0; nl = buf.indexOf(10)) {
          const line = text(buf.subarray(0, nl));
          const raw = buf.slice(0, nl + 1);
          buf = buf.slice(nl + 1);
          const m = /^OK POWER=(ON|OFF)$/.exec(line);
          if (m) events.push({ type: 'ack', state: { power: m[1] === 'ON' ? 'on' : 'off' }, raw });
          else if (line.startsWith('ERR')) events.push({ type: 'nak', code: 'ERR', message: line.slice(4), raw });
          else events.push({ type: 'unsolicited', raw });
        }
        return events;
      },
      reset() {
        buf = new Uint8Array(0);
      },
    };
  },
};

describe('a device connection over TCP', () => {
  let mode: 'answer' | 'silent' | 'refuse' = 'answer';
  const lines: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        if (mode === 'answer') s.write(`OK POWER=${line.endsWith('ON') ? 'ON' : 'OFF'}\n`);
        if (mode === 'refuse') s.write('ERR standby\n');
      }
    });
  });
  let device: DeviceConnection;
  /** The same device with a short reply timeout, for the test where it stays silent. */
  let impatient: DeviceConnection;
  const statuses: DeviceStatus[] = [];

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const connect = (replyTimeoutMs: number) => {
      const profile = DeviceProfileSchema.parse({
        id: 'proj-1', name: { vi: 'Máy chiếu 1', en: 'Projector 1' }, driver: 'template',
        transport: { kind: 'tcp', host: '127.0.0.1', port }, timing: { replyTimeoutMs, maxRetries: 2, backoffMs: 20, gapMs: 0 },
      });
      return new DeviceConnection(profile, lineDriver, new TcpTransport('127.0.0.1', port, 1000, { initialMs: 50, maxMs: 200 }));
    };
    // Commands that must succeed at the first attempt: the server answers on loopback in well
    // under a millisecond and a timeout costs nothing when the reply comes, so 5 s changes only
    // what a stalled machine does (a reply read over 150 ms late would be a spurious retry).
    device = connect(5000);
    device.on('status', (s) => statuses.push(s));
    device.start();
    // Silence must time out: short, since no load makes a silent device answer.
    impatient = connect(150);
    impatient.start();
  });
  afterAll(() => {
    device.stop();
    impatient.stop();
    for (const s of sockets) s.destroy();
    server.close();
  });

  it('sends a command, parses the reply and reads the state back', async () => {
    const outcome = await device.send('power', { on: true });
    expect(outcome).toMatchObject({ ok: true, attempts: 1, summary: 'power on', sent: ['50 4F 57 45 52 20 4F 4E 0A'], state: { power: 'on' } });
    expect(device.status()).toMatchObject({ status: 'online', queued: 0, state: { power: 'on' }, lastError: null });
    expect(statuses.at(-1)?.state).toEqual({ power: 'on' });
  });

  it('refuses bad arguments before anything is queued or sent', async () => {
    const before = lines.length;
    await expect(device.send('power', { on: 'yes' })).rejects.toThrowError(InvalidDeviceCommand);
    await expect(device.send('power', { on: 'yes' })).rejects.toMatchObject({ field: 'on' });
    expect(lines.length).toBe(before);
  });

  it('retries a silent device up to the profile maximum, then reports the failure', async () => {
    mode = 'silent';
    await expect.poll(() => impatient.status().status).toBe('online');
    const before = lines.length;
    const outcome = await impatient.send('power', { on: false });
    expect(outcome).toMatchObject({ ok: false, code: 'timeout', attempts: 3 });
    // The last attempt's line may be read by the server after the client has given up.
    await expect.poll(() => lines.slice(before)).toEqual(['POWER OFF', 'POWER OFF', 'POWER OFF']);
    mode = 'answer';
  });

  it('reports the device refusing a command', async () => {
    mode = 'refuse';
    await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: false, code: 'nak', error: 'device refused: ERR standby' });
    mode = 'answer';
  });

  it('goes offline when the device drops, and comes back by itself', async () => {
    for (const s of sockets) s.destroy();
    await expect.poll(() => device.status().status, { timeout: 3000 }).not.toBe('online');
    await expect.poll(() => device.status().status, { timeout: 3000 }).toBe('online');
    await expect(device.send('power', { on: false })).resolves.toMatchObject({ ok: true, state: { power: 'off' } });
  });
});

describe('device credentials', () => {
  const profile = (credentials: object) =>
    DeviceProfileSchema.parse({ id: 'p', name: { vi: 'p', en: 'p' }, driver: 'pjlink', transport: { kind: 'tcp', host: 'h', port: 4352 }, credentials });

  it('come from an environment variable or a secrets file, never the profile', () => {
    expect(passwordFor(profile({ passwordEnv: 'PJ_PASS' }), { PJ_PASS: 'hunter2' })).toBe('hunter2');
    const file = join(mkdtempSync(join(tmpdir(), 'ioc-secret-')), 'pjlink.txt');
    writeFileSync(file, 'from-file\n');
    expect(passwordFor(profile({ passwordFile: file }))).toBe('from-file');
    expect(() => passwordFor(profile({ passwordEnv: 'PJ_PASS' }), {})).toThrow('device p: environment variable PJ_PASS is not set');
  });
});
