import { describe, expect, it } from 'vitest';
import { WallSchedule } from './wall-schedule.js';

describe('wall schedule', () => {
  it('schedules a change lead ms ahead, per wall, and never before the previous change of that wall', () => {
    let now = 10_000;
    const s = new WallSchedule(150, () => now);
    expect(s.latest('main')).toBeUndefined();
    expect(s.next('main')).toBe(10_150);
    // A second change in the same ms still comes after the first.
    expect(s.next('main')).toBeGreaterThan(10_150);
    now = 10_050;
    expect(s.next('lobby')).toBe(10_200);
    now = 20_000;
    expect(s.next('main')).toBe(20_150);
    expect(s.latest('main')).toBe(20_150);
  });
});
