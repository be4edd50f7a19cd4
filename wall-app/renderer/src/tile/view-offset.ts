import type { Box } from '@ioc/protocol';

/**
 * WebGL panels spanning displays: each tile renders the same camera as the whole panel, but
 * only its own part of the image (never the full panel in every renderer). `part` is the tile's
 * sub-rectangle of the panel, in panel pixels (the panel's rect intersected with the tile's
 * viewport, minus the panel's origin); `panel` is the panel's full size.
 */

/** Arguments of three.js `camera.setViewOffset(fullWidth, fullHeight, x, y, width, height)`. */
export function threeViewOffset(panel: { width: number; height: number }, part: Box): [number, number, number, number, number, number] {
  return [panel.width, panel.height, part.x, part.y, part.width, part.height];
}

/**
 * The same crop as a clip-space matrix (column-major 4x4, as WebGL and deck.gl take them):
 * `projection(part) = crop x projection(panel)`. For deck.gl: build the panel's full
 * WebMercatorViewport, then a `Viewport` of the part's size with the same `viewMatrix` and
 * `projectionMatrix: crop x full.projectionMatrix`. Works for perspective and orthographic cameras.
 */
export function clipCropMatrix(panel: { width: number; height: number }, part: Box): number[] {
  const sx = panel.width / part.width;
  const sy = panel.height / part.height;
  const tx = (panel.width - 2 * part.x - part.width) / part.width;
  const ty = (part.height - panel.height + 2 * part.y) / part.height;
  // prettier-ignore
  return [
    sx, 0, 0, 0,
    0, sy, 0, 0,
    0, 0, 1, 0,
    tx, ty, 0, 1,
  ];
}

/**
 * MapLibre: the same camera (center, zoom, bearing, pitch) on a map the size of the part, with
 * `padding` that puts the camera's centre where the panel's centre falls relative to the part,
 * and a vertical field of view narrowed so that the camera stands as far from the map as it
 * does for the whole panel (`fovDeg` is the panel's, MapLibre's default 36.87).
 */
export function mapSubViewport(panel: { width: number; height: number }, part: Box, fovDeg = 36.87): { padding: { top: number; right: number; bottom: number; left: number }; fovDeg: number } {
  const cx = panel.width / 2 - part.x;
  const cy = panel.height / 2 - part.y;
  const dx = 2 * cx - part.width;
  const dy = 2 * cy - part.height;
  const half = (fovDeg * Math.PI) / 360;
  const fov = (2 * Math.atan((part.height / panel.height) * Math.tan(half)) * 180) / Math.PI;
  return { padding: { left: Math.max(0, dx), right: Math.max(0, -dx), top: Math.max(0, dy), bottom: Math.max(0, -dy) }, fovDeg: fov };
}

/** The part of a panel rect a tile viewport shows, in panel pixels; null when none. */
export function panelPart(rect: { x: number; y: number; w: number; h: number }, viewport: Box): Box | null {
  const x0 = Math.max(rect.x, viewport.x);
  const y0 = Math.max(rect.y, viewport.y);
  const x1 = Math.min(rect.x + rect.w, viewport.x + viewport.width);
  const y1 = Math.min(rect.y + rect.h, viewport.y + viewport.height);
  return x1 > x0 && y1 > y0 ? { x: x0 - rect.x, y: y0 - rect.y, width: x1 - x0, height: y1 - y0 } : null;
}
