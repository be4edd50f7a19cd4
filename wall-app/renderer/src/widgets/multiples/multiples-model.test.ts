import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { cellAt, commonDomain, commonPeriods, gridShape, MIN_CELL, multiplesLayout, scaleTicks } from './multiples-model';

const pt = (period: string, value: number): Point => ({ unit: 'x', period, t: 0, value, synthetic: false, source: 'test' });

describe('small multiples', () => {
  it('lays 6 units out as 3 x 2 in a wide panel and 2 x 3 in a tall one', () => {
    expect(gridShape(6, 1400, 680)).toEqual({ cols: 3, rows: 2 });
    expect(gridShape(6, 800, 1000)).toEqual({ cols: 2, rows: 3 });
    expect(gridShape(16, 1800, 1000)).toEqual({ cols: 4, rows: 4 });
  });

  it('places cells row by row with the gaps between them', () => {
    const shape = { cols: 3, rows: 2 };
    const c = cellAt(4, shape, 960, 500, 30, 20);
    expect([c.col, c.row]).toEqual([1, 1]);
    expect(c.width).toBe(300);
    expect(c.x).toBe(330);
    expect(c.y).toBe(260);
    expect(cellAt(5, shape, 960, 500, 30, 20).x + 300).toBe(960);
  });

  it('puts every unit on one y scale covering all values, from zero for progress figures', () => {
    const [lo, hi] = commonDomain([
      [pt('2026-01', 4), pt('2026-10', 64)],
      [pt('2026-01', 7), pt('2026-10', 78.5)],
    ]);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(78.5);
    const [lo2, hi2] = commonDomain([[pt('2026-01', 95), pt('2026-02', 98)], [pt('2026-01', 91)]]);
    expect(lo2).toBeLessThanOrEqual(91);
    expect(lo2).toBeGreaterThan(0);
    expect(hi2).toBeGreaterThanOrEqual(98);
    expect(commonDomain([[], []])).toEqual([0, 1]);
  });

  it('shares one x axis of all periods in order', () => {
    expect(commonPeriods([[pt('2026-02', 1), pt('2026-03', 1)], [pt('2026-01', 1), pt('2026-03', 1)]])).toEqual(['2026-01', '2026-02', '2026-03']);
  });

  it('drops units, with a "+N" note, rather than draw cells smaller than legible', () => {
    // The world scene's panel body: all six fit at 3 x 2.
    expect(multiplesLayout(6, 832, 270, 32, 22, 34)).toEqual({ cols: 3, rows: 2, shown: 6, more: 0 });
    // Half as tall: one row of three and a note for the other three.
    const low = multiplesLayout(6, 832, 150, 32, 22, 34);
    expect(low).toEqual({ cols: 3, rows: 1, shown: 3, more: 3 });
    expect(multiplesLayout(6, 100, 100, 32, 22, 34)).toEqual({ cols: 1, rows: 1, shown: 0, more: 6 });
    for (const [w, h] of [[832, 270], [500, 900], [1800, 400]] as const) {
      const l = multiplesLayout(16, w, h, 32, 22, 34);
      const c = cellAt(0, l, w, h - (l.more ? 34 : 0), 32, 22);
      expect(c.width).toBeGreaterThanOrEqual(MIN_CELL.width);
      expect(c.height).toBeGreaterThanOrEqual(MIN_CELL.height);
    }
  });

  it('labels as many scale ticks as fit apart, down to the ends, then none', () => {
    expect(scaleTicks([0, 100], 300, 21)).toEqual([0, 20, 40, 60, 80, 100]);
    const mid = scaleTicks([0, 100], 70, 21);
    expect(mid.length).toBeLessThan(6);
    expect((70 * ((mid[1] ?? 0) - (mid[0] ?? 0))) / 100).toBeGreaterThanOrEqual(21 * 1.4);
    expect(scaleTicks([0, 100], 40, 21)).toEqual([0, 100]);
    expect(scaleTicks([0, 100], 20, 21)).toEqual([]);
  });
});
