import type { MultiPolygon, Polygon } from 'geojson';

/**
 * A coarse, independent check of polygon coverage (tests): each geometry is scan-converted on a
 * regular grid of cell centres (even-odd rule), and each cell counts the geometries covering
 * it. Overlaps show as cells counted twice; the union's area is the cells counted at least once.
 */
export interface Grid {
  west: number;
  south: number;
  step: number;
  cols: number;
  rows: number;
}

export function makeGrid(west: number, south: number, east: number, north: number, step: number): Grid {
  return { west, south, step, cols: Math.ceil((east - west) / step), rows: Math.ceil((north - south) / step) };
}

/** Cells (row-major) covered by one geometry, as a 0/1 mask. */
export function rasterise(g: Polygon | MultiPolygon, grid: Grid): Uint8Array {
  const mask = new Uint8Array(grid.cols * grid.rows);
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const rings = polys.flat();
  const xs: number[] = [];
  for (let r = 0; r < grid.rows; r++) {
    const y = grid.south + (r + 0.5) * grid.step;
    xs.length = 0;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[i]!;
        const b = ring[j]!;
        if (a[1]! > y !== b[1]! > y) xs.push(a[0]! + ((y - a[1]!) * (b[0]! - a[0]!)) / (b[1]! - a[1]!));
      }
    }
    if (xs.length < 2) continue;
    xs.sort((p, q) => p - q);
    // Each polygon's rings toggle coverage; disjoint polygons of one feature never overlap, so
    // one even-odd pass over all rings is right. Overlapping polygons of one feature would
    // cancel out, which only makes the checks stricter.
    for (let k = 0; k + 1 < xs.length; k += 2) {
      const c0 = Math.max(0, Math.ceil((xs[k]! - grid.west) / grid.step - 0.5));
      const c1 = Math.min(grid.cols - 1, Math.floor((xs[k + 1]! - grid.west) / grid.step - 0.5));
      for (let c = c0; c <= c1; c++) mask[r * grid.cols + c] = 1;
    }
  }
  return mask;
}

/** How many of the geometries cover each cell. */
export function coverage(geoms: ReadonlyArray<Polygon | MultiPolygon>, grid: Grid): Uint16Array {
  const counts = new Uint16Array(grid.cols * grid.rows);
  for (const g of geoms) {
    const m = rasterise(g, grid);
    for (let i = 0; i < m.length; i++) counts[i]! += m[i]!;
  }
  return counts;
}

export function countCells(counts: Uint16Array, test: (n: number) => boolean): number {
  let n = 0;
  for (const c of counts) if (test(c)) n++;
  return n;
}
