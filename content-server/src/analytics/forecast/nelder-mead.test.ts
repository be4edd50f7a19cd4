import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function inside a box', () => {
    const rosen = (x: readonly number[]) => 100 * (x[1]! - x[0]! ** 2) ** 2 + (1 - x[0]!) ** 2;
    const r = nelderMead(rosen, [-1.2, 1], { lower: [-2, -2], upper: [2, 2], tolX: 1e-8, tolF: 1e-14, maxEvals: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });

  it('stops on the bound when the unconstrained minimum lies outside, never evaluating outside the box', () => {
    const seen: number[][] = [];
    const f = (x: readonly number[]) => {
      seen.push([...x]);
      return (x[0]! - 3) ** 2 + (x[1]! + 0.5) ** 2;
    };
    const r = nelderMead(f, [0.5, 0.5], { lower: [0, 0], upper: [1, 1] });
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(0, 5);
    for (const x of seen) for (const v of x) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('treats a non-finite objective as worse than anything', () => {
    const r = nelderMead((x) => (x[0]! < 0.2 ? Number.NaN : (x[0]! - 0.5) ** 2), [0.9], { lower: [0], upper: [1] });
    expect(r.x[0]).toBeCloseTo(0.5, 4);
  });
});
