import { describe, expect, it } from 'vitest';
import { LoginLimiter, type LoginAttempt } from './index.js';
import { PasswordCheckGate } from './login-limiter.js';

const MIN = 60_000;

function fail(attempt: LoginAttempt): void {
  if (!attempt.allowed) throw new Error('expected the attempt to be allowed');
  attempt.failed();
}

describe('login limiter', () => {
  const setup = (opts: { maxFailuresPerAddress?: number; maxEntries?: number } = {}) => {
    const clock = { now: 1_000_000 };
    return { clock, limiter: new LoginLimiter({ now: () => clock.now, ...opts }) };
  };

  it('refuses the sixth attempt within 15 minutes and says when to retry; refusals are not counted', () => {
    const { clock, limiter } = setup();
    for (let i = 0; i < 5; i++) {
      fail(limiter.begin('lan', '10.0.0.1'));
      clock.now += MIN;
    }
    // Failures at 0, 1, 2, 3 and 4 minutes; now is 5 minutes: the first leaves at 15.
    expect(limiter.begin('LAN', '10.0.0.2')).toEqual({ allowed: false, retryAfterSeconds: 600, limitedBy: 'username' });
    clock.now += 9 * MIN + 59_000;
    expect(limiter.begin('lan', '10.0.0.2')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    clock.now += 1000;
    expect(limiter.retryAfterSeconds('lan', '10.0.0.2')).toBe(0);
    const next = limiter.begin('lan', '10.0.0.2');
    expect(next.allowed).toBe(true);
    fail(next);
    // Five failures in the window again (1..5 min and 15 min): the next waits for the one at 1 min.
    expect(limiter.retryAfterSeconds('lan', '10.0.0.3')).toBe(60);
  });

  it('clears the user name on success, but not the address', () => {
    const { limiter } = setup();
    for (let i = 0; i < 4; i++) fail(limiter.begin('minh', '10.0.0.1'));
    const ok = limiter.begin('minh', '10.0.0.1');
    if (!ok.allowed) throw new Error('expected allowed');
    ok.succeeded();
    for (let i = 0; i < 4; i++) fail(limiter.begin('minh', '10.0.0.9'));
    expect(limiter.begin('minh', '10.0.0.9').allowed).toBe(true);
    // 10.0.0.1 kept its four failures: one more name tried from there and it is refused.
    fail(limiter.begin('someone', '10.0.0.1'));
    expect(limiter.begin('anyone', '10.0.0.1')).toMatchObject({ allowed: false, limitedBy: 'address' });
  });

  it('limits an address guessing many user names, and takes its own limit for addresses', () => {
    const { limiter } = setup();
    for (let i = 0; i < 5; i++) fail(limiter.begin(`user${i}`, '10.0.0.66'));
    expect(limiter.begin('user9', '10.0.0.66')).toMatchObject({ allowed: false, limitedBy: 'address', retryAfterSeconds: 900 });
    expect(limiter.begin('user9', '10.0.0.67').allowed).toBe(true);

    const lenient = setup({ maxFailuresPerAddress: 20 }).limiter;
    for (let i = 0; i < 10; i++) fail(lenient.begin(`user${i}`, '10.0.0.66'));
    expect(lenient.begin('user99', '10.0.0.66').allowed).toBe(true);
  });

  it('counts an attempt as failed until it reports success, so a parallel burst gets five tries', () => {
    const { limiter } = setup();
    const burst = Array.from({ length: 8 }, () => limiter.begin('lan', '10.0.0.1'));
    expect(burst.map((a) => a.allowed)).toEqual([true, true, true, true, true, false, false, false]);
  });

  it('remembers a bounded number of names and addresses', () => {
    const { limiter } = setup({ maxEntries: 4 });
    fail(limiter.begin('a', '1'));
    fail(limiter.begin('b', '2'));
    fail(limiter.begin('c', '3'));
    // Six keys were pushed into room for four: "a" and "1" were forgotten first.
    expect((limiter as unknown as { failures: Map<string, number[]> }).failures.size).toBe(4);
    expect([...(limiter as unknown as { failures: Map<string, number[]> }).failures.keys()]).toEqual(['u:b', 'a:2', 'u:c', 'a:3']);
  });
});

describe('PasswordCheckGate', () => {
  it('runs one check at a time, in order, and refuses past the waiting room without running it', async () => {
    const gate = new PasswordCheckGate({ concurrency: 1, maxWaiting: 2 });
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((r) => (release = () => r('a'))).then((v) => (order.push(v), v)));
    const second = gate.run(async () => (order.push('b'), 'b'));
    const third = gate.run(async () => (order.push('c'), 'c'));
    expect(await gate.run(async () => 'never')).toBeNull();
    expect(order).toEqual([]);
    release();
    expect(await Promise.all([first, second, third])).toEqual(['a', 'b', 'c']);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(await gate.run(async () => 'free again')).toBe('free again');
  });
});
