import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamsungMdcEmulator, serveTcp } from './emulators/index.js';
import { getJson, roomLayouts, startTestServer, type TestServer } from '../testing/harness.js';

describe('devices over HTTP', () => {
  // An emulated Samsung display on TCP (MDC over TCP, port 1515 on a real one).
  const display = new SamsungMdcEmulator(1);
  let served: { port: number; close(): Promise<void> };
  let t: TestServer;
  let layouts: string;

  beforeAll(async () => {
    served = await serveTcp(display);
    const port = served.port;
    layouts = roomLayouts({
      devices: [{ id: 'disp-1', name: { vi: 'Màn hình 1', en: 'Display 1' }, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port } }],
    });
    writeFileSync(join(layouts, 'devices/broken.json'), JSON.stringify({ id: 'broken', driver: 'samsung-mdc' }));
    t = await startTestServer({ layoutsDir: layouts, watchLayouts: false });
  });
  afterAll(async () => {
    await t.close();
    await served.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('lists each device with its live status, and the problems of invalid profiles', async () => {
    await expect.poll(async () => (await getJson(`${t.url}/api/v1/devices`)).body.devices[0]?.status, { timeout: 5000 }).toBe('online');
    const { status, body } = await getJson(`${t.url}/api/v1/devices`);
    expect(status).toBe(200);
    // On connecting, the server asks the display for its status: the console knows it at once.
    await expect.poll(async () => (await getJson(`${t.url}/api/v1/devices`)).body.devices[0]?.state.power, { timeout: 5000 }).toBe('off');
    expect(body.devices).toHaveLength(1);
    expect((await getJson(`${t.url}/api/v1/devices`)).body.devices).toEqual([
      // With several servers (PostgreSQL) each device names the server that drives it.
      { id: 'disp-1', name: { vi: 'Màn hình 1', en: 'Display 1' }, driver: 'samsung-mdc', status: 'online', queued: 0, lastReplyAt: expect.any(Number), lastError: null, state: { power: 'off', volume: 20, mute: false, input: 'hdmi1', info: { aspect: '0x10', inputCode: '0x21' } }, ...(t.server.store.engine === 'postgres' && { owner: t.server.cluster.serverId }) },
    ]);
    const errors = (await getJson(`${t.url}/api/v1/devices/errors`)).body.errors;
    expect(errors).toEqual(expect.arrayContaining([{ file: 'devices/broken.json', path: 'name', message: expect.any(String) }, { file: 'devices/broken.json', path: 'transport', message: expect.any(String) }]));
  });

  it('sends a device command and reads the state back into the status', async () => {
    const device = t.server.devices.get('disp-1')!;
    await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: true, sent: ['AA 11 01 01 01 14'], replies: ['AA FF 01 03 41 11 01 56'], state: { power: 'on' } });
    const listed = (await getJson(`${t.url}/api/v1/devices`)).body.devices[0];
    expect(listed).toMatchObject({ status: 'online', state: { power: 'on' }, lastReplyAt: expect.any(Number) });
  });
});
