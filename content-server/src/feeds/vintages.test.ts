import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { rollUp } from './vintages.js';

const pt = (unit: string, period: string, value: number, synthetic = false): Point => ({ unit, period, t: Date.parse(`${period}-01T00:00:00+07:00`), value, synthetic, source: 'GSO' });
const series = (entries: Record<string, Point[]>) => new Map(Object.entries(entries));

describe('rolling 63 provinces up into the 34', () => {
  it('sums amounts exactly, period by period, and marks the result derived', () => {
    const r = rollUp({ rule: 'sum' }, '08', ['08', '02'], series({ '08': [pt('08', '2024-01', 0.1), pt('08', '2024-02', 10.5)], '02': [pt('02', '2024-01', 0.2), pt('02', '2024-02', 7.25, true)] }), null);
    expect(r.points.map((p) => [p.period, p.value, p.derived, p.synthetic])).toEqual([
      ['2024-01', 0.3, true, false],
      ['2024-02', 17.75, true, true],
    ]);
    expect(r.points[0]!.source).toBe('sum of 08, 02');
    expect(r.incomplete).toEqual([]);
  });

  it('takes the mean weighted by the weight indicator of the same member and period', () => {
    const r = rollUp(
      { rule: 'weighted_mean', weight: 'grdp' },
      '25',
      ['25', '26', '17'],
      series({ '25': [pt('25', '2024-01', 6)], '26': [pt('26', '2024-01', 8)], '17': [pt('17', '2024-01', 5)] }),
      series({ '25': [pt('25', '2024-01', 30)], '26': [pt('26', '2024-01', 50)], '17': [pt('17', '2024-01', 20)] }),
    );
    expect(r.points[0]).toMatchObject({ value: (6 * 30 + 8 * 50 + 5 * 20) / 100, derived: true, source: 'mean weighted by grdp of 25, 26, 17' });
  });

  it('gives no value for a period a member or its weight lacks, and says which', () => {
    const values = series({ '08': [pt('08', '2024-01', 1), pt('08', '2024-02', 2)], '02': [pt('02', '2024-01', 3)] });
    expect(rollUp({ rule: 'sum' }, '08', ['08', '02'], values, null)).toMatchObject({ points: [{ period: '2024-01', value: 4 }], incomplete: ['2024-02'] });
    const noWeight = rollUp({ rule: 'weighted_mean', weight: 'grdp' }, '08', ['08', '02'], values, series({ '08': [pt('08', '2024-01', 1)] }));
    expect(noWeight).toMatchObject({ points: [], incomplete: ['2024-01', '2024-02'] });
  });

  it('never combines what has no rule', () => {
    expect(rollUp({ rule: 'none' }, '08', ['08', '02'], series({ '08': [pt('08', '2024-01', 1)], '02': [pt('02', '2024-01', 3)] }), null)).toEqual({ points: [], incomplete: [] });
  });
});
