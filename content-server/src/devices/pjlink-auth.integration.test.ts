import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { DeviceProfileSchema } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { DeviceConnection } from './device-connection.js';
import { pjlinkDriver } from './drivers/pjlink.js';
import { TcpTransport } from './transports/tcp.js';

const PASSWORD = 'JBMIAProjectorLink';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A projector that greets with a new random on each connection and checks the digest. */
function projector() {
  const randoms = ['498e4a67', '1a2b3c4d'];
  const received: string[] = [];
  const sockets = new Set<Socket>();
  let connection = 0;
  const server = createServer((s) => {
    sockets.add(s);
    const random = randoms[connection++ % randoms.length]!;
    let authed = false;
    // A real projector takes a moment before it greets; a command must not go out before.
    setTimeout(() => s.write(`PJLINK 1 ${random}\r`), 50);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      for (let cr = buf.indexOf('\r'); cr >= 0; cr = buf.indexOf('\r')) {
        let line = buf.slice(0, cr);
        buf = buf.slice(cr + 1);
        received.push(line);
        if (!authed) {
          if (!line.startsWith(md5(random + PASSWORD))) return void s.end('PJLINK ERRA\r');
          line = line.slice(32);
          authed = true;
        }
        if (line === '%1POWR 1') s.write('%1POWR=OK\r');
      }
    });
  });
  return { server, received, sockets };
}

describe('PJLink authentication through a device connection', () => {
  const p = projector();
  let device: DeviceConnection;
  afterAll(() => {
    device?.stop();
    for (const s of p.sockets) s.destroy();
    p.server.close();
  });

  it('sends the digest of the greeting of the connection the command goes out on', async () => {
    await new Promise<void>((r) => p.server.listen(0, '127.0.0.1', r));
    const port = (p.server.address() as { port: number }).port;
    const profile = DeviceProfileSchema.parse({
      id: 'proj-1', name: { vi: 'Máy chiếu', en: 'Projector' }, driver: 'pjlink',
      transport: { kind: 'tcp', host: '127.0.0.1', port }, timing: { replyTimeoutMs: 500, maxRetries: 1, gapMs: 0, backoffMs: 20 },
    });
    device = new DeviceConnection(profile, pjlinkDriver, new TcpTransport('127.0.0.1', port, 1000, { initialMs: 50, maxMs: 200 }), { password: PASSWORD });
    device.start();
    // Sent at once (queued before the link is up): it must wait for the greeting, then carry
    // that greeting's digest. Results and the audit log show the digest masked.
    const first = await device.send('power', { on: true });
    expect(first).toMatchObject({ ok: true, attempts: 1 });
    expect(p.received[0]).toBe(`${md5('498e4a67' + PASSWORD)}%1POWR 1`);
    expect(Buffer.from(first.sent[0]!.replace(/ /g, ''), 'hex').toString('latin1')).toBe(`${'*'.repeat(32)}%1POWR 1\r`);

    // A new connection greets with a new random: the next command carries the new digest.
    for (const s of p.sockets) s.destroy();
    await expect.poll(() => device.status().status, { timeout: 3000 }).not.toBe('online');
    await expect(device.send('power', { on: true })).resolves.toMatchObject({ ok: true });
    // The first command on the new connection (the power command, or the server's own status
    // read on connecting, whichever is queued first) carries the new digest.
    const fresh = p.received.findIndex((l) => l.startsWith(md5('1a2b3c4d' + PASSWORD)));
    expect(fresh).toBeGreaterThan(0);
    expect(p.received.slice(fresh).some((l) => l.endsWith('%1POWR 1'))).toBe(true);
    expect(device.status()).toMatchObject({ status: 'online', lastError: null });
  });
});
