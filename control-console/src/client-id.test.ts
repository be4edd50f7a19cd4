import { describe, expect, it } from 'vitest';
import { CLIENT_ID_PATTERN, makeClientId } from './client-id.js';

describe('makeClientId', () => {
  it('makes UUID v4 shaped ids within the protocol limits', () => {
    for (let i = 0; i < 200; i++) {
      const id = makeClientId();
      expect(id).toMatch(CLIENT_ID_PATTERN);
      expect(id.length).toBeGreaterThanOrEqual(8);
      expect(id.length).toBeLessThanOrEqual(64);
    }
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => makeClientId()));
    expect(ids.size).toBe(1000);
  });

  it('uses getRandomValues, not randomUUID', () => {
    const crypto = globalThis.crypto as Crypto & { randomUUID?: unknown };
    const saved = crypto.randomUUID;
    // Plain-http tablets have no randomUUID: the id must not need it.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(makeClientId()).toMatch(CLIENT_ID_PATTERN);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: saved, configurable: true });
    }
  });

  it('sets the version and variant bits whatever the random bytes', () => {
    expect(makeClientId((b) => b.fill(0xff))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(makeClientId((b) => b.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });
});
