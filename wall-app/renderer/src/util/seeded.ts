/** A deterministic pseudo-random sequence in [0, 1) (mulberry32) from a number or a string (FNV-1a hash). */
export function seeded(seed: number | string): () => number {
  let a: number;
  if (typeof seed === 'number') a = seed >>> 0;
  else {
    let h = 0x811c9dc5;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    a = h >>> 0;
  }
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
