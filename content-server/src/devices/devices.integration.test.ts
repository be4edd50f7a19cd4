import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLayouts, getJson, startTestServer, type TestServer } from '../testing/harness.js';

// A Samsung display on TCP 1515 that answers a power command like the real one:
// `AA 11 01 01 01 14` -> `AA FF 01 03 41 11 01 56` (ack, power on; checksum = sum after AA).
function samsungDisplay() {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('data', (d) => {
      if (d.toString('hex') === 'aa1101010114') s.write(Buffer.from('aaff0103411101' + '56', 'hex'));
    });
  });
  return { server, sockets };
}

describe('devices over HTTP', () => {
  const display = samsungDisplay();
  let t: TestServer;
  let layouts: string;

  beforeAll(async () => {
    await new Promise<void>((r) => display.server.listen(0, '127.0.0.1', r));
    const port = (display.server.address() as { port: number }).port;
    layouts = copyLayouts();
    mkdirSync(join(layouts, 'devices'), { recursive: true });
    writeFileSync(join(layouts, 'devices/disp-1.json'), JSON.stringify({
      id: 'disp-1', name: { vi: 'Màn hình 1', en: 'Display 1' }, driver: 'samsung-mdc', address: 1,
      transport: { kind: 'tcp', host: '127.0.0.1', port },
    }));
    writeFileSync(join(layouts, 'devices/broken.json'), JSON.stringify({ id: 'broken', driver: 'samsung-mdc' }));
    t = await startTestServer({ layoutsDir: layouts, watchLayouts: false });
  });
  afterAll(async () => {
    await t.close();
    for (const s of display.sockets) s.destroy();
    display.server.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('lists each device with its live status, and the problems of invalid profiles', async () => {
    await expect.poll(async () => (await getJson(`${t.url}/api/v1/devices`)).body.devices[0]?.status, { timeout: 5000 }).toBe('online');
    const { status, body } = await getJson(`${t.url}/api/v1/devices`);
    expect(status).toBe(200);
    expect(body.devices).toEqual([
      { id: 'disp-1', name: { vi: 'Màn hình 1', en: 'Display 1' }, driver: 'samsung-mdc', status: 'online', queued: 0, lastReplyAt: null, lastError: null, state: {} },
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
