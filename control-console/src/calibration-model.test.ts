import type { DeviceStatus, DisplayAdjustView } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { bezelArgs, brightnessDevice, colorArgs, createDebouncedSender, offsetArgs } from './calibration-model.js';

const d1: DisplayAdjustView = {
  displayId: 'd1',
  row: 0,
  col: 0,
  resolution: { width: 1920, height: 1080 },
  bezel: { top: 1.8, right: 1.8, bottom: 1.8, left: 1.8 },
  offset: { x: 2, y: 0 },
  color: { gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 1 },
};
const device = (id: string, extra: Partial<DeviceStatus> = {}): DeviceStatus => ({ id, name: { vi: id, en: id }, driver: 'samsung-mdc', status: 'online', queued: 0, lastReplyAt: null, lastError: null, state: {}, ...extra });

describe('calibration panel rules', () => {
  it('sends whole values with the one field changed', () => {
    expect(bezelArgs('main', d1, 'right', 2.2)).toEqual({ wallId: 'main', displayId: 'd1', bezel: { top: 1.8, right: 2.2, bottom: 1.8, left: 1.8 } });
    expect(offsetArgs('main', d1, 'y', -3.4)).toEqual({ wallId: 'main', displayId: 'd1', offset: { x: 2, y: -3 } });
    expect(colorArgs('main', d1, 'g', 0.9).color).toEqual({ gain: { r: 1, g: 0.9, b: 1 }, brightness: 1, gamma: 1 });
    expect(colorArgs('main', d1, 'gamma', 1.2).color).toEqual({ gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 1.2 });
  });

  it("uses the display's own brightness only when its device is linked to it and can do it", () => {
    const devices = {
      left: device('left', { wallDisplay: { wall: 'main', display: 'd1' } }),
      lobby: device('lobby', { driver: 'lg', wallDisplay: { wall: 'lobby', display: 'd1' } }),
      proj: device('proj', { driver: 'pjlink', wallDisplay: { wall: 'main', display: 'd2' } }),
    };
    expect(brightnessDevice('main', 'd1', devices, ['left', 'lobby'])?.id).toBe('left');
    expect(brightnessDevice('main', 'd2', devices, ['left', 'lobby'])).toBeNull();
    expect(brightnessDevice('main', 'd1', devices, undefined)).toBeNull();
  });

  it('sends a dragged value once it rests, and holds it while the previous one is pending', () => {
    const timers: Array<{ run: () => void; ms: number; live: boolean }> = [];
    const sent: unknown[] = [];
    let pending = false;
    const s = createDebouncedSender({
      delayMs: 200,
      isPending: () => pending,
      send: (_k, _n, args) => sent.push(args),
      schedule: (run, ms) => timers.push({ run, ms, live: true }) - 1,
      cancel: (h) => (timers[h as number]!.live = false),
    });
    const fireLive = () => timers.filter((t) => t.live).forEach((t) => ((t.live = false), t.run()));
    s.push('k', 'wall.display.adjust', { v: 1 });
    s.push('k', 'wall.display.adjust', { v: 2 });
    s.push('k', 'wall.display.adjust', { v: 3 });
    fireLive();
    expect(sent).toEqual([{ v: 3 }]);
    pending = true;
    s.push('k', 'wall.display.adjust', { v: 4 });
    fireLive();
    expect(sent).toEqual([{ v: 3 }]);
    pending = false;
    fireLive();
    expect(sent).toEqual([{ v: 3 }, { v: 4 }]);
  });
});
