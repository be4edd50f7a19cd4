/**
 * Nelder–Mead simplex minimisation inside a box (Nelder & Mead 1965, with the standard
 * coefficients: reflection 1, expansion 2, contraction 1/2, shrink 1/2). Every trial point is
 * projected onto the box, so the objective is never evaluated outside the bounds; the smoothing
 * parameters of ETS have simple box bounds once beta and gamma are written relative to alpha
 * (see ets.ts).
 */

export interface NelderMeadOptions {
  lower: readonly number[];
  upper: readonly number[];
  /** Initial simplex edge as a fraction of each parameter's range (default 0.1). */
  step?: number;
  /** Stop when the simplex's objective values differ by less than this, relative (default 1e-10). */
  tolF?: number;
  /** ...and its vertices lie within this distance of the best in every coordinate (default 1e-7). */
  tolX?: number;
  /** Most objective evaluations (default 200 per parameter, at least 400). */
  maxEvals?: number;
}

export interface NelderMeadResult {
  x: number[];
  f: number;
  evals: number;
  converged: boolean;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

export function nelderMead(f: (x: readonly number[]) => number, start: readonly number[], opts: NelderMeadOptions): NelderMeadResult {
  const n = start.length;
  const { lower, upper } = opts;
  const tolF = opts.tolF ?? 1e-10;
  const tolX = opts.tolX ?? 1e-7;
  const maxEvals = opts.maxEvals ?? Math.max(400, 200 * n);
  const project = (x: number[]) => x.map((v, i) => clamp(v, lower[i]!, upper[i]!));
  let evals = 0;
  const value = (x: number[]) => {
    evals++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  // Initial simplex: the start and one step along each axis (inwards when at the upper bound).
  const x0 = project([...start]);
  const simplex: Array<{ x: number[]; f: number }> = [{ x: x0, f: value(x0) }];
  for (let i = 0; i < n; i++) {
    const x = [...x0];
    const h = (opts.step ?? 0.1) * (upper[i]! - lower[i]!);
    x[i] = x[i]! + h <= upper[i]! ? x[i]! + h : x[i]! - h;
    const p = project(x);
    simplex.push({ x: p, f: value(p) });
  }

  const along = (c: number[], w: number[], t: number) => project(c.map((ci, i) => ci + t * (w[i]! - ci)));
  let converged = false;
  while (evals < maxEvals) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    const spreadF = Math.abs(worst.f - best.f);
    const spreadX = Math.max(...simplex.slice(1).map((v) => Math.max(...v.x.map((xi, i) => Math.abs(xi - best.x[i]!)))));
    if (spreadF <= tolF * (Math.abs(best.f) + 1e-20) && spreadX <= tolX) {
      converged = true;
      break;
    }
    if (spreadX <= 1e-14) {
      // Collapsed onto a point (e.g. pressed against a bound): nothing left to explore.
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) centroid[i]! += simplex[j]!.x[i]! / n;

    const xr = along(centroid, worst.x, -1);
    const fr = value(xr);
    if (fr < best.f) {
      const xe = along(centroid, worst.x, -2);
      const fe = value(xe);
      simplex[n] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
      continue;
    }
    if (fr < simplex[n - 1]!.f) {
      simplex[n] = { x: xr, f: fr };
      continue;
    }
    // Contract: outside when the reflection improved on the worst, inside otherwise.
    const outside = fr < worst.f;
    const xc = along(centroid, worst.x, outside ? -0.5 : 0.5);
    const fc = value(xc);
    if (fc < (outside ? fr : worst.f)) {
      simplex[n] = { x: xc, f: fc };
      continue;
    }
    for (let j = 1; j <= n; j++) {
      const x = along(best.x, simplex[j]!.x, 0.5);
      simplex[j] = { x, f: value(x) };
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  return { x: simplex[0]!.x, f: simplex[0]!.f, evals, converged };
}
