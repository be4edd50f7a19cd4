import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { latestPeriod, rankRows } from './ranking-model';

const names: Record<string, string> = { '01': 'Hà Nội', '79': 'TP. Hồ Chí Minh', '31': 'Hải Phòng', '48': 'Đà Nẵng' };
const p = (unit: string, value: number, period = '2025-Q3', t = 3): Point => ({ unit, period, t, value, synthetic: unit === '48', source: 's' });
const points = [p('01', 8.1), p('79', 7.2), p('31', 11.0), p('48', 8.1, '2025-Q2', 2), p('VN', 7.5)];

describe('ranking model', () => {
  it('ranks provinces by latest value, highest first, leaving out the nation', () => {
    const rows = rankRows(points, 'desc', 10, (u) => names[u] ?? u);
    expect(rows.map((r) => [r.rank, r.name])).toEqual([
      [1, 'Hải Phòng'],
      [2, 'Đà Nẵng'],
      [3, 'Hà Nội'],
      [4, 'TP. Hồ Chí Minh'],
    ]);
  });

  it('ranks lowest first and keeps only the top n', () => {
    const rows = rankRows(points, 'asc', 2, (u) => names[u] ?? u);
    expect(rows.map((r) => r.unit)).toEqual(['79', '48']);
  });

  it('keeps the drill-down province on the panel with its own rank, in place of the last row', () => {
    const rows = rankRows(points, 'desc', 2, (u) => names[u] ?? u, '79');
    expect(rows.map((r) => [r.rank, r.unit])).toEqual([
      [1, '31'],
      [4, '79'],
    ]);
    // Already in the top: nothing changes.
    expect(rankRows(points, 'desc', 2, (u) => names[u] ?? u, '31').map((r) => r.unit)).toEqual(['31', '48']);
  });

  it('says which period the ranking is as of', () => {
    expect(latestPeriod(rankRows(points, 'desc', 10, (u) => u))).toBe('2025-Q3');
    expect(latestPeriod([])).toBeNull();
  });
});
