import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryNetwork } from '../testing/memory-network.js';
import type { StoredDevice } from './device-tokens.js';
import { PEER_SILENT_MS } from './presence.js';
import { PairingPeers, REMOTE_ENROLL_WAIT_MS, type AnnouncedCode, type RemoteEnroll } from './pairing-peers.js';

const silent = pino({ level: 'silent' });
const device = { id: 7, name: 'Left TV', wallId: 'main', displayId: 'd1', rendererId: null } as StoredDevice;
const code = (c: string, requestedAt: number, expiresAt: number): AnnouncedCode => ({ code: c, requestedAt, expiresAt, hint: {}, address: '10.0.0.9', userAgent: 'kiosk' });
const ask = (c: string): RemoteEnroll => ({ code: c, position: { wallId: 'main', displayId: 'd1', rendererId: null }, by: 'user:tech' });

/** A server: its codes, and what it does when asked to take one. */
function server(net: MemoryNetwork, id: string, opts: { now?: () => number; offsetMs?: number } = {}) {
  const codes: AnnouncedCode[] = [];
  const took: string[] = [];
  const peers = new PairingPeers({
    bus: net.bus(id),
    toLocal: (t) => t + (opts.offsetMs ?? 0),
    pending: () => codes,
    take: async (req) => {
      const i = codes.findIndex((c) => c.code === req.code);
      if (i < 0) return null;
      codes.splice(i, 1);
      took.push(req.code);
      return device;
    },
    log: silent,
    ...(opts.now && { now: opts.now }),
  });
  return { peers, codes, took };
}

describe('PairingPeers: pairing codes across servers', () => {
  afterEach(() => void vi.useRealTimers());

  it("lists the other servers' codes on this clock, without expired ones, and forgets a silent server", () => {
    let now = 10_000;
    const net = new MemoryNetwork();
    const a = server(net, 'a', { now: () => now });
    const b = server(net, 'b', { now: () => now, offsetMs: 500 });
    a.codes.push(code('K7MQ4P', 4_000, 20_000), code('ABCDEF', 1_000, 9_000));
    a.peers.start();
    b.peers.start();
    expect(b.peers.pending()).toEqual([{ ...code('K7MQ4P', 4_500, 20_500), ageS: 5 }]);
    expect(b.peers.holds('K7MQ4P')).toBe(true);
    expect(a.peers.pending()).toEqual([]);
    net.partition('a');
    now += PEER_SILENT_MS + 1;
    b.peers.tick();
    expect(b.peers.pending()).toEqual([]);
    a.peers.stop();
    b.peers.stop();
  });

  it('has the holder take a code, once, and answers null at once when every server said "not here"', async () => {
    const net = new MemoryNetwork();
    const a = server(net, 'a');
    const b = server(net, 'b');
    const c = server(net, 'c');
    a.codes.push(code('K7MQ4P', 1, Date.now() + 60_000));
    for (const s of [a, b, c]) s.peers.start();
    expect(await b.peers.enroll(ask('K7MQ4P'))).toEqual(device);
    expect(a.took).toEqual(['K7MQ4P']);
    const started = Date.now();
    expect(await b.peers.enroll(ask('K7MQ4P'))).toBeNull();
    expect(Date.now() - started).toBeLessThan(REMOTE_ENROLL_WAIT_MS);
    for (const s of [a, b, c]) s.peers.stop();
  });

  it('answers null at once when no other server was heard (alone on PostgreSQL)', async () => {
    const net = new MemoryNetwork();
    const a = server(net, 'a');
    a.peers.start();
    const started = Date.now();
    expect(await a.peers.enroll(ask('K7MQ4P'))).toBeNull();
    expect(Date.now() - started).toBeLessThan(REMOTE_ENROLL_WAIT_MS);
    a.peers.stop();
  });

  it('waits at most REMOTE_ENROLL_WAIT_MS for a server that does not answer', async () => {
    vi.useFakeTimers();
    const net = new MemoryNetwork();
    const a = server(net, 'a');
    const b = server(net, 'b');
    a.peers.start();
    b.peers.start();
    // a is known to b, then cut off before it can answer.
    net.partition('a');
    let answer: StoredDevice | null | undefined;
    void b.peers.enroll(ask('K7MQ4P')).then((r) => (answer = r));
    await vi.advanceTimersByTimeAsync(REMOTE_ENROLL_WAIT_MS - 1);
    expect(answer).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(answer).toBeNull();
    a.peers.stop();
    b.peers.stop();
  });

  it('passes on a failure of the holder', async () => {
    const net = new MemoryNetwork();
    const a = new PairingPeers({ bus: net.bus('a'), toLocal: (t) => t, pending: () => [], take: () => Promise.reject(new Error('store down')), log: silent });
    const b = server(net, 'b');
    a.start();
    b.peers.start();
    await expect(b.peers.enroll(ask('K7MQ4P'))).rejects.toThrow(/could not enroll it: store down/);
    a.stop();
    b.peers.stop();
  });
});
