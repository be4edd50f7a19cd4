import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import type { TopicState } from '../../live/topic-store';
import type { IndicatorView } from '../../state/catalog-index';
import { darkTheme, highContrastTheme, lightTheme } from '../../theme';
import { contrast, DARK_INK, fitRows, heatTable, inkOn, LIGHT_INK, MIN_ROW_H, rampColor, shadeOf } from './heat-model';

const OCT = Date.UTC(2026, 9, 1);
const SEP = Date.UTC(2026, 8, 1);
const p = (unit: string, value: number, t = OCT, synthetic = false): Point => ({ unit, period: t === OCT ? '2026-10' : '2026-09', t, value, synthetic, source: 's' });
const state = (points: Point[]): TopicState => ({ topic: 'latest/x' as TopicState['topic'], version: 1, points, lastPoint: points.at(-1) ?? null, resyncing: false });
const view = (id: string, higherIsBetter: boolean | null, decimals = 1): IndicatorView => ({ id, name: id, unitLabel: '%', decimals, higherIsBetter });
const names: Record<string, string> = { '01': 'Hà Nội', '79': 'TP. Hồ Chí Minh', '48': 'Đà Nẵng', '31': 'Hải Phòng' };

describe('heat colour scale', () => {
  it('puts the best value of a column at 1 and the worst at 0 by rank, turned round when lower is better', () => {
    const col = [50, 60, 70, 90, 500];
    expect(shadeOf(500, col, true)).toBe(1);
    expect(shadeOf(50, col, true)).toBe(0);
    expect(shadeOf(70, col, null)).toBe(0.5);
    // An outlier does not squash the others: 60 is a quarter of the way up, not 2 %.
    expect(shadeOf(60, col, true)).toBe(0.25);
    expect(shadeOf(2.1, [2.1, 3, 4.5], false)).toBe(1);
    expect(shadeOf(4.5, [2.1, 3, 4.5], false)).toBe(0);
    expect(shadeOf(3, [3], true)).toBe(0.5);
    expect(shadeOf(3, [1, 3, 3, 5], true)).toBe(0.5); // ties share the middle of their ranks
  });

  it('takes its colours from the theme ramp, ends included', () => {
    expect(rampColor(darkTheme.ramp, 0)).toBe(darkTheme.ramp[0]);
    expect(rampColor(darkTheme.ramp, 1)).toBe(darkTheme.ramp.at(-1));
    expect(rampColor(lightTheme.ramp, 0.5)).toBe(lightTheme.ramp[2]);
    expect(rampColor(darkTheme.ramp, 0.3)).not.toBe(rampColor(darkTheme.ramp, 0.35));
  });

  it('writes dark text on light cells and white on dark ones, always readable (4.5:1)', () => {
    expect(inkOn(darkTheme.ramp.at(-1)!)).toBe(DARK_INK);
    expect(inkOn(darkTheme.ramp[0]!)).toBe(LIGHT_INK);
    expect(inkOn(highContrastTheme.ramp.at(-1)!)).toBe(DARK_INK);
    expect(inkOn(lightTheme.ramp[0]!)).toBe(DARK_INK);
    for (const theme of [darkTheme, lightTheme, highContrastTheme]) {
      for (let t = 0; t <= 1; t += 0.05) {
        const fill = rampColor(theme.ramp, t);
        expect(contrast(fill, inkOn(fill)), `${theme.id} at ${t.toFixed(2)}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('heat table model', () => {
  const views = [view('disbursed', true), view('cpi', false, 2)];
  const states = [
    state([p('01', 70), p('79', 55), p('48', 90, OCT, true), p('VN', 65), p('02', 10)]),
    state([p('01', 4.1, SEP), p('01', 4.5), p('79', 2.1), p('31', 3.0)]),
  ];
  const model = (sortIndex: number, lang: 'vi' | 'en' = 'vi') =>
    heatTable({ states, views, sortIndex, isProvince: (c) => c !== '02', nameOf: (c) => names[c] ?? c, lang });

  it('has one row per current province, best first on the sort column, missing values last', () => {
    const m = model(0);
    expect(m.rows.map((r) => r.name)).toEqual(['Đà Nẵng', 'Hà Nội', 'TP. Hồ Chí Minh', 'Hải Phòng']);
    expect(m.synthetic).toBe(true);
  });

  it('sorts a "lower is better" column lowest first', () => {
    expect(model(1).rows.map((r) => r.unit)).toEqual(['79', '31', '01', '48']);
  });

  it('formats each cell in the language with the indicator decimals; the newest period of a unit wins', () => {
    const hn = model(0).rows.find((r) => r.unit === '01')!;
    expect(hn.cells.map((c) => c.text)).toEqual(['70,0', '4,50']);
    expect(model(0, 'en').rows.find((r) => r.unit === '48')!.cells.map((c) => c.text)).toEqual(['90.0', '—']);
    expect(hn.cells[1]!.shade).toBe(0); // the highest inflation is the worst
    expect(model(0).columns.map((c) => [c.min, c.max, c.period])).toEqual([
      [55, 90, 'T10/2026'],
      [2.1, 4.5, 'T10/2026'],
    ]);
  });
});

describe('row fit', () => {
  it('shows every row when each can be at least MIN_ROW_H tall', () => {
    const f = fitRows(34, 34 * 30);
    expect(f).toMatchObject({ shown: 34, hidden: 0, rowHeight: 30 });
    expect(f.fontSize).toBeGreaterThanOrEqual(18);
  });

  it('shows the best rows that fit at 18 px text and counts the rest', () => {
    const f = fitRows(34, 600);
    expect(f.shown).toBe(Math.floor(600 / MIN_ROW_H));
    expect(f.hidden).toBe(34 - f.shown);
    expect(f.fontSize).toBe(18);
    expect(f.shown * f.rowHeight).toBeLessThanOrEqual(600);
  });

  it('grows the text with the room, up to a limit', () => {
    const f = fitRows(10, 1000);
    expect(f.rowHeight).toBe(60);
    expect(f.fontSize).toBe(26);
  });
});
