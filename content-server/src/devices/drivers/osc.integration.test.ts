import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { requirePeerTools } from '../../testing/peer-tools.js';
import type { DeviceEvent } from '../driver.js';
import { oscDriver } from './osc.js';

/**
 * Interoperability with liblo (Debian `liblo-tools`), an OSC implementation written
 * independently of node-osc: what we send must read back the same in `oscdump`, and what
 * `oscsend` sends must decode to the same values here. CI installs liblo-tools: there a missing
 * peer fails this file instead of skipping it.
 */

const HAVE_LIBLO = !requirePeerTools('osc.integration', ['oscdump', 'oscsend'], 'liblo-tools').skip;

const WAIT_MS = 5000;
const children = new Set<ChildProcess>();

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function freePort(kind: 'udp' | 'tcp'): Promise<number> {
  if (kind === 'udp') {
    const s = dgram.createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    const { port } = s.address();
    await new Promise<void>((r) => s.close(() => r()));
    return port;
  }
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const addr = srv.address();
  await new Promise<void>((r) => srv.close(() => r()));
  if (addr === null || typeof addr === 'string') throw new Error('no TCP port');
  return addr.port;
}

async function until<T>(what: string, probe: () => T | undefined, tick?: () => void): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    tick?.();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** oscdump prints `<NTP hex seconds>.<hex fraction> <address> <types> <values...>` per message. */
class Oscdump {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;
  constructor(target: string) {
    this.child = spawn('oscdump', ['-L', target], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(this.child);
    let rest = '';
    this.child.stdout?.on('data', (d: Buffer) => {
      const parts = (rest + d.toString('latin1')).split('\n');
      rest = parts.pop() ?? '';
      this.lines.push(...parts.map((l) => l.trimEnd()));
    });
  }
  /** Lines after `from`, time tag stripped, once `count` of them have arrived. */
  async messages(from: number, count: number): Promise<string[]> {
    return until(`${count} lines from oscdump`, () =>
      this.lines.length - from >= count ? this.lines.slice(from, from + count).map((l) => l.replace(/^\S+ /, '')) : undefined,
    );
  }
  stop(): void {
    this.child.kill('SIGTERM');
    children.delete(this.child);
  }
}

function oscsend(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('oscsend', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), WAIT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`oscsend ${args.join(' ')} exited ${code}: ${err}`));
    });
  });
}

const info = (e: DeviceEvent | undefined) => (e?.type === 'unsolicited' ? e.state?.info : e);

describe.skipIf(!HAVE_LIBLO)('OSC driver against liblo oscdump (we send)', () => {
  let dump: Oscdump | undefined;
  afterEach(() => dump?.stop());

  it('oscdump reads our UDP messages and bundles with the same address, types and values', async () => {
    const port = await freePort('udp');
    dump = new Oscdump(String(port));
    const sock = dgram.createSocket('udp4');
    const send = (b: Uint8Array) => new Promise<void>((r, j) => sock.send(b, port, '127.0.0.1', (e) => (e ? j(e) : r())));
    const codec = oscDriver.createCodec();
    try {
      // oscdump prints nothing when it starts listening: ping until it echoes.
      const ready = codec.encode('osc.send', { address: '/ready' }).bytes;
      await until('oscdump to listen', () => (dump?.lines.some((l) => l.includes('/ready')) ? true : undefined), () => void send(ready));
      const from = dump.lines.length;
      const sends: Array<[string, unknown]> = [
        ['osc.send', { address: '/mix/int', args: [42] }],
        ['osc.send', { address: '/mix/float', args: [0.75] }],
        ['osc.send', { address: '/mix/string', args: ['hello world'] }],
        ['osc.send', { address: '/mix/bools', args: [true, false] }],
        ['osc.send', { address: '/mix/all', args: [{ type: 'i', value: -7 }, { type: 'f', value: 1 }, { type: 'b', value: '01 C0 DB' }, { type: 'N' }] }],
        ['audio.volume', { channel: 1, level: 75 }],
        ['audio.mute', { channel: 1, on: true }],
        ['osc.bundle', { messages: [{ address: '/b/one', args: [1] }, { address: '/b/two', args: ['x'] }] }],
        // a time tag in the past, so liblo dispatches it at once and prints it as it came
        ['osc.bundle', { timetag: '2025-01-01T00:00:00.500Z', messages: [{ address: '/b/late', args: [{ type: 'f', value: 0.5 }] }] }],
      ];
      for (const [command, args] of sends) await send(codec.encode(command, args).bytes);
      expect(await dump.messages(from, 10)).toEqual([
        '/mix/int i 42',
        '/mix/float f 0.750000',
        '/mix/string s "hello world"',
        '/mix/bools TF #T #F',
        '/mix/all ifbN -7 1.000000 [3b 0x1 0xc0 0xdb] Nil',
        '/ch/01/mix/fader f 0.750000',
        '/ch/01/mix/on i 0',
        '/b/one i 1',
        '/b/two s "x"',
        '/b/late f 0.500000',
      ]);
      expect(dump.lines[from + 9]).toMatch(/^eb1f0400\.80000000 /);
    } finally {
      sock.close();
    }
  });

  for (const framing of ['length', 'slip'] as const) {
    it(`oscdump reads our ${framing}-framed messages over TCP`, async () => {
      const port = await freePort('tcp');
      dump = new Oscdump(`osc.tcp://:${port}`);
      const conn = await connectWithRetry(port);
      try {
        const codec = oscDriver.createCodec({ options: { framing } });
        const a = codec.encode('osc.send', { address: '/tcp/a', args: [{ type: 'b', value: 'C0 DB' }] }).bytes;
        const b = codec.encode('audio.volume', { channel: 2, level: 50 }).bytes;
        // both frames in one write: the receiver must find the boundary itself
        conn.write(Uint8Array.from([...a, ...b]));
        expect(await dump.messages(0, 2)).toEqual(['/tcp/a b [2b 0xc0 0xdb]', '/ch/02/mix/fader f 0.500000']);
      } finally {
        conn.destroy();
      }
    });
  }
});

async function connectWithRetry(port: number): Promise<net.Socket> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect(port, '127.0.0.1', () => resolve(s));
        s.once('error', reject);
      });
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.skipIf(!HAVE_LIBLO)('OSC driver against liblo oscsend (we receive)', () => {
  it('decodes what oscsend sends over UDP', async () => {
    const sock = dgram.createSocket('udp4');
    const datagrams: Buffer[] = [];
    sock.on('message', (m) => datagrams.push(m));
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', r));
    const port = String(sock.address().port);
    const codec = oscDriver.createCodec();
    try {
      const receive = async (...args: string[]) => {
        const before = datagrams.length;
        await oscsend('127.0.0.1', port, ...args);
        const d = await until('a datagram from oscsend', () => datagrams[before]);
        return codec.feed(new Uint8Array(d));
      };
      expect((await receive('/ch/01/mix/fader', 'f', '0.75')).map(info)).toEqual([
        { address: '/ch/01/mix/fader', types: 'f', value: 0.75, '/ch/01/mix/fader': 0.75 },
      ]);
      expect((await receive('/ch/01/config/name', 'si', 'Lectern mic', '12')).map(info)).toEqual([
        { address: '/ch/01/config/name', types: 'si', value: 'Lectern mic', arg1: 12, '/ch/01/config/name': '"Lectern mic" 12' },
      ]);
      expect((await receive('/flags', 'TFNf', '0.1')).map(info)).toEqual([
        { address: '/flags', types: 'TFNf', value: true, arg1: false, arg2: 'nil', arg3: 0.1, '/flags': 'true false "nil" 0.1' },
      ]);
      // int64 is OSC 1.1; node-osc cannot read it, and OSC says to drop such a message
      expect((await receive('/big', 'h', '5'))[0]).toMatchObject({ type: 'garbage', reason: expect.stringMatching(/h/) });
    } finally {
      sock.close();
    }
  });

  it('decodes what oscsend sends over TCP (length prefix), whatever the chunking', async () => {
    const chunks: Buffer[] = [];
    let ended = false;
    const srv = net.createServer((c) => c.on('data', (d: Buffer) => chunks.push(d)).on('end', () => (ended = true)));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const addr = srv.address();
    if (addr === null || typeof addr === 'string') throw new Error('no TCP port');
    try {
      await oscsend(`osc.tcp://127.0.0.1:${addr.port}`, '/ch/01/mix/fader', 'f', '0.75');
      const bytes = await until('oscsend to close its connection', () => (ended ? Buffer.concat(chunks) : undefined));
      const codec = oscDriver.createCodec({ options: { framing: 'length' } });
      const events = Array.from(bytes).flatMap((b) => codec.feed(Uint8Array.of(b)));
      expect(events.map(info)).toEqual([{ address: '/ch/01/mix/fader', types: 'f', value: 0.75, '/ch/01/mix/fader': 0.75 }]);
    } finally {
      srv.close();
    }
  });
});
