import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * Label points: the pole of inaccessibility (the interior point farthest from the outline) of a
 * province's largest polygon, found by refining a grid of square cells best first (the
 * approach of Mapbox's polylabel, written here). Longitudes are scaled by cos(latitude) so that
 * distances are roughly true at Viet Nam's latitudes.
 */

type Ring = Position[];

/** Signed distance from (x, y) to the polygon's outline: positive inside, negative outside. */
function signedDistance(x: number, y: number, rings: readonly Ring[]): number {
  let inside = false;
  let min = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      const ax = a[0]!;
      const ay = a[1]!;
      const bx = b[0]!;
      const by = b[1]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      min = Math.min(min, segmentDistanceSq(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min);
}

function segmentDistanceSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax;
  let y = ay;
  let dx = bx - x;
  let dy = by - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}

interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

function cell(x: number, y: number, h: number, rings: readonly Ring[]): Cell {
  const d = signedDistance(x, y, rings);
  return { x, y, h, d, max: d + h * Math.SQRT2 };
}

/** Pole of inaccessibility of one polygon (rings in a plane), to within `precision`. */
export function poleOfInaccessibility(rings: readonly Ring[], precision: number): [number, number] {
  const outer = rings[0];
  if (!outer || outer.length === 0) throw new Error('empty polygon');
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of outer) {
    minX = Math.min(minX, p[0]!);
    minY = Math.min(minY, p[1]!);
    maxX = Math.max(maxX, p[0]!);
    maxY = Math.max(maxY, p[1]!);
  }
  const size = Math.min(maxX - minX, maxY - minY);
  if (size === 0) return [minX, minY];
  let h = size / 2;
  const queue: Cell[] = [];
  for (let x = minX; x < maxX; x += size) for (let y = minY; y < maxY; y += size) queue.push(cell(x + h, y + h, h, rings));
  // Start from the centroid of the outer ring (a good guess for convex shapes).
  let best = cell(...ringCentroid(outer), 0, rings);
  const bbox = cell(minX + (maxX - minX) / 2, minY + (maxY - minY) / 2, 0, rings);
  if (bbox.d > best.d) best = bbox;
  while (queue.length > 0) {
    // Best-first: the cell that may hold the farthest point. Arrays are small here.
    let bi = 0;
    for (let i = 1; i < queue.length; i++) if (queue[i]!.max > queue[bi]!.max) bi = i;
    const c = queue.splice(bi, 1)[0]!;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    h = c.h / 2;
    queue.push(cell(c.x - h, c.y - h, h, rings), cell(c.x + h, c.y - h, h, rings), cell(c.x - h, c.y + h, h, rings), cell(c.x + h, c.y + h, h, rings));
  }
  return [best.x, best.y];
}

function ringCentroid(ring: Ring): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i]!;
    const q = ring[j]!;
    const f = p[0]! * q[1]! - q[0]! * p[1]!;
    cx += (p[0]! + q[0]!) * f;
    cy += (p[1]! + q[1]!) * f;
    a += f * 3;
  }
  return a === 0 ? [ring[0]![0]!, ring[0]![1]!] : [cx / a, cy / a];
}

/** Planar area of a ring (shoelace), absolute. */
export function ringArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) s += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return Math.abs(s / 2);
}

/** The label point of a province: pole of inaccessibility of its largest polygon, lon/lat. */
export function labelPoint(geometry: Polygon | MultiPolygon): [number, number] {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let largest = polys[0]!;
  for (const p of polys) if (ringArea(p[0]!) > ringArea(largest[0]!)) largest = p;
  const lat0 = (largest[0]!.reduce((s, p) => s + p[1]!, 0) / largest[0]!.length) * (Math.PI / 180);
  const k = Math.cos(lat0);
  const scaled = largest.map((ring) => ring.map((p) => [p[0]! * k, p[1]!]));
  const [x, y] = poleOfInaccessibility(scaled, 0.002);
  return [x / k, y];
}
