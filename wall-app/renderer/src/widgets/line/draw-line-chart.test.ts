import { describe, expect, it } from 'vitest';
import { xLabelIndexes } from './draw-line-chart';

describe('line chart period labels', () => {
  it('labels every point when there is room', () => {
    expect(xLabelIndexes(5, 10)).toEqual([0, 1, 2, 3, 4]);
  });

  it('labels every k-th point counted back from the last, which is always labelled', () => {
    const idx = xLabelIndexes(60, 12);
    expect(idx.at(-1)).toBe(59);
    expect(idx.length).toBeLessThanOrEqual(12);
    expect(new Set(idx.slice(1).map((v, i) => v - idx[i]!)).size).toBe(1);
  });

  it('prefers calendar-friendly steps (6 months, a year) for long monthly series', () => {
    const idx = xLabelIndexes(120, 12);
    expect(idx[1]! - idx[0]!).toBe(12);
    expect(xLabelIndexes(0, 10)).toEqual([]);
  });
});
