import { describe, expect, it } from 'vitest';
import { PeerClocks } from './peer-clocks.js';

/** A peer whose clock runs `offset` ms behind ours, answered after `delays` (out, back) ms. */
function simulated(offset: number, delays: Array<[number, number]>) {
  let now = 1_000_000;
  let i = 0;
  const clocks = new PeerClocks({
    now: () => now,
    probe: async () => {
      const [out, back] = delays[i++ % delays.length]!;
      now += out;
      const time = now - offset;
      now += back;
      return { serverId: 'server-b', time };
    },
  });
  return clocks;
}

describe('PeerClocks', () => {
  it('finds the offset from the probe with the shortest round trip, its error half that trip', async () => {
    // Symmetric fast probe (0.2 + 0.2) and slow, lopsided ones that would mislead.
    const clocks = simulated(3, [[5, 1], [0.2, 0.2], [1, 9]]);
    const { serverId, clock } = await clocks.measure('https://b');
    expect(serverId).toBe('server-b');
    expect(clock.offsetMs).toBeCloseTo(3, 6);
    expect(clock.rttMs).toBeCloseTo(0.4, 6);
    expect(clock.errorMs).toBeCloseTo(0.2, 6);
  });

  it("moves a peer's time onto this clock, but not by less than the offset's own error", async () => {
    const clocks = simulated(3, [[0.2, 0.2]]);
    await clocks.measure('https://b');
    expect(clocks.toLocal(5000, 'server-b', 'server-a')).toBeCloseTo(5003, 6);
    // Our own times and unknown peers stay as they are.
    expect(clocks.toLocal(5000, 'server-a', 'server-a')).toBe(5000);
    expect(clocks.toLocal(5000, 'server-c', 'server-a')).toBe(5000);
    // Same machine: an offset of 0.05 ms measured with 0.2 ms of error is noise, not applied.
    const same = simulated(0.05, [[0.2, 0.2]]);
    await same.measure('https://b');
    expect(same.toLocal(5000, 'server-b', 'server-a')).toBe(5000);
  });
});
