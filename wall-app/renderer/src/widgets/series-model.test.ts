import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { anySynthetic, lastPoints, latestAndPrevious } from './series-model';

const p = (period: string, value: number, synthetic = false): Point => ({ unit: 'VN', period, t: 0, value, synthetic, source: 's' });

describe('series model', () => {
  it('compares the latest period with the one just before', () => {
    const r = latestAndPrevious([p('2025-Q1', 6.9), p('2025-Q2', 7.5), p('2025-Q3', 8.2)]);
    expect(r.latest?.period).toBe('2025-Q3');
    expect(r.previous?.period).toBe('2025-Q2');
    expect(latestAndPrevious([p('2024-12', 1), p('2025-01', 2)]).previous?.period).toBe('2024-12');
  });

  it('shows no change when the previous period is missing', () => {
    expect(latestAndPrevious([p('2025-01', 1), p('2025-03', 2)]).previous).toBeNull();
    expect(latestAndPrevious([])).toEqual({ latest: null, previous: null });
  });

  it('compares a live reading with the reading before', () => {
    const r = latestAndPrevious([p('2025-07-14T08:00:00+07:00', 40_000), p('2025-07-14T08:05:00+07:00', 41_000)]);
    expect(r.previous?.value).toBe(40_000);
  });

  it('keeps the last n points and spots synthetic ones', () => {
    const pts = [p('2025-01', 1), p('2025-02', 2, true), p('2025-03', 3)];
    expect(lastPoints(pts, 2).map((x) => x.value)).toEqual([2, 3]);
    expect(anySynthetic(lastPoints(pts, 1))).toBe(false);
    expect(anySynthetic(lastPoints(pts, 2), [null])).toBe(true);
  });
});
