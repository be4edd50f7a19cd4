import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterAll, describe, expect, it } from 'vitest';
import { SerialTransport } from './serial.js';
import { TcpTransport } from './tcp.js';
import type { Transport } from './transport.js';
import { UdpTransport } from './udp.js';

const fast = { initialMs: 50, maxMs: 200 };

function next<T extends keyof import('./transport.js').TransportEvents>(t: Transport, event: T, ms = 5000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms (status ${t.status}, last error ${t.lastError})`)), ms);
    t.once(event, ((...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    }) as never);
  });
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('TCP transport', () => {
  it('connects, carries bytes both ways, and reconnects after the device drops or restarts', async () => {
    const received: Buffer[] = [];
    let peer: Socket | null = null;
    const listen = (port = 0) =>
      new Promise<Server>((resolve) => {
        const srv = createServer((s) => {
          peer = s;
          s.on('data', (d) => received.push(d));
        });
        srv.listen(port, '127.0.0.1', () => resolve(srv));
      });
    let server = await listen();
    const port = (server.address() as { port: number }).port;
    const t = new TcpTransport('127.0.0.1', port, 1000, fast);
    const up = next(t, 'up');
    t.start();
    await up;
    t.write(Uint8Array.from([0xaa, 0x11, 0x01]));
    await until(() => received.length > 0);
    expect([...Buffer.concat(received)]).toEqual([0xaa, 0x11, 0x01]);
    const data = next(t, 'data');
    peer!.write('%1POWR=OK\r');
    expect(Buffer.from((await data)[0] as Uint8Array).toString()).toBe('%1POWR=OK\r');

    // The device drops the connection: down, then up again by itself.
    let down = next(t, 'down');
    let again = next(t, 'up');
    peer!.destroy();
    await down;
    await again;

    // The device goes away entirely, then comes back on the same port.
    down = next(t, 'down');
    server.close();
    peer!.destroy();
    await down;
    await until(() => t.lastError !== null && /ECONNREFUSED/.test(t.lastError));
    expect(t.ready).toBe(false);
    expect(() => t.write(Uint8Array.of(1))).toThrow(/not connected/);
    again = next(t, 'up');
    server = await listen(port);
    await again;
    t.stop();
    server.close();
  });
});

describe('UDP transport', () => {
  it('sends datagrams to the device and receives its answers', async () => {
    const device = createSocket('udp4');
    await new Promise<void>((r) => device.bind(0, '127.0.0.1', r));
    const got = new Promise<{ msg: Buffer; port: number }>((r) => device.once('message', (msg, rinfo) => r({ msg, port: rinfo.port })));
    const t = new UdpTransport('127.0.0.1', device.address().port);
    const up = next(t, 'up');
    t.start();
    await up;
    t.write(Uint8Array.from([0x2f, 0x61, 0, 0]));
    const { msg, port } = await got;
    expect([...msg]).toEqual([0x2f, 0x61, 0, 0]);
    const answer = next(t, 'data');
    device.send(Buffer.from([0x2f, 0x62, 0, 0]), port, '127.0.0.1');
    expect([...((await answer)[0] as Uint8Array)]).toEqual([0x2f, 0x62, 0, 0]);
    t.stop();
    device.close();
  });
});

describe('serial transport over a socat pty pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-pty-'));
  const dev = join(dir, 'ttyWALL0');
  const peerPath = join(dir, 'ttyDEVICE0');
  let socat: ChildProcess | null = null;
  const startSocat = async () => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${dev}`, `pty,raw,echo=0,link=${peerPath}`], { stdio: 'ignore' });
    await until(() => existsSync(dev) && existsSync(peerPath));
  };
  afterAll(() => {
    socat?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes exact bytes to the line, reads the device, and reopens a port that disappeared', async () => {
    await startSocat();
    const t = new SerialTransport({ path: dev, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, fast);
    const up = next(t, 'up');
    t.start();
    await up;

    let peer = new SerialPort({ path: peerPath, baudRate: 9600 });
    const fromWall: Buffer[] = [];
    peer.on('data', (d: Buffer) => fromWall.push(d));
    await new Promise((r) => peer.once('open', r));
    t.write(Uint8Array.from([0xaa, 0x11, 0x01, 0x01, 0x01, 0x14]));
    await until(() => Buffer.concat(fromWall).length >= 6);
    expect(Buffer.concat(fromWall).toString('hex')).toBe('aa1101010114');
    const data = next(t, 'data');
    peer.write(Buffer.from('a 01 OK01x'));
    expect(Buffer.from((await data)[0] as Uint8Array).toString()).toBe('a 01 OK01x');

    // The adapter is pulled: socat exits, the pty vanishes; the transport goes down ...
    const down = next(t, 'down');
    peer.close();
    socat!.kill('SIGKILL');
    await down;
    expect(t.ready).toBe(false);
    // ... and comes back up by itself when the port reappears.
    const again = next(t, 'up', 10_000);
    await startSocat();
    await again;
    peer = new SerialPort({ path: peerPath, baudRate: 9600 });
    await new Promise((r) => peer.once('open', r));
    fromWall.length = 0;
    peer.on('data', (d: Buffer) => fromWall.push(d));
    t.write(Uint8Array.from([0x01]));
    await until(() => fromWall.length > 0);
    peer.close();
    t.stop();
  });
});
