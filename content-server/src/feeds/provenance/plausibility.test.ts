import { describe, expect, it } from 'vitest';
import { implausibility } from './plausibility.js';

describe('implausible values', () => {
  const history = [100, 104, 98, 101, 103, 99, 102, 100];

  it('passes values within three spreads of the history range', () => {
    expect(implausibility(110, history)).toBeNull();
    // lo 98, hi 104, spread 10.1 (10% of the median 101 beats the range of 6): 67.7 to 134.3
    expect(implausibility(134, history)).toBeNull();
    expect(implausibility(68, history)).toBeNull();
  });

  it('flags values far outside, saying the range it was judged against', () => {
    expect(implausibility(1030, history)).toBe("1030 is far outside this series' last 8 values (98 to 104; plausible 67.7 to 134.3): accepted, flagged for review");
    expect(implausibility(-5, history)).toMatch(/^-5 is far outside/);
  });

  it('does not judge a short history', () => {
    expect(implausibility(1e9, history.slice(0, 7))).toBeNull();
  });

  it('judges a flat history of zeros by an absolute floor, not by division', () => {
    expect(implausibility(0, Array(10).fill(0))).toBeNull();
    expect(implausibility(1, Array(10).fill(0))).toMatch(/^1 is far outside/);
  });
});
