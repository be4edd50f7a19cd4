import type { FrameCadence } from '@ioc/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryNetwork } from '../testing/memory-network.js';
import { placeChange } from '../live/index.js';
import { CADENCES_REPEAT_MS, PeerCadences } from './peer-cadences.js';

const sixty = (anchorWall: number): FrameCadence => ({ anchorWall, intervalMs: 1000 / 60 });

afterEach(() => vi.useRealTimers());

describe('PeerCadences', () => {
  it('gives each server the other\'s renderers of a wall, on its own clock, and forgets a silent peer', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const net = new MemoryNetwork();
    const onA: Record<string, FrameCadence[]> = { main: [sixty(1_000)] };
    const onB: Record<string, FrameCadence[]> = { main: [sixty(2_008)], annex: [sixty(3_000)] };
    // B's clock is 5 ms ahead of A's: A moves B's times back by 5 ms.
    const a = new PeerCadences(net.bus('a'), () => onA, (t, origin) => (origin === 'b' ? t - 5 : t));
    const b = new PeerCadences(net.bus('b'), () => onB, (t) => t);
    a.start();
    b.start();
    expect(a.of('main')).toEqual([sixty(2_003)]);
    expect(a.of()).toEqual([sixty(2_003), sixty(2_995)]);
    expect(b.of('main')).toEqual([sixty(1_000)]);
    expect(b.of('annex')).toEqual([]);
    // B stops (it died): A goes on without its renderers once it has been silent 10 s.
    b.stop();
    await vi.advanceTimersByTimeAsync(10_000 + CADENCES_REPEAT_MS);
    expect(a.of('main')).toEqual([]);
    a.stop();
  });

  it('makes a change clear of the frame starts of the renderers on both servers', () => {
    const net = new MemoryNetwork();
    const frame = 1000 / 60;
    // A's renderers start frames at phase 0, B's at phase 8 ms: only together do they leave a gap at ~12.3 ms.
    const a = new PeerCadences(net.bus('a'), () => ({ main: [sixty(0)] }), (t) => t);
    const b = new PeerCadences(net.bus('b'), () => ({ main: [sixty(8)] }), (t) => t);
    a.start();
    b.start();
    const t = 10_000 * frame + 200;
    const alone = placeChange(t, [sixty(0)]);
    const both = placeChange(t, [sixty(0), ...a.of('main')]);
    const distance = (x: number, phase: number) => {
      const d = (((x - phase) % frame) + frame) % frame;
      return Math.min(d, frame - d);
    };
    // Alone, A may put T right on B's frame starts; with B's cadences, T keeps clear of both.
    expect(Math.min(distance(both, 0), distance(both, 8))).toBeGreaterThan(3);
    expect(both).not.toBe(alone);
    a.stop();
    b.stop();
  });
});
