import { PAIRING_ALPHABET, formatPairingCode, normalisePairingCode } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { PairingCodes, generatePairingCode } from './pairing-codes.js';

describe('pairing codes', () => {
  it('are 6 characters of an alphabet without 0, O, 1, I or L', () => {
    for (const c of '0O1IL') expect(PAIRING_ALPHABET).not.toContain(c);
    for (let i = 0; i < 200; i++) {
      const code = generatePairingCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      for (const c of code) expect(PAIRING_ALPHABET).toContain(c);
    }
    expect(new Set(Array.from({ length: 200 }, () => generatePairingCode())).size).toBeGreaterThan(195);
  });

  it('are read however they are typed, and refused when they cannot be a code', () => {
    expect(normalisePairingCode('k7m-q4p')).toBe('K7MQ4P');
    expect(normalisePairingCode(' K7M Q4P ')).toBe('K7MQ4P');
    expect(normalisePairingCode('K7MQ4')).toBeNull();
    expect(normalisePairingCode('K7MQ40')).toBeNull();
    expect(formatPairingCode('K7MQ4P')).toBe('K7M Q4P');
  });

  it('belong to one screen, are used once, and expire', () => {
    let now = 1_000_000;
    const codes = new PairingCodes({ ttlMs: 60_000, now: () => now });
    const a = codes.issue('socket-a', { hint: { wallId: 'main', displayId: 'd1' }, address: '10.0.0.5' })!;
    expect(a.expiresAt).toBe(now + 60_000);
    expect(codes.pending()).toEqual([expect.objectContaining({ code: a.code, ageS: 0, hint: { wallId: 'main', displayId: 'd1' }, address: '10.0.0.5' })]);
    now += 30_000;
    expect(codes.take(a.code.toLowerCase())).toEqual({ owner: 'socket-a', code: a.code });
    expect(codes.take(a.code)).toBeNull();
    expect(codes.pending()).toEqual([]);

    const b = codes.issue('socket-b')!;
    now += 60_000;
    expect(codes.has(b.code)).toBe(false);
    expect(codes.take(b.code)).toBeNull();
    expect(codes.pending()).toEqual([]);
  });

  it('keeps the first request time when a screen gets a new code, and the old code stops working', () => {
    let now = 0;
    const codes = new PairingCodes({ ttlMs: 10_000, now: () => now });
    const first = codes.issue('s', { hint: { wallId: 'main' } })!;
    now = 10_000;
    const second = codes.issue('s')!;
    expect(second.code).not.toBe(first.code);
    expect(codes.take(first.code)).toBeNull();
    now = 15_000;
    expect(codes.pending()).toEqual([expect.objectContaining({ code: second.code, requestedAt: 0, ageS: 15, hint: { wallId: 'main' } })]);
  });

  it('never hands out a code already pending, and caps how many are pending', () => {
    const seq = ['AAAAAA', 'AAAAAA', 'BBBBBB', 'CCCCCC'];
    const codes = new PairingCodes({ limit: 2, generate: () => seq.shift() ?? 'DDDDDD' });
    expect(codes.issue('a')?.code).toBe('AAAAAA');
    expect(codes.issue('b')?.code).toBe('BBBBBB');
    expect(codes.issue('c')).toBeNull();
    codes.drop('a');
    expect(codes.issue('c')?.code).toBe('CCCCCC');
    expect(codes.pending().map((p) => p.code).sort()).toEqual(['BBBBBB', 'CCCCCC']);
  });

  it('avoids a code another server shows, and says when its codes change (several servers)', () => {
    const seq = ['AAAAAA', 'BBBBBB'];
    let changes = 0;
    const codes = new PairingCodes({ generate: () => seq.shift() ?? 'CCCCCC', inUse: (c) => c === 'AAAAAA', onChange: () => changes++ });
    expect(codes.issue('a')?.code).toBe('BBBBBB');
    expect(changes).toBeGreaterThan(0);
    changes = 0;
    expect(codes.take('BBBBBB')).toMatchObject({ owner: 'a' });
    expect(changes).toBe(1);
    codes.drop('a');
    expect(changes).toBe(1);
  });

  it('caps the codes of one address, and a flood from many addresses never keeps a fresh address out', () => {
    let now = 0;
    const codes = new PairingCodes({ limit: 10, perAddress: 3, now: () => ++now });
    for (let i = 0; i < 50; i++) codes.issue(`flood-${i}`, { address: '10.6.6.6' });
    expect(codes.heldBy('10.6.6.6')).toBe(3);
    // Several addresses, a few sockets each, fill the list (only `limit` distinct addresses
    // holding one code each could keep a newcomer out)...
    for (let a = 0; a < 4; a++) for (let i = 0; i < 3; i++) codes.issue(`f-${a}-${i}`, { address: `10.7.0.${a}` });
    expect(codes.pending()).toHaveLength(10);
    // ...and a real display from an address with no code still gets one, in place of a flooder's.
    const real = codes.issue('display', { address: '10.1.1.1' });
    expect(real).not.toBeNull();
    expect(codes.pending().map((p) => p.address)).toContain('10.1.1.1');
    expect(codes.pending()).toHaveLength(10);
    expect(codes.take(real!.code)).toEqual({ owner: 'display', code: real!.code });
  });
});
