import { spawnSync } from 'node:child_process';
import { DeviceProfileSchema } from '@ioc/protocol';
import { ptyPair, type PtyPair } from '../../testing/pty.js';
import { requirePeerTools } from '../../testing/peer-tools.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceConnection } from '../device-connection.js';
import type { DeviceState, Driver, DriverContext } from '../driver.js';
import { DRIVERS } from '../drivers/index.js';
import { SerialTransport } from '../transports/serial.js';
import { TcpTransport } from '../transports/tcp.js';
import { UdpTransport } from '../transports/udp.js';
import {
  EMULATED_DRIVERS,
  emulatorFor,
  ExtronSisEmulator,
  LgEmulator,
  NecEmulator,
  OscPeer,
  SCREEN_COMMANDS,
  serveSerial,
  serveTcp,
  TemplateEmulator,
  VideohubEmulator,
  type DeviceEmulator,
} from './index.js';

const TIMING = { replyTimeoutMs: 1000, maxRetries: 1 };
/** Waits for what arrives on its own (a greeting, a status block, a datagram). */
const POLL = { timeout: 5000 };

/** What the server knows of a device's state (the wire type says only `Record<string, unknown>`). */
const known = (device: DeviceConnection): DeviceState => device.status().state as DeviceState;

/** A profile for `driver` at 127.0.0.1:`port` (TCP or UDP), its connection started. */
function connect(driver: Driver, port: number, ctx: DriverContext = {}, transport: 'tcp' | 'udp' = 'tcp'): DeviceConnection {
  const profile = DeviceProfileSchema.parse({
    id: `emu-${driver.name}`,
    name: { vi: `Thiết bị ${driver.name}`, en: `Device ${driver.name}` },
    driver: driver.name,
    transport: { kind: transport, host: '127.0.0.1', port },
    timing: TIMING,
    ...(ctx.address === undefined ? {} : { address: ctx.address }),
    ...(ctx.options === undefined ? {} : { options: ctx.options }),
  });
  const link = transport === 'tcp' ? new TcpTransport('127.0.0.1', port) : new UdpTransport('127.0.0.1', port);
  const device = new DeviceConnection(profile, driver, link, ctx);
  device.start();
  return device;
}

/** Serves `emulator` on TCP, runs `body` against a connection to it, and cleans both up. */
async function withTcpDevice(emulator: DeviceEmulator, driver: Driver, ctx: DriverContext, body: (device: DeviceConnection) => Promise<void>): Promise<void> {
  const served = await serveTcp(emulator);
  const device = connect(driver, served.port, ctx);
  try {
    await body(device);
  } finally {
    device.stop();
    await served.close();
  }
}

describe('an LG display emulated on a socat pty pair', () => {
  let pty: PtyPair | undefined;
  let device: DeviceConnection | undefined;
  let served: { close(): Promise<void> } | undefined;
  afterAll(async () => {
    device?.stop();
    await served?.close();
    pty?.close();
  });

  it('is controlled over RS-232 by the server, which reads its state back', async () => {
    pty = await ptyPair();
    const [controlEnd, displayEnd] = [pty.server, pty.device];
    const display = new LgEmulator(1);
    served = await serveSerial(display, displayEnd);
    const profile = DeviceProfileSchema.parse({
      id: 'lg-1', name: { vi: 'Màn hình LG', en: 'LG display' }, driver: 'lg', address: 1,
      transport: { kind: 'serial', path: controlEnd }, timing: TIMING,
    });
    device = new DeviceConnection(profile, DRIVERS.lg, new SerialTransport({ path: controlEnd, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }), { address: 1 });
    device.start();
    // `ka 01 01` CR -> `a 01 OK01x`
    await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: true, sent: ['6B 61 20 30 31 20 30 31 0D'], replies: ['61 20 30 31 20 4F 4B 30 31 78'] });
    await expect(device.send('input', { source: 'hdmi2' })).resolves.toMatchObject({ ok: true, state: { input: 'hdmi2' } });
    await expect(device.send('volume', { level: 42 })).resolves.toMatchObject({ ok: true, state: { volume: 42 } });
    await expect(device.send('mute', { on: true })).resolves.toMatchObject({ ok: true, state: { mute: true } });
    await expect(device.send('status', {})).resolves.toMatchObject({ ok: true, state: { power: 'on' } });
    expect(device.status()).toMatchObject({ status: 'online', state: { power: 'on', input: 'hdmi2', volume: 42, mute: true } });
    expect(display.state).toEqual({ power: 1, input: '91', volume: 42, muted: true, brightness: 60 });
  });
});

describe('byte-stream emulators on TCP, driven by the server', () => {
  it('an NEC monitor: power, input, volume and status read back; a NULL message while busy is a nak', async () => {
    const monitor = new NecEmulator(1);
    await withTcpDevice(monitor, DRIVERS.nec, { address: 1 }, async (device) => {
      await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: true, state: { power: 'on' } });
      await expect(device.send('input', { source: 'hdmi2' })).resolves.toMatchObject({ ok: true });
      await expect(device.send('volume', { level: 30 })).resolves.toMatchObject({ ok: true });
      await expect(device.send('status', {})).resolves.toMatchObject({ ok: true, state: { power: 'on' } });
      expect(device.status()).toMatchObject({ status: 'online', state: { power: 'on', input: 'hdmi2', volume: 30 } });
      monitor.busy = true;
      await expect(device.send('brightness', { level: 10 })).resolves.toMatchObject({ ok: false, code: 'nak', error: expect.stringMatching(/BE/) });
      expect(monitor.state).toMatchObject({ power: 1, input: 0x12, volume: 30, brightness: 70 });
    });
  });

  it('an Extron matrix: banner, ties, a read, presets and an E01', async () => {
    const matrix = new ExtronSisEmulator({ inputs: 4, outputs: 4 });
    await withTcpDevice(matrix, DRIVERS['extron-sis'], { options: { outputs: 4 } }, async (device) => {
      await expect.poll(() => known(device).info?.['banner'], POLL).toMatch(/Extron Electronics, DXP 44 HDMI/);
      await expect(device.send('route', { input: 2, output: 3 })).resolves.toMatchObject({ ok: true, replies: [expect.any(String)] });
      await expect(device.send('route', { input: 4, output: 1, kind: 'video' })).resolves.toMatchObject({ ok: true });
      await expect(device.send('preset.save', { preset: 2 })).resolves.toMatchObject({ ok: true });
      await expect(device.send('route', { input: 1, output: 'all' })).resolves.toMatchObject({ ok: true, state: { routes: { 1: 1, 2: 1, 3: 1, 4: 1 } } });
      await expect(device.send('preset.recall', { preset: 2 })).resolves.toMatchObject({ ok: true });
      await expect(device.send('status', { output: 3 })).resolves.toMatchObject({ ok: true, state: { routes: { 3: 2 } } });
      await expect(device.send('status', { output: 1 })).resolves.toMatchObject({ ok: true, state: { routes: { 1: 4 } } });
      await expect(device.send('route', { input: 9, output: 1 })).resolves.toMatchObject({ ok: false, code: 'nak', error: expect.stringMatching(/E01/) });
      expect(matrix.state.video).toEqual([4, 2, 2, 4]);
      expect(matrix.state.audio).toEqual([1, 2, 2, 4]);
    });
  });

  it('a Videohub: the status dump on connect, a route acked and the routing block read back', async () => {
    const hub = new VideohubEmulator({ inputs: 4, outputs: 8 });
    await withTcpDevice(hub, DRIVERS.videohub, {}, async (device) => {
      await expect.poll(() => known(device).info?.['model'], POLL).toBe('Smart Videohub 4x8');
      await expect(device.send('route', { input: 3, output: 8 })).resolves.toMatchObject({ ok: true, replies: ['41 43 4B 0A 0A'] });
      await expect.poll(() => known(device).routes?.[8], POLL).toBe(3);
      await expect(device.send('route', { input: 5, output: 1 })).resolves.toMatchObject({ ok: false, code: 'nak' });
      await expect(device.send('ping', {})).resolves.toMatchObject({ ok: true });
      expect(hub.state.routing).toEqual([0, 1, 2, 3, 0, 1, 2, 2]);
    });
  });

  it('a template device (the projection screen) with the profile commands that match it', async () => {
    const screen = new TemplateEmulator();
    await withTcpDevice(screen, DRIVERS.template, { options: { commands: SCREEN_COMMANDS } }, async (device) => {
      await expect(device.send('screen.down', {})).resolves.toMatchObject({ ok: true });
      await expect(device.send('send', { name: 'screen.volume', args: { level: 35 } })).resolves.toMatchObject({ ok: true, state: { info: { volume: 35 } } });
      await expect(device.send('screen.volume', { level: 120 })).resolves.toMatchObject({ ok: false, code: 'nak', error: expect.stringMatching(/ERR 2/) });
      await expect(device.send('screen.status', {})).resolves.toMatchObject({ ok: true, state: { info: { position: 'DOWN' } } });
      expect(device.status().state.info).toMatchObject({ volume: 35, position: 'DOWN' });
      expect(screen.state).toMatchObject({ position: 'DOWN', volume: 35 });
    });
  });

  it('a whole control room from emulatorFor: one emulator per driver, each answering the server', async () => {
    const first: Record<string, [string, unknown]> = {
      'samsung-mdc': ['power', { on: true }],
      lg: ['power', { on: true }],
      nec: ['power', { on: true }],
      pjlink: ['power', { on: true }],
      'extron-sis': ['route', { input: 1, output: 2 }],
      videohub: ['route', { input: 2, output: 1 }],
      template: ['screen.up', {}],
    };
    const ctx: Record<string, DriverContext> = { template: { options: { commands: SCREEN_COMMANDS } }, pjlink: { password: 'p' } };
    const rooms = await Promise.all(
      EMULATED_DRIVERS.map(async (name) => {
        const emulator = emulatorFor(name, name === 'pjlink' ? { password: 'p' } : {});
        const served = await serveTcp(emulator);
        return { name, served, device: connect(DRIVERS[name], served.port, ctx[name] ?? {}) };
      }),
    );
    try {
      const outcomes = await Promise.all(rooms.map(({ name, device }) => device.send(...first[name]!)));
      expect(outcomes.map((o, i) => [rooms[i]!.name, o.ok])).toEqual(EMULATED_DRIVERS.map((n) => [n, true]));
    } finally {
      for (const r of rooms) r.device.stop();
      await Promise.all(rooms.map((r) => r.served.close()));
    }
    // a profile's address as the display's own ID; a broadcast address gives display 1
    expect((emulatorFor('lg', { address: 'all' }) as LgEmulator).setId).toBe(1);
    expect((emulatorFor('nec', { address: '7' }) as NecEmulator).id).toBe(7);
    expect(() => emulatorFor('videohub', { outputs: 0 })).toThrow(RangeError);
    expect(() => emulatorFor('osc')).toThrow(/OscPeer/);
    expect(() => emulatorFor('telnet-toaster')).toThrow(/no emulator/);
  });
});

describe('an OSC console emulated by a UDP peer', () => {
  it('receives what the server sends, and the server hears what it sends back', async () => {
    const peer = new OscPeer();
    const port = await peer.start();
    const device = connect(DRIVERS.osc, port, {}, 'udp');
    try {
      await expect(device.send('audio.volume', { channel: 1, level: 75 })).resolves.toMatchObject({ ok: true });
      await expect.poll(() => peer.received[0], POLL).toMatchObject({ address: '/ch/01/mix/fader', types: 'f', args: [0.75], timetag: null });
      await expect(device.send('audio.mute', { channel: 1, on: true })).resolves.toMatchObject({ ok: true });
      await expect.poll(() => peer.received[1], POLL).toMatchObject({ address: '/ch/01/mix/on', types: 'i', args: [0] });
      expect(peer.mixer.channels[1]).toEqual({ fader: 0.75, on: false });
      await device.send('osc.bundle', { messages: [{ address: '/light/3/level', args: [{ type: 'f', value: 0.5 }] }, { address: '/scene', args: ['go', 2] }] });
      await expect.poll(() => peer.received.length, POLL).toBe(4);
      expect(peer.received.slice(2)).toMatchObject([
        { address: '/light/3/level', types: 'f', args: [0.5], timetag: { seconds: 0, fraction: 1 }, packet: 2 },
        { address: '/scene', types: 'si', args: ['go', 2], timetag: { seconds: 0, fraction: 1 }, packet: 2 },
      ]);
      expect(peer.mixer.lights[3]).toBe(0.5);

      // the console speaks: the server's state keeps the value under its address
      await peer.send('/ch/01/mix/fader', { type: 'f', value: 0.25 });
      await expect.poll(() => known(device).info?.['/ch/01/mix/fader'], POLL).toBe(0.25);
      // a query (no arguments) is answered with the console's own value, as an X32 does
      await device.send('osc.send', { address: '/ch/01/mix/fader' });
      await expect.poll(() => known(device).info?.['/ch/01/mix/fader'], POLL).toBe(0.75);
      expect(peer.errors).toEqual([]);
    } finally {
      device.stop();
      await peer.close();
    }
  });

  const HAVE_OSCSEND = !requirePeerTools('emulators2.integration (X32 vs oscsend)', ['oscsend'], 'liblo-tools').skip;
  it.skipIf(!HAVE_OSCSEND)('reads what liblo oscsend sends (an independent OSC implementation)', async () => {
    const peer = new OscPeer();
    const port = await peer.start();
    try {
      const sent = spawnSync('oscsend', ['127.0.0.1', String(port), '/ch/02/mix/fader', 'f', '0.25'], { timeout: 5000 });
      expect(sent.status).toBe(0);
      await expect.poll(() => peer.received[0], POLL).toMatchObject({ address: '/ch/02/mix/fader', types: 'f', args: [0.25] });
      expect(peer.mixer.channels[2]).toEqual({ fader: 0.25, on: true });
    } finally {
      await peer.close();
    }
  });
});
