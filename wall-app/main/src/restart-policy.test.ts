import { describe, expect, it } from 'vitest';
import { RestartPolicy } from './restart-policy.js';

describe('restart policy', () => {
  it('restarts twice at once, then backs off from 0.5 s doubling up to 10 s', () => {
    const policy = new RestartPolicy();
    const delays = Array.from({ length: 9 }, (_, i) => policy.failed(i * 100).delayMs);
    expect(delays).toEqual([0, 0, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });

  it('reloads twice, then escalates to a full restart', () => {
    const policy = new RestartPolicy();
    expect([1, 2, 3, 4].map((t) => policy.failed(t))).toEqual([
      { delayMs: 0, failures: 1, escalate: false },
      { delayMs: 0, failures: 2, escalate: false },
      { delayMs: 500, failures: 3, escalate: true },
      { delayMs: 1000, failures: 4, escalate: true },
    ]);
  });

  it('keeps backing off when restarts do not last 60 s', () => {
    const policy = new RestartPolicy();
    policy.started(0);
    expect(policy.failed(1_000).delayMs).toBe(0);
    policy.started(2_000);
    expect(policy.failed(59_000).delayMs).toBe(0);
    policy.started(60_000);
    expect(policy.failed(119_999).delayMs).toBe(500);
  });

  it('starts a new streak after 60 s of stable running', () => {
    const policy = new RestartPolicy();
    for (let i = 0; i < 5; i++) policy.failed(i);
    policy.started(10_000);
    expect(policy.failed(70_000)).toEqual({ delayMs: 0, failures: 1, escalate: false });
    expect(policy.failures).toBe(1);
  });

  it('does not reset on a failure that follows another without a start', () => {
    const policy = new RestartPolicy();
    policy.failed(0);
    policy.failed(1);
    expect(policy.failed(120_000).delayMs).toBe(500);
  });

  it('takes its delays from options', () => {
    const policy = new RestartPolicy({ immediateRestarts: 0, initialDelayMs: 200, maxDelayMs: 300, reloadsBeforeEscalation: 0 });
    expect([0, 1, 2].map((t) => policy.failed(t))).toEqual([
      { delayMs: 200, failures: 1, escalate: true },
      { delayMs: 300, failures: 2, escalate: true },
      { delayMs: 300, failures: 3, escalate: true },
    ]);
  });
});
