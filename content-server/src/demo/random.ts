/**
 * Hash-based randomness: a number is a pure function of its inputs (seed, indicator, unit,
 * period, ...), so a rerun, a restart or a test gets exactly the same synthetic values, in any
 * order, without carrying generator state.
 */

/** 32-bit FNV-1a over the text, then MurmurHash3's finaliser to spread the bits. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1). */
export function uniform(...parts: ReadonlyArray<string | number>): number {
  return hash32(parts.join('|')) / 4294967296;
}

/** Roughly standard normal: Irwin-Hall of four uniforms drawn from one hash (mulberry32 steps). */
export function gauss(...parts: ReadonlyArray<string | number>): number {
  let state = hash32(parts.join('|'));
  let s = 0;
  for (let i = 0; i < 4; i++) {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    s += ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  return (s - 2) * Math.sqrt(3);
}

/** Noise that varies smoothly with x: hashed knots at integers, cosine-interpolated. */
export function smoothNoise(x: number, ...parts: ReadonlyArray<string | number>): number {
  const i = Math.floor(x);
  const f = (1 - Math.cos((x - i) * Math.PI)) / 2;
  return gauss(...parts, i) * (1 - f) + gauss(...parts, i + 1) * f;
}

export function roundTo(value: number, decimals: number): number {
  const k = 10 ** decimals;
  return Math.round(value * k) / k;
}
