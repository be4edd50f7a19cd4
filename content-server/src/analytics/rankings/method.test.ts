import { describe, expect, it } from 'vitest';
import { achievement, rankSubjects, type ScoredIndicator, type Subject } from './method.js';

const growth: ScoredIndicator = { id: 'grdp_growth', name: { vi: 'Tăng GRDP', en: 'GRDP growth' }, weight: 3, higherIsBetter: true, target: 8 };
const cpi: ScoredIndicator = { id: 'cpi_yoy', name: { vi: 'CPI', en: 'CPI' }, weight: 1, higherIsBetter: false, target: 4 };

const subject = (unit: string, values: Record<string, number>): Subject => ({
  unit,
  name: `Tỉnh ${unit}`,
  values: new Map(Object.entries(values).map(([k, v]) => [k, { value: v, period: '2026-Q3', derived: false, synthetic: false }])),
});

describe('achievement', () => {
  it('is value/target when higher is better and target/value when lower is better', () => {
    expect(achievement(6, 8, true, 1.2)).toBe(0.75);
    expect(achievement(5, 4, false, 1.2)).toBe(0.8);
  });
  it('is capped, and never below 0', () => {
    expect(achievement(12, 8, true, 1.2)).toBe(1.2);
    expect(achievement(2, 4, false, 1.2)).toBe(1.2);
    expect(achievement(-1.5, 8, true, 1.2)).toBe(0);
  });
  it('gives the cap to a lower-is-better value of zero or below (deflation against an inflation target)', () => {
    expect(achievement(0, 4, false, 1.2)).toBe(1.2);
    expect(achievement(-0.5, 4, false, 1.5)).toBe(1.5);
  });
  it('refuses a target of zero or below', () => {
    expect(() => achievement(1, 0, true, 1.2)).toThrow(/target above 0/);
  });
});

describe('rankSubjects', () => {
  it('scores the weighted mean of achievements and explains it by contributions that add up to the score', () => {
    const { entries } = rankSubjects([growth, cpi], [subject('01', { grdp_growth: 6, cpi_yoy: 5 })], 1.2);
    const e = entries[0]!;
    // (3 x 6/8 + 1 x 4/5) / 4 = (2.25 + 0.8) / 4 = 0.7625
    expect(e.score).toBe(0.7625);
    expect(e.contributions.map((c) => [c.indicator, c.achievement, c.effectiveWeight, c.contribution])).toEqual([
      ['grdp_growth', 0.75, 0.75, 0.5625],
      ['cpi_yoy', 0.8, 0.25, 0.2],
    ]);
    expect(e).toMatchObject({ rank: 1, coverage: 1, partial: false, missing: [] });
  });

  it('orders by score, and equal scores share a rank with the next rank skipped', () => {
    const { entries } = rankSubjects(
      [growth],
      [subject('04', { grdp_growth: 7 }), subject('01', { grdp_growth: 8 }), subject('08', { grdp_growth: 8 }), subject('11', { grdp_growth: 9 })],
      1.2,
    );
    expect(entries.map((e) => [e.unit, e.rank, e.score])).toEqual([
      ['11', 1, 1.125],
      ['01', 2, 1],
      ['08', 2, 1],
      ['04', 4, 0.875],
    ]);
  });

  it('treats scores equal up to binary noise as a tie', () => {
    const a: ScoredIndicator = { ...growth, id: 'a', weight: 1, target: 10 };
    const b: ScoredIndicator = { ...growth, id: 'b', weight: 1, target: 10 };
    const { entries } = rankSubjects([a, b], [subject('01', { a: 1, b: 2 }), subject('02', { a: 3, b: 0 })], 1.2);
    expect(entries.map((e) => e.rank)).toEqual([1, 1]);
  });

  it('ranks a subject missing an indicator on the rest, weights renormalised, and flags it', () => {
    const { entries } = rankSubjects([growth, cpi], [subject('01', { grdp_growth: 8, cpi_yoy: 4 }), subject('02', { cpi_yoy: 2 })], 1.2);
    const partial = entries.find((e) => e.unit === '02')!;
    expect(partial).toMatchObject({ score: 1.2, coverage: 0.25, partial: true, missing: ['grdp_growth'], rank: 1 });
    expect(partial.contributions[0]).toMatchObject({ indicator: 'grdp_growth', value: null, achievement: null, effectiveWeight: 0, contribution: 0 });
    expect(partial.contributions[1]).toMatchObject({ indicator: 'cpi_yoy', effectiveWeight: 1, contribution: 1.2 });
  });

  it('leaves out a subject without any value, saying why', () => {
    const { entries, unranked } = rankSubjects([growth], [subject('01', {}), subject('02', { grdp_growth: 4 })], 1.2);
    expect(entries.map((e) => e.unit)).toEqual(['02']);
    expect(unranked).toEqual([{ unit: '01', name: 'Tỉnh 01', reason: 'no value for any indicator of this ranking in the year' }]);
  });

  it('caps one outstanding indicator so that it cannot carry a subject past a balanced one', () => {
    const { entries } = rankSubjects(
      [{ ...growth, weight: 1 }, { ...cpi, weight: 1 }],
      [subject('01', { grdp_growth: 40, cpi_yoy: 8 }), subject('02', { grdp_growth: 8.8, cpi_yoy: 3.8 })],
      1.2,
    );
    // 01: (1.2 + 0.5) / 2 = 0.85; uncapped it would be (5 + 0.5) / 2. 02: (1.1 + 1.0526...) / 2.
    expect(entries.map((e) => e.unit)).toEqual(['02', '01']);
    expect(entries[1]!.score).toBe(0.85);
  });
});
