import { WallSchema } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { colorFilterOf, colorTransfer, correctedDisplays, correctedValue } from './color-filter';

describe('colour correction filter', () => {
  it('is the identity for gains 1, brightness 1, gamma 1', () => {
    const t = colorTransfer({ gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 1 });
    expect(t.r).toEqual({ amplitude: 1, exponent: 1, offset: 0 });
    for (const v of [0, 1, 64, 128, 200, 255]) expect(correctedValue(v, t.g)).toBe(v);
  });

  it('multiplies brightness and each gain, and clamps at full scale', () => {
    const t = colorTransfer({ gain: { r: 1.2, g: 1, b: 0.5 }, brightness: 0.5, gamma: 1 });
    expect([t.r.amplitude, t.g.amplitude, t.b.amplitude]).toEqual([0.6, 0.5, 0.25]);
    expect(correctedValue(200, t.r)).toBe(Math.round(0.6 * 200));
    expect(correctedValue(255, colorTransfer({ gain: { r: 2, g: 1, b: 1 }, brightness: 1, gamma: 1 }).r)).toBe(255);
    expect(correctedValue(200, colorTransfer({ gain: { r: 2, g: 1, b: 1 }, brightness: 1, gamma: 1 }).r)).toBe(255);
  });

  it('raises values to 1/gamma: a gamma above 1 lifts the mid-tones and keeps black and white', () => {
    const t = colorTransfer({ gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 2 });
    expect(t.r.exponent).toBe(0.5);
    expect(correctedValue(0, t.r)).toBe(0);
    expect(correctedValue(255, t.r)).toBe(255);
    // 64/255 = 0.251; its square root 0.501 -> 128
    expect(correctedValue(64, t.r)).toBe(128);
    expect(correctedValue(128, colorTransfer({ gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 0.5 }).r)).toBe(64);
  });

  it("puts a filter only on displays whose correction changes something", () => {
    const wall = WallSchema.parse({
      id: 'w',
      name: { vi: 'T', en: 'W' },
      grid: { rows: 1, cols: 2 },
      resolution: { width: 1920, height: 1080 },
      displays: [
        { id: 'd1', row: 0, col: 0, color: { gain: { r: 1, g: 0.9, b: 1 }, brightness: 1, gamma: 1 } },
        { id: 'd2', row: 0, col: 1, color: { gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 1 } },
      ],
      defaultScene: 's',
    });
    expect(correctedDisplays(wall).map((d) => d.id)).toEqual(['d1']);
    expect(colorFilterOf(wall, 'd1')).toBe('url(#ioc-color-d1)');
    expect(colorFilterOf(wall, 'd2')).toBeUndefined();
    expect(colorFilterOf(wall, null)).toBeUndefined();
  });
});
