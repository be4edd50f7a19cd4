import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LgEmulator, serveSerial } from './emulators/index.js';
import { SerialTransport } from './transports/serial.js';
import { getJson, roomLayouts, startTestServer, waitFor } from '../testing/harness.js';
import { ptyPair, type PtyPair } from '../testing/pty.js';

const name = { vi: 'Màn hình LG', en: 'LG display' };
// Wired to this machine: a center of several servers (PostgreSQL) refuses a serial profile that does not say where its port is.
const serial = (id: string, path: string) => ({ id, name, driver: 'lg', address: 1, transport: { kind: 'serial', path, baudRate: 9600 }, reachableFrom: [hostname()] });

describe('serial paths of device profiles', () => {
  const cleanup: Array<() => unknown> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('refuses a link whose target is gone, with a clear error, and keeps links to existing ports (/dev/serial/by-id style)', async () => {
    const links = mkdtempSync(join(tmpdir(), 'ioc-links-'));
    cleanup.push(() => rmSync(links, { recursive: true, force: true }));
    const pty: PtyPair = await ptyPair();
    cleanup.push(() => pty.close());
    const served = await serveSerial(new LgEmulator(1), pty.device);
    cleanup.push(() => served.close());
    // by-id: a stable name linked to the live port, as udev makes them.
    symlinkSync(pty.server, join(links, 'usb-FTDI_FT232R-if00-port0'));
    // A pty link left behind: its pts number may be given to someone's terminal later.
    symlinkSync('/dev/pts/987654', join(links, 'ttyLEFT'));
    const layouts = roomLayouts({ devices: [serial('lobby', join(links, 'usb-FTDI_FT232R-if00-port0')), serial('stale', join(links, 'ttyLEFT'))] });
    cleanup.push(() => rmSync(layouts, { recursive: true, force: true }));
    const t = await startTestServer({ layoutsDir: layouts });
    cleanup.push(() => t.close());

    const errors = (await getJson(`${t.url}/api/v1/devices/errors`)).body.errors;
    expect(errors).toEqual([
      {
        file: 'devices/stale.json',
        path: 'transport.path',
        message: `serial path ${join(links, 'ttyLEFT')} is a dangling link (to /dev/pts/987654, which does not exist); refusing to open it. Remove the link, or point the profile at the device itself (e.g. /dev/serial/by-id/...)`,
      },
    ]);
    expect(t.server.devices.get('stale')).toBeUndefined();
    const lobby = t.server.devices.get('lobby')!;
    await waitFor(() => lobby.status().status === 'online', 10_000, 'the by-id port open');
    expect((await lobby.send('power', { on: true })).ok).toBe(true);
  });

  it('refuses a dangling link in the serial transport too (a link that went dangling after the start), with the same error', async () => {
    const links = mkdtempSync(join(tmpdir(), 'ioc-links-'));
    cleanup.push(() => rmSync(links, { recursive: true, force: true }));
    const path = join(links, 'ttyGONE');
    symlinkSync('/dev/pts/987655', path);
    const t = new SerialTransport({ path, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, { initialMs: 20, maxMs: 20 });
    cleanup.push(() => t.stop());
    t.start();
    expect([t.status, t.lastError]).toEqual(['offline', expect.stringContaining(`serial path ${path} is a dangling link (to /dev/pts/987655, which does not exist)`)]);
  });
});
