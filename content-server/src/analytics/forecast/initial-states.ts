import type { EtsParams, EtsSpec, EtsState } from './ets.js';

/**
 * For given smoothing parameters, the initial states that minimise the squared one-step errors.
 * The errors are e = e0 + E c, with e0 the errors from zero initial states and E's columns the
 * errors that each unit initial state causes on a zero series; c solves the normal equations.
 * Seasonal initial states are constrained to sum to 0 (the last is minus the sum of the others).
 */
export function bestInitialStates(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams): EtsState & { sse: number } {
  const n = y.length;
  const m = spec.seasonal ? spec.m : 1;
  const q = 1 + (spec.trend ? 1 : 0) + (spec.seasonal ? m - 1 : 0);
  // Filter j = 0 runs on y from zero states; j = 1..q on zeros from basis state j.
  const L = new Float64Array(q + 1);
  const B = new Float64Array(q + 1);
  const S = new Float64Array((q + 1) * m);
  L[1] = 1;
  if (spec.trend) B[2] = 1;
  const firstSeason = spec.trend ? 3 : 2;
  for (let j = 0; spec.seasonal && j < m - 1; j++) {
    S[(firstSeason + j) * m + j] = 1;
    S[(firstSeason + j) * m + m - 1] = -1;
  }
  const EtE = new Float64Array(q * q);
  const Ete0 = new Float64Array(q);
  const e = new Float64Array(q + 1);
  let e0e0 = 0;
  let at = 0;
  for (let t = 0; t < n; t++) {
    for (let j = 0; j <= q; j++) {
      const sj = S[j * m + at]!;
      const ej = (j === 0 ? y[t]! : 0) - (L[j]! + p.phi * B[j]! + sj);
      e[j] = ej;
      L[j] = L[j]! + p.phi * B[j]! + p.alpha * ej;
      B[j] = p.phi * B[j]! + p.beta * ej;
      S[j * m + at] = sj + p.gamma * ej;
    }
    at = (at + 1) % m;
    e0e0 += e[0]! * e[0]!;
    for (let a = 0; a < q; a++) {
      const ea = e[a + 1]!;
      Ete0[a] = Ete0[a]! + ea * e[0]!;
      for (let c = 0; c <= a; c++) EtE[a * q + c] = EtE[a * q + c]! + ea * e[c + 1]!;
    }
  }
  const c = solveSpd(EtE, Ete0, q).map((v) => -v);
  // At the least-squares solution SSE = e0'e0 + c'E'e0 (the rest cancels); callers centre y
  // (fitEts) so that the subtraction does not lose the digits that matter.
  let sse = e0e0;
  for (let a = 0; a < q; a++) sse += c[a]! * Ete0[a]!;
  const seasonal = spec.seasonal ? [...c.slice(firstSeason - 1), -c.slice(firstSeason - 1).reduce((x, v) => x + v, 0)] : [];
  return { level: c[0]!, trend: spec.trend ? c[1]! : 0, seasonal, sse: Math.max(sse, 0) };
}

/** Solves A x = b for a symmetric positive (semi)definite A given by its lower triangle (Cholesky, with a tiny ridge). */
function solveSpd(A: Float64Array, b: Float64Array, q: number): number[] {
  let maxDiag = 0;
  for (let i = 0; i < q; i++) maxDiag = Math.max(maxDiag, A[i * q + i]!);
  // A ridge far below the data's scale keeps a near-singular system (alpha close to 1 makes the
  // initial states almost irrelevant) solvable without changing a well-posed answer.
  const ridge = maxDiag * 1e-12 + 1e-300;
  const Lc = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * q + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= Lc[i * q + k]! * Lc[j * q + k]!;
      Lc[i * q + j] = i === j ? Math.sqrt(Math.max(sum, ridge)) : sum / Lc[j * q + j]!;
    }
  }
  const z = new Array<number>(q).fill(0);
  for (let i = 0; i < q; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= Lc[i * q + k]! * z[k]!;
    z[i] = sum / Lc[i * q + i]!;
  }
  const x = new Array<number>(q).fill(0);
  for (let i = q - 1; i >= 0; i--) {
    let sum = z[i]!;
    for (let k = i + 1; k < q; k++) sum -= Lc[k * q + i]! * x[k]!;
    x[i] = sum / Lc[i * q + i]!;
  }
  return x;
}
