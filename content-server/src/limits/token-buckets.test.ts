import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.js';
import { parseLimitsEnv, resolveLimits, DEFAULT_LIMITS } from './limits-config.js';

describe('TokenBuckets', () => {
  it('lets a burst through, then one per 1/perSecond, and says when to come back', () => {
    let now = 0;
    const b = new TokenBuckets({ perSecond: 2, burst: 3 }, { now: () => now });
    expect([b.take('a'), b.take('a'), b.take('a')].every((t) => t.ok)).toBe(true);
    expect(b.take('a')).toEqual({ ok: false, retryAfterS: 1 });
    expect(b.take('b').ok).toBe(true); // another source has its own bucket
    now += 500;
    expect(b.take('a').ok).toBe(true);
    expect(b.take('a').ok).toBe(false);
  });

  it('keeps at most maxKeys sources, forgetting the stalest', () => {
    const b = new TokenBuckets({ perSecond: 1, burst: 1 }, { maxKeys: 100, now: () => 0 });
    for (let i = 0; i < 10_000; i++) b.take(`10.0.0.${i}`);
    expect(b.size).toBe(100);
  });
});

describe('flood limits', () => {
  it('lay RATE_LIMITS over the defaults and refuse a bad value by name', () => {
    const limits = resolveLimits(parseLimitsEnv('{"commands":{"perPrincipal":{"burst":500}},"deviceQueue":{"maxQueued":5}}'));
    expect(limits.commands.perPrincipal).toEqual({ perSecond: DEFAULT_LIMITS.commands.perPrincipal.perSecond, burst: 500 });
    expect(limits.deviceQueue.maxQueued).toBe(5);
    expect(limits.logins).toEqual(DEFAULT_LIMITS.logins);
    expect(() => parseLimitsEnv('{"commands":{"perPrincipal":{"burst":-1}}}')).toThrow(/RATE_LIMITS: commands\.perPrincipal\.burst/);
    expect(() => parseLimitsEnv('{"logins":')).toThrow(/RATE_LIMITS must be JSON/);
  });
});
