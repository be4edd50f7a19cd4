import type { Wall } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { MemoryNetwork } from '../testing/memory-network.js';
import { PEER_SILENT_MS, Presence } from './presence.js';

const wall = { id: 'main', displays: [{ id: 'd1' }, { id: 'd2' }] } as unknown as Wall;
const connected = (p: Presence) => p.displays(wall).map((d) => d.connected);

/** Servers a and b on one bus and one clock (`clock.now`), started. */
function twoServers() {
  const clock = { now: 1000 };
  const net = new MemoryNetwork();
  const a = new Presence(() => clock.now, net.bus('a'));
  const b = new Presence(() => clock.now, net.bus('b'));
  a.start();
  b.start();
  return { clock, net, a, b };
}

describe('Presence across servers', () => {
  it('shows a display connected whichever server its renderer is on, and tells consoles on each server', () => {
    const { clock, a, b } = twoServers();
    let changesOnB = 0;
    b.onChange(() => changesOnB++);
    a.connect('main', 'd1');
    b.connect('main', 'd2');
    expect(connected(a)).toEqual([true, true]);
    expect(connected(b)).toEqual([true, true]);
    expect(changesOnB).toBeGreaterThan(0);
    clock.now = 2000;
    a.disconnect('main', 'd1');
    expect(connected(b)).toEqual([false, true]);
    expect(b.displays(wall)[0]!.lastSeen).toBe(2000);
    a.stop();
    b.stop();
  });

  it("drops a silent server's renderers after a while, and hears them again after a gap", () => {
    const { clock, net, a, b } = twoServers();
    a.connect('main', 'd1');
    expect(connected(b)).toEqual([true, false]);
    // a's server is cut off (it died, or its bus connection did): b forgets its renderers in time.
    net.partition('a');
    clock.now += PEER_SILENT_MS - 1;
    b.tick();
    expect(connected(b)).toEqual([true, false]);
    clock.now += 2;
    b.tick();
    expect(connected(b)).toEqual([false, false]);
    // Back on the bus: a speaks at once (the gap), b sees d1 again.
    net.heal('a');
    expect(connected(b)).toEqual([true, false]);
    a.stop();
    b.stop();
  });

  it('tells which enrolled devices have a socket on another server, until the last one leaves or the server falls silent', () => {
    const { clock, net, a, b } = twoServers();
    a.deviceConnected(4);
    a.deviceConnected(4);
    a.deviceConnected(9);
    expect([...b.devicesOnPeers()].sort()).toEqual([4, 9]);
    expect([...a.devicesOnPeers()]).toEqual([]);
    a.deviceDisconnected(4);
    a.deviceDisconnected(9);
    expect([...b.devicesOnPeers()]).toEqual([4]);
    net.partition('a');
    clock.now += PEER_SILENT_MS + 1;
    b.tick();
    expect([...b.devicesOnPeers()]).toEqual([]);
    a.stop();
    b.stop();
  });

  it('works alone without a bus, as one server always did', () => {
    const p = new Presence(() => 5);
    p.connect('main', 'd2');
    expect(p.displays(wall)).toEqual([{ displayId: 'd1', connected: false, lastSeen: null }, { displayId: 'd2', connected: true, lastSeen: 5 }]);
  });
});
