import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeviceProfileSchema } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceConnection } from '../device-connection.js';
import { samsungMdcDriver } from '../drivers/samsung-mdc.js';
import { SerialTransport } from '../transports/serial.js';
import { serveSerial } from './emulator.js';
import { SamsungMdcEmulator } from './samsung-mdc.js';

describe('a Samsung display emulated on a socat pty pair', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-emu-'));
  const [wallEnd, displayEnd] = [join(dir, 'ttyWALL'), join(dir, 'ttyDISPLAY')];
  let socat: ChildProcess;
  let device: DeviceConnection;
  let served: { close(): Promise<void> };
  afterAll(async () => {
    device?.stop();
    await served?.close();
    socat?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is controlled over RS-232 by the server, which reads its state back', async () => {
    socat = spawn('socat', [`pty,raw,echo=0,link=${wallEnd}`, `pty,raw,echo=0,link=${displayEnd}`], { stdio: 'ignore' });
    await expect.poll(() => existsSync(wallEnd) && existsSync(displayEnd), { timeout: 5000 }).toBe(true);
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
