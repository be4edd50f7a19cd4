import { DeviceProfileSchema } from '@ioc/protocol';
import { ptyPair, type PtyPair } from '../../testing/pty.js';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceConnection } from '../device-connection.js';
import { samsungMdcDriver } from '../drivers/samsung-mdc.js';
import { SerialTransport } from '../transports/serial.js';
import { pjlinkDriver } from '../drivers/pjlink.js';
import { TcpTransport } from '../transports/tcp.js';
import { serveSerial, serveTcp } from './emulator.js';
import { PjlinkEmulator } from './pjlink.js';
import { SamsungMdcEmulator } from './samsung-mdc.js';

describe('a Samsung display emulated on a socat pty pair', () => {
  let pty: PtyPair | undefined;
  let device: DeviceConnection;
  let served: { close(): Promise<void> };
  afterAll(async () => {
    device?.stop();
    await served?.close();
    pty?.close();
  });

  it('is controlled over RS-232 by the server, which reads its state back', async () => {
    pty = await ptyPair();
    const [wallEnd, displayEnd] = [pty.server, pty.device];
    const display = new SamsungMdcEmulator(1);
    served = await serveSerial(display, displayEnd);
    const profile = DeviceProfileSchema.parse({
      id: 'disp-1', name: { vi: 'Màn hình 1', en: 'Display 1' }, driver: 'samsung-mdc', address: 1,
      transport: { kind: 'serial', path: wallEnd }, timing: { replyTimeoutMs: 500, maxRetries: 1 },
    });
    device = new DeviceConnection(profile, samsungMdcDriver, new SerialTransport({ path: wallEnd, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }), { address: 1 });
    device.start();
    await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: true, sent: ['AA 11 01 01 01 14'], replies: ['AA FF 01 03 41 11 01 56'] });
    await expect(device.send('volume', { level: 42 })).resolves.toMatchObject({ ok: true });
    await expect(device.send('status', {})).resolves.toMatchObject({ ok: true, state: { power: 'on', volume: 42, input: 'hdmi1' } });
    expect(device.status()).toMatchObject({ status: 'online', state: { power: 'on', volume: 42, mute: false, input: 'hdmi1' } });
    expect(display.state).toMatchObject({ power: 1, volume: 42 });
  });
});

describe('a PJLink projector emulated on TCP', () => {
  it('is switched on by the server, which authenticates and reads the power state back', async () => {
    const projector = new PjlinkEmulator('room-a-secret');
    const served = await serveTcp(projector);
    const profile = DeviceProfileSchema.parse({
      id: 'proj-1', name: { vi: 'Máy chiếu 1', en: 'Projector 1' }, driver: 'pjlink',
      transport: { kind: 'tcp', host: '127.0.0.1', port: served.port }, timing: { replyTimeoutMs: 500, maxRetries: 1 },
    });
    const device = new DeviceConnection(profile, pjlinkDriver, new TcpTransport('127.0.0.1', served.port), { password: 'room-a-secret' });
    device.start();
    try {
      await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: true });
      await expect(device.send('status', {})).resolves.toMatchObject({ ok: true, state: { power: 'on' } });
      expect(device.status()).toMatchObject({ status: 'online', state: { power: 'on' }, lastError: null });
      expect(projector.state.power).toBe(1);
    } finally {
      device.stop();
      await served.close();
    }
  });
});
