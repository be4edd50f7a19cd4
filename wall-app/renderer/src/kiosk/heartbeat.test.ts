import { describe, expect, it } from 'vitest';
import { startKioskHeartbeat } from './heartbeat';

describe('kiosk heartbeat', () => {
  it('beats from the frame loop every 250 ms, saying whether the tile is ready', () => {
    const beats: { ready: boolean }[] = [];
    let pending: ((t: number) => void) | null = null;
    let ready = false;
    startKioskHeartbeat({ heartbeat: (s) => beats.push(s ?? { ready: false }) }, { requestFrame: (cb) => (pending = cb), isReady: () => ready });
    const frame = (t: number): void => {
      const cb = pending;
      pending = null;
      cb?.(t);
    };
    for (let t = 0; t <= 500; t += 20) frame(t); // beats at 0 and 260
    expect(beats).toEqual([{ ready: false }, { ready: false }]);
    ready = true;
    for (let t = 520; t <= 760; t += 20) frame(t); // beats at 520
    expect(beats).toHaveLength(3);
    expect(beats.at(-1)).toEqual({ ready: true });
    // no frames (a hung or frozen page): no beats
    const count = beats.length;
    expect(pending).not.toBeNull();
    expect(beats.length).toBe(count);
  });
});
