import { hash, verify } from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { MIN_PASSWORD_LENGTH, PasswordPolicyError, hashPassword, needsRehash, passwordProblem, verifyPassword } from './index.js';

// The real argon2, watched: the test of the unknown-user path looks at what it verified.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});

// argon2id at OWASP cost takes tens of milliseconds a hash: these tests make few of them.
describe('passwords', () => {
  it('hashes with argon2id at m=19456 KiB, t=2, p=1, a fresh salt each time, and verifies', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(stored).not.toContain('correct horse');
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse batterY')).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it(`refuses a password shorter than ${MIN_PASSWORD_LENGTH} characters, only spaces, or over 256`, async () => {
    await expect(hashPassword('short-pw')).rejects.toThrow(PasswordPolicyError);
    await expect(hashPassword('elevenchars')).rejects.toThrow(/at least 12 characters/);
    expect(passwordProblem('twelve-chars')).toBeNull();
    // Counted in characters, not UTF-16 units: six emoji are twelve units but six characters.
    expect(passwordProblem('🔑'.repeat(6))).toMatch(/at least 12/);
    expect(passwordProblem('mậtkhẩuđẹpquá')).toBeNull();
    expect(passwordProblem(' '.repeat(20))).toMatch(/only spaces/);
    expect(passwordProblem('x'.repeat(257))).toMatch(/at most 256/);
  });

  it('answers false for no stored hash after the same argon2 work, and for a malformed one', async () => {
    const spy = vi.mocked(verify);
    spy.mockClear();
    expect(await verifyPassword(null, 'a guess at a password')).toBe(false);
    expect(await verifyPassword(undefined, 'a guess at a password')).toBe(false);
    // Timing equality is not measured (a loaded machine is too noisy for that): what makes the
    // timing equal is that the same verification runs, against a hash of the same cost.
    expect(spy.mock.calls.map(([stored, password]) => [String(stored).replace(/\$[^$]+\$[^$]+$/, ''), password])).toEqual([
      ['$argon2id$v=19$m=19456,t=2,p=1', 'a guess at a password'],
      ['$argon2id$v=19$m=19456,t=2,p=1', 'a guess at a password'],
    ]);
    expect(await verifyPassword('$argon2id$garbage', 'whatever')).toBe(false);
  });

  it('asks for a rehash of a hash made with weaker settings', async () => {
    const weak = await hash('correct horse battery', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(needsRehash(weak)).toBe(true);
    expect(needsRehash('not a hash')).toBe(true);
  });
});
