import { z } from 'zod';
import type { ActiveSize, Bezel, Resolution, Wall } from './layouts.js';

/** A rectangle in wall-canvas pixels (or window pixels, where said). */
export const BoxSchema = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int(), height: z.number().int() });
export type Box = z.infer<typeof BoxSchema>;

/** Bezel widths of one display, mm. */
export interface BezelMm {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** A display with the wall's defaults applied and its active area placed on the wall, in mm. */
export interface PlacedDisplay {
  id: string;
  /** Index in `wall.displays`. */
  index: number;
  /** Grid cell, or for displays placed by position the cell of a grid derived from the positions. */
  row: number;
  col: number;
  resolution: Resolution;
  /** Active area, mm. Without any size given, 1 mm per pixel (so the canvas is exactly the pixels). */
  size: ActiveSize;
  bezel: BezelMm;
  /** Top-left of the active area on the wall, mm. */
  x: number;
  y: number;
  /** Pixel pitch, mm per pixel. */
  pitch: { x: number; y: number };
}

const SizeSchema = z.object({ width: z.number().int(), height: z.number().int() });

/** A display's part of the canvas. */
export const DisplayGeometrySchema = z.object({
  id: z.string(),
  /** Grid cell (for displays placed by position: of the grid their positions form). */
  row: z.number().int(),
  col: z.number().int(),
  resolution: SizeSchema,
  /** The canvas rectangle the display shows; the size of its resolution unless its pitch differs from the canvas's. */
  viewport: BoxSchema,
});
export type DisplayGeometry = z.infer<typeof DisplayGeometrySchema>;

/** Where one display of a renderer sits in the renderer's window. */
export const RendererPlacementSchema = z.object({
  display: z.string(),
  /** Canvas rectangle shown. */
  viewport: BoxSchema,
  /** Where it is drawn in the window (window pixels: the machine's outputs side by side). */
  window: BoxSchema,
});
export type RendererPlacement = z.infer<typeof RendererPlacementSchema>;

/** One renderer (machine output window) of a wall. */
export const RendererGeometrySchema = z.object({
  id: z.string(),
  displays: z.array(z.string()),
  /** Bounding rectangle of its displays' viewports, canvas pixels. */
  viewport: BoxSchema,
  /** Parts of `viewport` behind bezels (shown by no display), canvas pixels. */
  hidden: z.array(BoxSchema),
  /** The window: its displays' resolutions side by side, without the hidden pixels. */
  window: SizeSchema,
  placements: z.array(RendererPlacementSchema),
});
export type RendererGeometry = z.infer<typeof RendererGeometrySchema>;

/** Everything a wall's renderers need to know about its geometry (served in `GET /api/v1/layouts`). */
export const WallGeometrySchema = z.object({
  /** The virtual canvas, pixels; scenes' panel rectangles are in these pixels. */
  canvas: SizeSchema,
  /** Canvas pixel pitch, mm per pixel. */
  pitch: z.object({ x: z.number(), y: z.number() }),
  displays: z.array(DisplayGeometrySchema),
  renderers: z.array(RendererGeometrySchema),
});
export type WallGeometry = z.infer<typeof WallGeometrySchema>;

/** Positions closer than this (mm) are the same column or row. */
const SAME_MM = 1;

export function bezelMm(b: Bezel | undefined): BezelMm {
  if (b === undefined) return { top: 0, right: 0, bottom: 0, left: 0 };
  return typeof b === 'number' ? { top: b, right: b, bottom: b, left: b } : b;
}

/** The size a display is taken to have: its own, the wall's, or 1 mm per pixel. */
function sizeOf(res: Resolution, own: ActiveSize | undefined, wallSize: ActiveSize | undefined, wallRes: Resolution): ActiveSize {
  if (own) return own;
  if (wallSize) return { width: (wallSize.width / wallRes.width) * res.width, height: (wallSize.height / wallRes.height) * res.height };
  return { width: res.width, height: res.height };
}

/** Cluster indexes of values: values within SAME_MM of the previous one share an index. */
function clusters(values: number[]): (v: number) => number {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const starts: number[] = [];
  for (const v of sorted) if (starts.length === 0 || v - (starts.at(-1) as number) > SAME_MM) starts.push(v);
  return (v) => {
    let i = 0;
    while (i + 1 < starts.length && (starts[i + 1] as number) - SAME_MM <= v) i++;
    return i;
  };
}

/**
 * Places every display on the wall, in mm. On a grid each column is as wide as its widest
 * display with its bezels (rows likewise), so the active areas of neighbours are separated by
 * exactly their two bezels. Displays placed by `position` keep it.
 */
export function placeDisplays(wall: Wall): PlacedDisplay[] {
  const base = wall.displays.map((d, index) => {
    const resolution = d.resolution ?? wall.resolution;
    const size = sizeOf(resolution, d.size, wall.size, wall.resolution);
    const bezel = bezelMm(d.bezel ?? wall.bezel);
    return { d, index, resolution, size, bezel, pitch: { x: size.width / resolution.width, y: size.height / resolution.height } };
  });
  const byPosition = base.length > 0 && base.every((b) => b.d.position !== undefined);
  if (byPosition) {
    const colOf = clusters(base.map((b) => b.d.position?.x ?? 0));
    const rowOf = clusters(base.map((b) => b.d.position?.y ?? 0));
    return base.map(({ d, index, resolution, size, bezel, pitch }) => {
      const x = d.position?.x ?? 0;
      const y = d.position?.y ?? 0;
      return { id: d.id, index, row: rowOf(y), col: colOf(x), resolution, size, bezel, x, y, pitch };
    });
  }
  const cols = Math.max(wall.grid?.cols ?? 1, ...base.map((b) => (b.d.col ?? 0) + 1));
  const rows = Math.max(wall.grid?.rows ?? 1, ...base.map((b) => (b.d.row ?? 0) + 1));
  const defSize = sizeOf(wall.resolution, undefined, wall.size, wall.resolution);
  const defBezel = bezelMm(wall.bezel);
  const colW = Array.from({ length: cols }, () => 0);
  const rowH = Array.from({ length: rows }, () => 0);
  for (const { d, size, bezel } of base) {
    const c = d.col ?? 0;
    const r = d.row ?? 0;
    colW[c] = Math.max(colW[c] ?? 0, bezel.left + size.width + bezel.right);
    rowH[r] = Math.max(rowH[r] ?? 0, bezel.top + size.height + bezel.bottom);
  }
  const colX: number[] = [];
  const rowY: number[] = [];
  colW.reduce((x, w, c) => ((colX[c] = x), x + (w || defBezel.left + defSize.width + defBezel.right)), 0);
  rowH.reduce((y, h, r) => ((rowY[r] = y), y + (h || defBezel.top + defSize.height + defBezel.bottom)), 0);
  return base.map(({ d, index, resolution, size, bezel, pitch }) => {
    const row = d.row ?? 0;
    const col = d.col ?? 0;
    return { id: d.id, index, row, col, resolution, size, bezel, x: (colX[col] ?? 0) + bezel.left, y: (rowY[row] ?? 0) + bezel.top, pitch };
  });
}

/** The canvas pitch, mm per pixel: the wall's default display's, or else the first display's. */
export function canvasPitch(wall: Wall, placed: readonly PlacedDisplay[] = placeDisplays(wall)): { x: number; y: number } {
  if (wall.size) return { x: wall.size.width / wall.resolution.width, y: wall.size.height / wall.resolution.height };
  return placed[0]?.pitch ?? { x: 1, y: 1 };
}

/** The bounding box of boxes. */
export function boundingBox(boxes: readonly Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The parts of `outer` that none of `boxes` covers, as horizontal bands of rectangles. */
export function uncovered(outer: Box, boxes: readonly Box[]): Box[] {
  const edges = (a: number, b: number, pick: (x: Box) => [number, number]) =>
    [...new Set([a, b, ...boxes.flatMap(pick)])].filter((v) => v >= a && v <= b).sort((p, q) => p - q);
  const xs = edges(outer.x, outer.x + outer.width, (b) => [b.x, b.x + b.width]);
  const ys = edges(outer.y, outer.y + outer.height, (b) => [b.y, b.y + b.height]);
  const out: Box[] = [];
  for (let j = 0; j + 1 < ys.length; j++) {
    const y0 = ys[j] as number;
    const y1 = ys[j + 1] as number;
    let run: Box | null = null;
    for (let i = 0; i + 1 < xs.length; i++) {
      const x0 = xs[i] as number;
      const x1 = xs[i + 1] as number;
      const cx = (x0 + x1) / 2;
      const cy = (y0 + y1) / 2;
      const covered = boxes.some((b) => cx > b.x && cx < b.x + b.width && cy > b.y && cy < b.y + b.height);
      if (covered) run = null;
      else if (run) run.width = x1 - run.x;
      else out.push((run = { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }));
    }
  }
  return out;
}

/** The renderers of a wall: as declared, or one per display. */
export function renderersOf(wall: Wall): Array<{ id: string; displays: string[] }> {
  return wall.renderers ?? wall.displays.map((d) => ({ id: d.id, displays: [d.id] }));
}

/**
 * The wall's virtual canvas and each display's and renderer's viewport of it. Bezels become
 * hidden pixels: positions in mm are converted with the canvas pitch and rounded once, so
 * the hidden gap between two neighbours is their two bezels in pixels (within half a pixel,
 * without drift along a long wall). The canvas starts at the top-left active pixel. A display's
 * `offset` (calibration) then moves its viewport; the canvas stays as placed.
 */
export function wallGeometry(wall: Wall): WallGeometry {
  const placed = placeDisplays(wall);
  const pitch = canvasPitch(wall, placed);
  const ox = Math.min(...placed.map((p) => p.x));
  const oy = Math.min(...placed.map((p) => p.y));
  // Viewports as placed; a display's calibration offset moves its viewport afterwards, so the
  // canvas (where scenes put panels) and the renderers' windows do not move with it.
  const placedViewports = placed.map((p) => ({
    x: Math.round((p.x - ox) / pitch.x),
    y: Math.round((p.y - oy) / pitch.y),
    width: Math.round(p.size.width / pitch.x),
    height: Math.round(p.size.height / pitch.y),
  }));
  const displays: DisplayGeometry[] = placed.map((p, i) => ({
    id: p.id,
    row: p.row,
    col: p.col,
    resolution: p.resolution,
    viewport: shifted(placedViewports[i] as Box, wall.displays[p.index]?.offset),
  }));
  const all = boundingBox(placedViewports);
  const byId = new Map(displays.map((d, i) => [d.id, { d, base: placedViewports[i] as Box }]));
  const renderers = renderersOf(wall).flatMap((r) => {
    const mine = r.displays.flatMap((id) => byId.get(id) ?? []);
    return mine.length ? [rendererGeometry(r.id, mine)] : [];
  });
  return { canvas: { width: all.x + all.width, height: all.y + all.height }, pitch, displays, renderers };
}

function shifted(b: Box, offset: { x: number; y: number } | undefined): Box {
  return offset ? { ...b, x: b.x + offset.x, y: b.y + offset.y } : b;
}

/** `base`: each display's viewport before its offset, which places it in the window. */
function rendererGeometry(id: string, mine: Array<{ d: DisplayGeometry; base: Box }>): RendererGeometry {
  const displays = mine.map((m) => m.d);
  const viewports = displays.map((d) => d.viewport);
  const viewport = boundingBox(viewports);
  // Window columns and rows: distinct viewport lefts and tops, as wide and high as their displays' outputs.
  const lefts = [...new Set(mine.map((m) => m.base.x))].sort((a, b) => a - b);
  const tops = [...new Set(mine.map((m) => m.base.y))].sort((a, b) => a - b);
  const colW = lefts.map((x) => Math.max(...mine.filter((m) => m.base.x === x).map((m) => m.d.resolution.width)));
  const rowH = tops.map((y) => Math.max(...mine.filter((m) => m.base.y === y).map((m) => m.d.resolution.height)));
  const start = (sizes: number[], i: number) => sizes.slice(0, i).reduce((a, b) => a + b, 0);
  const placements = mine.map(({ d, base }) => ({
    display: d.id,
    viewport: d.viewport,
    window: { x: start(colW, lefts.indexOf(base.x)), y: start(rowH, tops.indexOf(base.y)), width: d.resolution.width, height: d.resolution.height },
  }));
  return {
    id,
    displays: displays.map((d) => d.id),
    viewport,
    hidden: uncovered(viewport, viewports),
    window: { width: start(colW, colW.length), height: start(rowH, rowH.length) },
    placements,
  };
}
