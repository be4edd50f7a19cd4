import type { MultiPolygon, Polygon, Position } from 'geojson';

export interface BBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * Sutherland–Hodgman clipping of one ring to an axis-aligned box (the box is convex, so the
 * result is exact; it may run along the box's edge, which is fine for a filled background).
 */
export function clipRing(ring: readonly Position[], box: BBox): Position[] {
  const edges: Array<[(p: Position) => boolean, (a: Position, b: Position) => Position]> = [
    [(p) => p[0]! >= box.west, (a, b) => atX(a, b, box.west)],
    [(p) => p[0]! <= box.east, (a, b) => atX(a, b, box.east)],
    [(p) => p[1]! >= box.south, (a, b) => atY(a, b, box.south)],
    [(p) => p[1]! <= box.north, (a, b) => atY(a, b, box.north)],
  ];
  let out: Position[] = ring.slice(0, ring.length > 1 && samePoint(ring[0]!, ring[ring.length - 1]!) ? -1 : undefined);
  for (const [inside, cross] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!;
      const prev = input[(i + input.length - 1) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cross(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cross(prev, cur));
    }
    if (out.length === 0) return [];
  }
  if (out.length < 3) return [];
  out.push([out[0]![0]!, out[0]![1]!]);
  return out;
}

function samePoint(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}
function atX(a: Position, b: Position, x: number): Position {
  const t = (x - a[0]!) / (b[0]! - a[0]!);
  return [x, a[1]! + t * (b[1]! - a[1]!)];
}
function atY(a: Position, b: Position, y: number): Position {
  const t = (y - a[1]!) / (b[1]! - a[1]!);
  return [a[0]! + t * (b[0]! - a[0]!), y];
}

/** Clips a (multi)polygon to the box; null when nothing is left. Holes are clipped alike. */
export function clipPolygons(geometry: Polygon | MultiPolygon, box: BBox): MultiPolygon | null {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const out: Position[][][] = [];
  for (const poly of polys) {
    const outer = clipRing(poly[0]!, box);
    if (outer.length === 0) continue;
    const holes = poly.slice(1).map((h) => clipRing(h, box)).filter((h) => h.length > 0);
    out.push([outer, ...holes]);
  }
  return out.length > 0 ? { type: 'MultiPolygon', coordinates: out } : null;
}
