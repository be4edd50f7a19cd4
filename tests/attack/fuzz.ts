// A deterministic generator of hostile JSON values for the fuzz pass (no dependency): every
// value is a function of the seed and its case number, so a failure replays with FUZZ_SEED.

/** mulberry32: small, fast, good enough to pick shapes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const NUMBERS = [-0, 0, 1, -1, 0.5, 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER + 1, -(Number.MAX_SAFE_INTEGER + 1), 2 ** 31, -(2 ** 31) - 1, 2 ** 64, 1e-7, 123456789.123456789];
export const STRINGS = [
  '',
  ' ',
  'a',
  '\ud800', // lone high surrogate
  '\udfff', // lone low surrogate
  'x\u0000y', // NUL
  '\u202eevil\u202c', // right-to-left override
  'مرحبا بالعالم',
  'Hà Nội – Thành phố Hồ Chí Minh',
  '👩🏽‍💻🇻🇳',
  '\uFEFF',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '%00%2e%2e%2f',
  '${jndi:ldap://x}',
  '2026-13-45T25:61:61Z',
  'NaN',
  'Infinity',
  '-0',
  '__proto__',
  'constructor',
];
const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'id', 'name', 'args', 'clientId', 'wallId', 'topics', 'observations', 'limit', '', '\u0000', '\ud800', 'a'.repeat(300)];

export interface GenOptions {
  /** Deepest nesting generated (past the server's bounds now and then). */
  maxDepth: number;
  /** Largest string, array or object generated. */
  maxSize: number;
}

/** Containers and values left to make in the current value (a wide container at each level would grow without end). */
let budget = 0;

/** One JSON value. Objects are made without a prototype so `__proto__` is an own key, as a peer sends it. */
export function genValue(r: () => number, o: GenOptions, depth = 0): unknown {
  if (depth === 0) budget = o.maxSize * 4;
  budget--;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const roll = r();
  if (depth >= o.maxDepth || roll < 0.45 || budget <= 0) {
    const p = r();
    if (p < 0.3) return pick(NUMBERS);
    if (p < 0.7) return pick(STRINGS);
    if (p < 0.75) return pick(STRINGS).repeat(1 + Math.floor(r() * o.maxSize));
    if (p < 0.85) return r() < 0.5;
    return null;
  }
  if (roll < 0.55) {
    // A thin deep chain: the shape that killed the process.
    let v: unknown = pick(NUMBERS);
    const levels = 1 + Math.floor(r() * (o.maxDepth - depth));
    for (let i = 0; i < levels; i++) v = r() < 0.5 ? [v] : { a: v };
    return v;
  }
  const size = Math.min(Math.max(budget, 0), r() < 0.1 ? Math.floor(r() * o.maxSize) : Math.floor(r() * 6));
  if (roll < 0.75) return Array.from({ length: size }, () => genValue(r, o, depth + 1));
  const obj = Object.create(null) as Record<string, unknown>;
  for (let i = 0; i < size; i++) obj[r() < 0.5 ? pick(KEYS) : `k${Math.floor(r() * 1e6)}`] = genValue(r, o, depth + 1);
  return obj;
}

/** A request body: mostly generated values, sometimes text that is not JSON at all. */
export function genBody(r: () => number, o: GenOptions): string {
  const p = r();
  if (p < 0.05) return '{"a":';
  if (p < 0.08) return '\u0000\u0001\u0002';
  // Past any stack: JSON.stringify, zod and every recursive walker overflow on these.
  if (p < 0.09) return `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  if (p < 0.1) return `{"clientId":"fuzz-deep-${Math.floor(r() * 1e6)}","name":"display.power","args":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
  return JSON.stringify(genValue(r, o)) ?? 'null';
}

/** Values for path parameters: plausible ones (so routes go deeper than their 404) and hostile ones. */
export const PATH_VALUES = ['main', 'VN', '01', '79', 'exports', 'cpi_yoy', '1', '0', 'd1', 'scene-1', 'room.mode.normal', '-1', '1e308', '9007199254740993', '%00', '..%2F..%2Fetc%2Fpasswd', '%F0%9F%87%BB%F0%9F%87%B3', encodeURIComponent('\u202e'), '__proto__', 'constructor', 'x'.repeat(600), "'%20OR%201=1"];
