import { describe, expect, it } from 'vitest';
import { clipCropMatrix, mapSubViewport, panelPart, threeViewOffset } from './view-offset';

// A panel 3000 x 1500 canvas px at (500, 300) on a 2x2 wall of 1920x1080 displays with 6 px bezel gaps.
const rect = { x: 500, y: 300, w: 3000, h: 1500 };
const d2 = { x: 1926, y: 0, width: 1920, height: 1080 };

/** Applies a column-major 4x4 matrix to a clip-space point with w = 1. */
const apply = (m: number[], x: number, y: number) => [m[0]! * x + m[12]!, m[5]! * y + m[13]!];

describe('view offset of a WebGL panel spanning tiles', () => {
  it('gives each tile its part of the panel', () => {
    expect(panelPart(rect, d2)).toEqual({ x: 1426, y: 0, width: 1574, height: 780 });
    expect(panelPart(rect, { x: 0, y: 1086, width: 400, height: 1080 })).toBeNull();
  });

  it('passes three.js the full size and the part', () => {
    expect(threeViewOffset({ width: 3000, height: 1500 }, panelPart(rect, d2)!)).toEqual([3000, 1500, 1426, 0, 1574, 780]);
  });

  it('maps the part of the full image onto the whole tile in clip space', () => {
    const part = panelPart(rect, d2)!;
    const m = clipCropMatrix({ width: 3000, height: 1500 }, part);
    // The full image's clip x of panel pixel 1426 (the part's left edge) becomes -1, of 3000 becomes +1.
    const clipX = (px: number) => (px / 3000) * 2 - 1;
    const clipY = (py: number) => 1 - (py / 1500) * 2;
    expect(apply(m, clipX(1426), clipY(0)).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([-1, 1]);
    expect(apply(m, clipX(3000), clipY(780)).map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, -1]);
  });

  it('centres a MapLibre camera where the panel centre falls and keeps its distance', () => {
    const part = panelPart(rect, d2)!;
    const { padding, fovDeg } = mapSubViewport({ width: 3000, height: 1500 }, part);
    // Panel centre (1500, 750) is at (74, 750) in the part: padded area centred there.
    expect((padding.left + part.width - padding.right) / 2).toBeCloseTo(74);
    expect((padding.top + part.height - padding.bottom) / 2).toBeCloseTo(750);
    // Same camera distance: (h / 2) / tan(fov / 2) equal for the part and the panel.
    const dist = (h: number, deg: number) => h / 2 / Math.tan((deg * Math.PI) / 360);
    expect(dist(part.height, fovDeg)).toBeCloseTo(dist(1500, 36.87));
  });
});
