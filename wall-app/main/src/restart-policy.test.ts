import { describe, expect, it } from 'vitest';
import { RestartPolicy } from './restart-policy.js';

describe('restart policy', () => {
  it('backs off from 0.5 s doubling up to 10 s', () => {
    const policy = new RestartPolicy();
    const delays = Array.from({ length: 8 }, (_, i) => policy.failed(i * 100));
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('keeps backing off when restarts do not last 60 s', () => {
    const policy = new RestartPolicy();
    policy.started(0);
    expect(policy.failed(1_000)).toBe(500);
    policy.started(2_000);
    expect(policy.failed(59_000)).toBe(1000);
    policy.started(60_000);
    expect(policy.failed(119_999)).toBe(2000);
  });

  it('starts again at 0.5 s after 60 s of stable running', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 5; i++) policy.failed(i);
    policy.started(10_000);
    expect(policy.failed(70_000)).toBe(500);
    expect(policy.failures).toBe(1);
  });

  it('does not reset on a failure that follows another without a start', () => {
    const policy = new RestartPolicy();
    policy.failed(0);
    expect(policy.failed(120_000)).toBe(1000);
  });
});
