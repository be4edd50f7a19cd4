import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { SqliteSql } from '../store/sqlite-sql.js';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshSqliteStore, stopEngines } from '../testing/engines.js';
import { roomLayouts, waitFor } from '../testing/harness.js';
import { MemoryNetwork } from '../testing/memory-network.js';
import { driverByName } from './drivers/index.js';
import { SamsungMdcEmulator, serveTcp } from './emulators/index.js';
import { DevicesDomain } from './index.js';

/**
 * Several servers, one room: each device is driven by one server at a time (its lease); a
 * command given to any server reaches that server's queue; when it dies the device moves.
 * Two domains in one process on one store and one bus, as two servers would be.
 */
describe('devices driven by one server of several', () => {
  const display = new SamsungMdcEmulator(1);
  let served: { port: number; close(): Promise<void> };
  let layouts: string;
  const log = pino({ level: 'silent' });
  const connections = new Map<DevicesDomain, SqliteSql>();

  beforeAll(async () => {
    served = await serveTcp(display);
    layouts = roomLayouts({
      devices: [
        { id: 'disp-1', name: { vi: 'Màn hình 1', en: 'Display 1' }, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: served.port } },
        { id: 'wired', name: { vi: 'Cổng nối tiếp', en: 'Serial link' }, driver: 'samsung-mdc', address: 1, transport: { kind: 'serial', path: '/dev/ttyNOWHERE0' } },
      ],
    });
  });
  afterAll(async () => {
    await served.close();
    rmSync(layouts, { recursive: true, force: true });
    await stopEngines();
  });

  /** A server with its own connection to the shared store (closing it is that server losing the store). */
  const server = (store: ReturnType<typeof freshSqliteStore>, net: MemoryNetwork, id: string) => {
    const sql = new SqliteSql(new Database(store.file));
    const domain = new DevicesDomain(join(layouts, 'devices'), driverByName, log, {}, { serverId: id, serverName: `host-${id}`, sql, bus: net.bus(id), log, leaseTtlMs: 1500, announceMs: 100 });
    connections.set(domain, sql);
    domain.start();
    return domain;
  };

  it('has one owner per device, passes commands to it from the other server, and moves the device when the owner dies', async () => {
    const store = freshSqliteStore();
    const net = new MemoryNetwork();
    const a = server(store, net, 'a');
    await waitFor(() => a.list().find((d) => d.id === 'disp-1')?.status === 'online', 5000, 'a to drive the display');
    const b = server(store, net, 'b');
    await waitFor(() => b.list().find((d) => d.id === 'disp-1')?.owner === 'a', 5000, 'b to hear that a drives it');
    expect(b.list().find((d) => d.id === 'disp-1')).toMatchObject({ status: 'online', owner: 'a' });

    // A command given to b goes out once, on a's connection (the emulator sees one frame).
    const before = display.received.length;
    await expect(b.get('disp-1')!.send('power', { on: true })).resolves.toMatchObject({ ok: true, sent: ['AA 11 01 01 01 14'], state: { power: 'on' } });
    expect(display.received.length).toBe(before + 1);
    // A bad argument is refused on b, before anything is sent.
    await expect(b.get('disp-1')!.send('volume', { level: 500 })).rejects.toThrow(/level/);
    expect(display.received.length).toBe(before + 1);

    // a is cut off from the others and from the store (its machine is gone): it releases
    // nothing; it stops driving the display when it cannot renew, and b takes it once the lease has run out.
    net.partition('a');
    await connections.get(a)!.close();
    await waitFor(() => a.list().find((d) => d.id === 'disp-1')?.owner !== 'a', 5000, 'a to give the display up');
    await waitFor(() => b.list().find((d) => d.id === 'disp-1')?.owner === 'b' && b.list().find((d) => d.id === 'disp-1')?.status === 'online', 5000, 'b to drive the display');
    await expect(b.get('disp-1')!.send('power', { on: false })).resolves.toMatchObject({ ok: true, state: { power: 'off' } });
    await a.stop().catch(() => {});
    await b.stop();
  });

  it('refuses a serial device that does not say which machine it is wired to', () => {
    const store = freshSqliteStore();
    const a = server(store, new MemoryNetwork(), 'a');
    expect(a.errors()).toEqual(expect.arrayContaining([{ file: 'devices/wired.json', path: 'reachableFrom', message: expect.stringMatching(/must name the machine/) }]));
    expect(a.get('wired')).toBeUndefined();
    void a.stop();
  });
});
