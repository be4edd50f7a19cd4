import { describe, expect, it } from 'vitest';
import { fitRows, MIN_ROW_H, NOTE_H, rowColumns } from './sparklines-model';

describe('sparklines rows', () => {
  it('shows every row when they fit, no taller than the maximum', () => {
    expect(fitRows(4, 480)).toEqual({ shown: 4, hidden: 0, rowH: 120 });
    expect(fitRows(2, 900).rowH).toBe(150);
  });

  it('shows as many as fit above a "+N" note instead of shrinking the text', () => {
    const fit = fitRows(8, 500);
    expect(fit.shown).toBe(Math.floor((500 - NOTE_H) / MIN_ROW_H));
    expect(fit.hidden).toBe(8 - fit.shown);
    expect(fit.rowH).toBeGreaterThanOrEqual(MIN_ROW_H);
    expect(fit.shown * fit.rowH + NOTE_H).toBeLessThanOrEqual(500);
  });

  it('shows nothing rather than a squeezed row when not even one fits', () => {
    expect(fitRows(3, 100)).toMatchObject({ shown: 0, hidden: 3 });
    expect(fitRows(0, 500)).toMatchObject({ shown: 0, hidden: 0 });
  });

  it('gives the sparkline about a quarter of the width, the texts the rest', () => {
    const c = rowColumns(1000);
    expect(c.sparkW).toBe(260);
    expect(c.sparkX + c.sparkW).toBe(1000);
    expect(c.textRight).toBeLessThan(c.sparkX);
    expect(rowColumns(300).sparkW).toBe(160);
    expect(rowColumns(2000).sparkW).toBe(320);
  });
});
