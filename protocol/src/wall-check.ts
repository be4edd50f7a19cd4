import type { Wall } from './layouts.js';
import { bezelMm, canvasPitch, placeDisplays, renderersOf, type PlacedDisplay } from './wall-geometry.js';

/** A problem of a wall's geometry: where in the wall file, and what is wrong. */
export interface WallIssue {
  path: Array<string | number>;
  message: string;
}

/** Physical outlines closer or further than this (mm) than touching are an overlap or a gap. */
const TOLERANCE_MM = 0.5;
/** Pitches differing by more than this share are "mixed". */
const PITCH_TOLERANCE = 0.01;

const mm = (v: number) => `${Math.round(v * 10) / 10} mm`;
const hasBezel = (b: Wall['bezel']) => b !== undefined && (typeof b === 'number' ? b > 0 : b.top + b.right + b.bottom + b.left > 0);

/**
 * Errors of a wall's geometry, checked by `WallSchema`: how displays are placed (grid cells or
 * positions, not both), sizes needed to convert bezels, overlapping displays and gaps that are
 * not bezels (displays placed by position), and renderers (every display in exactly one, each a
 * rectangle of adjacent displays).
 */
export function wallIssues(wall: Wall): WallIssue[] {
  const issues: WallIssue[] = [];
  const add = (path: Array<string | number>, message: string) => issues.push({ path, message });
  const ids = wall.displays.map((d) => d.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) add(['displays', i, 'id'], `duplicate display id ${id}`);
  });

  const byCell = wall.displays.map((d) => d.row !== undefined || d.col !== undefined);
  const first = wall.displays[0];
  const byPosition = first?.position !== undefined && !byCell[0];
  wall.displays.forEach((d, i) => {
    const cell = byCell[i];
    if (cell && d.position) return add(['displays', i], 'expected either a grid cell (row, col) or a position (mm), not both');
    if (cell && (d.row === undefined || d.col === undefined)) return add(['displays', i], 'expected both row and col');
    if (!cell && !d.position) return add(['displays', i], 'expected a grid cell (row, col) or a position on the wall (x, y of the active area, mm)');
    if (i > 0 && (byPosition ? cell : !cell)) add(['displays', i], `expected every display placed the same way: the first display has ${byPosition ? 'a position' : 'a grid cell'}`);
    if (!d.position && !d.size && !wall.size) {
      if (hasBezel(d.bezel)) add(['displays', i, 'bezel'], 'expected size (active area, mm) on the display or the wall: bezels are converted to pixels with the pixel pitch');
    }
    if (d.position && !d.size && !wall.size) add(['displays', i, 'size'], 'expected size (active area, mm) on the display or the wall: a display placed by position needs it');
  });
  if (hasBezel(wall.bezel) && !wall.size && wall.displays.some((d) => !d.size)) add(['bezel'], 'expected size (active area, mm) with a bezel: bezels are converted to pixels with the pixel pitch');
  if (!byPosition) {
    if (!wall.grid) add(['grid'], 'expected grid {rows, cols}: the displays are placed by grid cell');
    const seen = new Map<string, number>();
    wall.displays.forEach((d, i) => {
      if (d.row === undefined || d.col === undefined) return;
      if (wall.grid && (d.row >= wall.grid.rows || d.col >= wall.grid.cols)) {
        add(['displays', i], `cell (${d.row},${d.col}) is outside the ${wall.grid.rows}x${wall.grid.cols} grid`);
      }
      const cell = `${d.row},${d.col}`;
      if (seen.has(cell)) add(['displays', i], `cell (${cell}) is already used by display ${seen.get(cell)}`);
      seen.set(cell, i);
    });
  }
  if (issues.length > 0) return issues;

  const placed = placeDisplays(wall);
  if (byPosition) issues.push(...physicalIssues(placed));
  issues.push(...rendererIssues(wall, placed));
  return issues;
}

interface Outline {
  p: PlacedDisplay;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Overlaps and gaps between the physical outlines (active area plus bezels) of displays placed by position. */
function physicalIssues(placed: PlacedDisplay[]): WallIssue[] {
  const issues: WallIssue[] = [];
  const outlines: Outline[] = placed.map((p) => ({ p, left: p.x - p.bezel.left, right: p.x + p.size.width + p.bezel.right, top: p.y - p.bezel.top, bottom: p.y + p.size.height + p.bezel.bottom }));
  const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.min(a1, b1) - Math.max(a0, b0);
  outlines.forEach((b, j) => {
    for (const a of outlines.slice(0, j)) {
      const ox = overlap(a.left, a.right, b.left, b.right);
      const oy = overlap(a.top, a.bottom, b.top, b.bottom);
      if (ox > TOLERANCE_MM && oy > TOLERANCE_MM) {
        issues.push({ path: ['displays', b.p.index, 'position'], message: `overlaps display ${a.p.id} by ${mm(ox)} x ${mm(oy)} (active areas with their bezels)` });
      }
    }
  });
  if (issues.length > 0) return issues;
  for (const a of outlines) {
    // The nearest display to the right (sharing some height) and below (sharing some width).
    const right = outlines
      .filter((b) => b !== a && overlap(a.top, a.bottom, b.top, b.bottom) > TOLERANCE_MM && b.left >= a.right - TOLERANCE_MM)
      .sort((p, q) => p.left - q.left)[0];
    if (right && right.left - a.right > TOLERANCE_MM) {
      issues.push({
        path: ['displays', right.p.index, 'position', 'x'],
        message: `a gap of ${mm(right.left - a.right)} between display ${a.p.id} and display ${right.p.id} is not bezel; expected x = ${mm(a.right + right.p.bezel.left)} so that their bezels touch`,
      });
    }
    const below = outlines
      .filter((b) => b !== a && overlap(a.left, a.right, b.left, b.right) > TOLERANCE_MM && b.top >= a.bottom - TOLERANCE_MM)
      .sort((p, q) => p.top - q.top)[0];
    if (below && below.top - a.bottom > TOLERANCE_MM) {
      issues.push({
        path: ['displays', below.p.index, 'position', 'y'],
        message: `a gap of ${mm(below.top - a.bottom)} between display ${a.p.id} and display ${below.p.id} is not bezel; expected y = ${mm(a.bottom + below.p.bezel.top)} so that their bezels touch`,
      });
    }
  }
  return issues;
}

/** Every display in exactly one renderer; each renderer a full rectangle of adjacent cells. */
function rendererIssues(wall: Wall, placed: PlacedDisplay[]): WallIssue[] {
  if (!wall.renderers) return [];
  const issues: WallIssue[] = [];
  const byId = new Map(placed.map((p) => [p.id, p]));
  const owner = new Map<string, string>();
  const rendererIds = new Set<string>();
  wall.renderers.forEach((r, i) => {
    if (rendererIds.has(r.id)) issues.push({ path: ['renderers', i, 'id'], message: `duplicate renderer id ${r.id}` });
    rendererIds.add(r.id);
    const mine: PlacedDisplay[] = [];
    r.displays.forEach((id, k) => {
      const p = byId.get(id);
      if (!p) return issues.push({ path: ['renderers', i, 'displays', k], message: `unknown display "${id}" (displays: ${[...byId.keys()].join(', ')})` });
      const other = owner.get(id);
      if (other !== undefined) return issues.push({ path: ['renderers', i, 'displays', k], message: `display ${id} is already shown by renderer ${other}; a display belongs to exactly one renderer` });
      owner.set(id, r.id);
      mine.push(p);
    });
    if (mine.length < 2) return;
    const rows = mine.map((p) => p.row);
    const cols = mine.map((p) => p.col);
    const [r0, r1, c0, c1] = [Math.min(...rows), Math.max(...rows), Math.min(...cols), Math.max(...cols)];
    const missing: string[] = [];
    for (let row = r0; row <= r1; row++) {
      for (let col = c0; col <= c1; col++) {
        if (mine.some((p) => p.row === row && p.col === col)) continue;
        const there = placed.find((p) => p.row === row && p.col === col);
        missing.push(there ? `${there.id} at (${row},${col})` : `an empty cell (${row},${col})`);
      }
    }
    if (missing.length > 0) {
      issues.push({ path: ['renderers', i, 'displays'], message: `expected a rectangle of adjacent displays; renderer ${r.id} (${mine.map((p) => p.id).join(', ')}) leaves out ${missing.join(', ')}` });
    }
  });
  const unshown = placed.filter((p) => !owner.has(p.id)).map((p) => p.id);
  if (unshown.length > 0) issues.push({ path: ['renderers'], message: `display${unshown.length > 1 ? 's' : ''} ${unshown.join(', ')} ${unshown.length > 1 ? 'are' : 'is'} in no renderer; every display must be shown by exactly one` });
  return issues;
}

/**
 * Warnings: the wall can be used, but something will look wrong. Displays whose pixel pitch
 * differs from the canvas pitch are scaled to fit their part of the canvas, so a straight line
 * crossing onto them bends or jumps.
 */
export function wallWarnings(wall: Wall): WallIssue[] {
  const placed = placeDisplays(wall);
  const pitch = canvasPitch(wall, placed);
  return placed.flatMap((p) => {
    const fx = p.pitch.x / pitch.x;
    const fy = p.pitch.y / pitch.y;
    if (Math.abs(fx - 1) <= PITCH_TOLERANCE && Math.abs(fy - 1) <= PITCH_TOLERANCE) return [];
    const f = (v: number) => Math.round(v * 1000) / 1000;
    return [
      {
        path: ['displays', p.index],
        message: `mixed pixel pitch: display ${p.id} has ${f(p.pitch.x)} x ${f(p.pitch.y)} mm per pixel, the canvas ${f(pitch.x)} x ${f(pitch.y)}; its picture is scaled by ${f(fx)} x ${f(fy)}, so a straight line crossing onto it cannot stay straight`,
      },
    ];
  });
}

