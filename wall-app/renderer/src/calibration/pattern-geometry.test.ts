import { describe, expect, it } from 'vitest';
import { barRects, diagonalPath, greySteps, gridPaths, multiples } from './pattern-geometry';

/** Endpoints of the path's segments: [[x0, y0, x1, y1], ...]. */
const segments = (d: string) => [...d.matchAll(/M(-?\d+) (-?\d+)L(-?\d+) (-?\d+)/g)].map((m) => m.slice(1).map(Number));

describe('test pattern geometry', () => {
  it('puts grid lines on canvas multiples of 100, whichever viewport draws them', () => {
    expect(multiples(100, 1926, 2300)).toEqual([2000, 2100, 2200, 2300]);
    const d2 = gridPaths({ x: 1926, y: 0, width: 1920, height: 1080 });
    // The first vertical line of the display right of a 6 px bezel is at canvas x 2000 (74 px in).
    expect(d2.minor.startsWith('M2100 0V1080')).toBe(true);
    expect(d2.major.startsWith('M2000 0V1080')).toBe(true);
    // Horizontal lines at the same canvas rows on both displays: they line up across the bezel.
    const d1 = gridPaths({ x: 0, y: 0, width: 1920, height: 1080 });
    const rows = (p: string) => [...p.matchAll(/M-?\d+ (\d+)H/g)].map((m) => Number(m[1]));
    expect(rows(d1.minor)).toEqual(rows(d2.minor));
    expect(rows(d1.major)).toEqual([0, 500, 1000]);
  });

  it('draws the 45-degree lines so that they continue from one viewport into the next', () => {
    const left = segments(diagonalPath({ x: 0, y: 0, width: 800, height: 450 }));
    const right = segments(diagonalPath({ x: 806, y: 0, width: 800, height: 450 }));
    // y = x - 400 leaves the left display at (800, 400) and enters the right one at (806, 406).
    expect(left).toContainEqual([0, -400, 800, 400]);
    expect(right).toContainEqual([806, 406, 1606, 1206]);
    // Only lines that cross the viewport are drawn.
    for (const [x0, y0, x1, y1] of right) expect(Math.max(y0!, y1!) >= 0 && Math.min(y0!, y1!) <= 450 && x0! === 806 && x1! === 1606).toBe(true);
  });

  it('splits the canvas into whole-pixel bars and a 16-step grey ramp from black to white', () => {
    const bars = barRects(3846);
    expect(bars).toHaveLength(8);
    expect(bars[0]!.x).toBe(0);
    expect(bars.reduce((a, b) => a + b.width, 0)).toBe(3846);
    bars.slice(1).forEach((b, i) => expect(b.x).toBe(bars[i]!.x + bars[i]!.width));
    const steps = greySteps();
    expect(steps).toHaveLength(16);
    expect([steps[0], steps[1], steps[15]]).toEqual([0, 17, 255]);
  });
});
