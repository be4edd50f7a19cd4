import type { EtsFit, EtsParams, EtsSpec } from './ets.js';
import { forecastMeans } from './ets.js';

/** Standard normal quantiles for central 80% and 95% intervals. */
export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/**
 * Variance of the h-step forecast error relative to sigma^2, for h = 1..H, of an additive-error
 * ETS model: v_h = 1 + sum_{j=1}^{h-1} c_j^2 with c_j = alpha + beta (phi + ... + phi^j)
 * + gamma [j is a multiple of m] (Hyndman et al. 2008, §6.1, for linear models: c_j =
 * w' F^{j-1} g). It equals the closed forms of FPP3 Table 8.8, which the tests check.
 */
export function relativeVariances(spec: EtsSpec, p: EtsParams, H: number): number[] {
  const out: number[] = [];
  let v = 1;
  let damp = 0;
  let phiPow = 1;
  for (let h = 1; h <= H; h++) {
    out.push(v);
    // c_h, used from horizon h + 1 on
    phiPow *= p.phi;
    damp += phiPow;
    const c = p.alpha + (spec.trend ? p.beta * damp : 0) + (spec.seasonal && h % spec.m === 0 ? p.gamma : 0);
    v += c * c;
  }
  return out;
}

export interface IntervalForecast {
  mean: number[];
  variance: number[];
  lo80: number[];
  hi80: number[];
  lo95: number[];
  hi95: number[];
}

/** Point forecasts with 80% and 95% prediction intervals (Gaussian errors, parameters taken as known). */
export function forecastWithIntervals(fit: EtsFit, H: number): IntervalForecast {
  const mean = forecastMeans(fit, H);
  const variance = relativeVariances(fit.spec, fit.params, H).map((r) => r * fit.sigma2);
  const sd = variance.map(Math.sqrt);
  return {
    mean,
    variance,
    lo80: mean.map((m, i) => m - Z80 * sd[i]!),
    hi80: mean.map((m, i) => m + Z80 * sd[i]!),
    lo95: mean.map((m, i) => m - Z95 * sd[i]!),
    hi95: mean.map((m, i) => m + Z95 * sd[i]!),
  };
}
