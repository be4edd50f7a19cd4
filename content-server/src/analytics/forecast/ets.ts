import type { ForecastModelKind } from '@ioc/protocol';
import { bestInitialStates } from './initial-states.js';
import { nelderMead } from './nelder-mead.js';

/**
 * Additive-error exponential smoothing (ETS) in the innovations state-space form of Hyndman,
 * Koehler, Ord & Snyder (2008), "Forecasting with Exponential Smoothing", ch. 2 and 5:
 *
 *   y_t = l_{t-1} + phi b_{t-1} + s_{t-m} + e_t
 *   l_t = l_{t-1} + phi b_{t-1} + alpha e_t
 *   b_t = phi b_{t-1} + beta e_t
 *   s_t = s_{t-m} + gamma e_t
 *
 * without the trend (b = 0) or season (s = 0) where the model has none, phi = 1 when the trend
 * is not damped. The parameters are estimated by maximum likelihood, which for Gaussian
 * additive errors is least squares on the one-step errors. The initial states enter the errors
 * linearly, so for given smoothing parameters the best initial states are an ordinary
 * least-squares solution (ibid. §5.2); only the 1-4 smoothing parameters are searched, with
 * Nelder–Mead inside the bounds of FPP3 §8.6.
 */

export interface EtsSpec {
  kind: ForecastModelKind;
  trend: boolean;
  damped: boolean;
  seasonal: boolean;
  /** Season length (1 when `seasonal` is false). */
  m: number;
}

export interface EtsParams {
  alpha: number;
  /** 0 without a trend. */
  beta: number;
  /** 0 without a season. */
  gamma: number;
  /** 1 unless the trend is damped. */
  phi: number;
}

/** States before an observation: level, trend and the last m seasonal states, oldest first (the next one used is `seasonal[0]`). */
export interface EtsState {
  level: number;
  trend: number;
  seasonal: number[];
}

export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  /** The estimated states before the first observation (seasonal ones sum to 0). */
  initial: EtsState;
  /** States after the last observation, where forecasts start. */
  final: EtsState;
  n: number;
  sse: number;
  /** Maximum-likelihood variance SSE / n (floored for a perfectly fitted series). */
  sigma2: number;
  loglik: number;
  /** Free parameters: smoothing ones, initial states (m-1 seasonal), and the variance. */
  k: number;
  aic: number;
  aicc: number;
}

export const ALL_KINDS: readonly ForecastModelKind[] = ['A,N,N', 'A,A,N', 'A,Ad,N', 'A,N,A', 'A,A,A', 'A,Ad,A'];

export function specOf(kind: ForecastModelKind, m: number): EtsSpec {
  const [, trend, season] = kind.split(',');
  const seasonal = season === 'A';
  return { kind, trend: trend !== 'N', damped: trend === 'Ad', seasonal, m: seasonal ? m : 1 };
}

/** Free parameters of a model: smoothing, initial states and sigma^2 (as R's forecast::ets counts them). */
export function parameterCount(spec: EtsSpec): number {
  const smoothing = 1 + (spec.trend ? 1 : 0) + (spec.seasonal ? 1 : 0) + (spec.damped ? 1 : 0);
  const initial = 1 + (spec.trend ? 1 : 0) + (spec.seasonal ? spec.m - 1 : 0);
  return smoothing + initial + 1;
}

// Bounds of FPP3 §8.6 (and statsmodels): 0 < alpha < 1, 0 < beta < alpha, 0 < gamma < 1 - alpha,
// 0.8 <= phi <= 0.98. Searched as alpha, beta* = beta/alpha, gamma* = gamma/(1-alpha), phi: a box.
const EPS = 1e-4;
const UNIT: [number, number] = [EPS, 1 - EPS];
const PHI: [number, number] = [0.8, 0.98];

function boxOf(spec: EtsSpec): Array<[number, number]> {
  return [UNIT, ...(spec.trend ? [UNIT] : []), ...(spec.seasonal ? [UNIT] : []), ...(spec.damped ? [PHI] : [])];
}

function paramsOf(spec: EtsSpec, theta: readonly number[]): EtsParams {
  let i = 0;
  const alpha = theta[i++]!;
  const beta = spec.trend ? alpha * theta[i++]! : 0;
  const gamma = spec.seasonal ? (1 - alpha) * theta[i++]! : 0;
  const phi = spec.damped ? theta[i++]! : 1;
  return { alpha, beta, gamma, phi };
}

function thetaOf(spec: EtsSpec, p: EtsParams): number[] {
  return [p.alpha, ...(spec.trend ? [p.beta / p.alpha] : []), ...(spec.seasonal ? [p.gamma / (1 - p.alpha)] : []), ...(spec.damped ? [p.phi] : [])];
}

/** Runs the recursions from `initial` over `y`; returns the one-step errors' sum of squares and the final states. */
export function runFilter(y: ArrayLike<number>, spec: EtsSpec, p: EtsParams, initial: EtsState): { sse: number; final: EtsState; errors: number[] } {
  let l = initial.level;
  let b = spec.trend ? initial.trend : 0;
  const m = spec.seasonal ? spec.m : 1;
  const s = spec.seasonal ? [...initial.seasonal] : [0];
  let at = 0;
  let sse = 0;
  const errors = new Array<number>(y.length);
  for (let t = 0; t < y.length; t++) {
    const e = y[t]! - (l + p.phi * b + s[at]!);
    errors[t] = e;
    sse += e * e;
    l = l + p.phi * b + p.alpha * e;
    b = p.phi * b + p.beta * e;
    s[at] = s[at]! + p.gamma * e;
    at = (at + 1) % m;
  }
  const seasonal = spec.seasonal ? [...s.slice(at), ...s.slice(0, at)] : [];
  return { sse, final: { level: l, trend: b, seasonal }, errors };
}

/** Log-likelihood, AIC and AICc of a fit with this SSE (Gaussian errors, sigma^2 = SSE/n). */
export function criteria(sse: number, n: number, k: number, scale: number): { sigma2: number; loglik: number; aic: number; aicc: number } {
  // A series fitted exactly would have an infinite likelihood; a floor tied to the data's scale
  // keeps the comparison finite and lets AICc pick the simplest of the exact models.
  const sigma2 = Math.max(sse / n, (1e-10 * Math.max(1, scale)) ** 2);
  const loglik = (-n / 2) * (Math.log(2 * Math.PI * sigma2) + 1);
  const aic = -2 * loglik + 2 * k;
  const aicc = n - k - 1 > 0 ? aic + (2 * k * (k + 1)) / (n - k - 1) : Number.POSITIVE_INFINITY;
  return { sigma2, loglik, aic, aicc };
}

/** Evaluates a model with given parameters and initial states (nothing estimated). */
export function evaluateEts(y: ArrayLike<number>, spec: EtsSpec, params: EtsParams, initial: EtsState): EtsFit {
  const { sse, final } = runFilter(y, spec, params, initial);
  const k = parameterCount(spec);
  return { spec, params, initial, final, n: y.length, sse, k, ...criteria(sse, y.length, k, meanAbs(y)) };
}

function meanAbs(y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i]!);
  return y.length ? s / y.length : 0;
}

// Starting grid: the likelihood of ETS models often has several local optima, some on the
// bounds (alpha near 1, beta* near 1), so the simplex starts from the best points of a coarse grid.
const GRID_UNIT = [0.05, 0.5, 0.95];
const GRID_PHI = [0.85, 0.95];

function grid(spec: EtsSpec): number[][] {
  const axes = [GRID_UNIT, ...(spec.trend ? [GRID_UNIT] : []), ...(spec.seasonal ? [GRID_UNIT] : []), ...(spec.damped ? [GRID_PHI] : [])];
  return axes.reduce<number[][]>((acc, axis) => acc.flatMap((pre) => axis.map((v) => [...pre, v])), [[]]);
}

/** How many simplex searches a fit runs, from the best distinct grid points (or from the given start). */
const SEARCHES = 2;

/**
 * Fits a model by maximum likelihood: Nelder–Mead over the smoothing parameters (in their
 * bounds), the initial states by least squares at each step. The searches start from the best
 * points of a coarse grid, or from `start` (a refit on a little less data: the backtest); each
 * is restarted once from its answer, as a simplex can stall before the optimum.
 */
export function fitEts(y: ArrayLike<number>, spec: EtsSpec, opts: { start?: EtsParams; maxEvals?: number } = {}): EtsFit & { evals: number } {
  const box = boxOf(spec);
  const lower = box.map((b) => b[0]);
  const upper = box.map((b) => b[1]);
  // The models are shift-equivariant (adding c to y adds c to the initial level), so the search
  // runs on y - y[0]: the least-squares sums then stay near the scale of the errors.
  const shift = y.length > 0 ? y[0]! : 0;
  const centred = Float64Array.from(y as ArrayLike<number>, (v) => v - shift);
  const objective = (theta: readonly number[]) => bestInitialStates(centred, spec, paramsOf(spec, theta)).sse;
  let evals = 0;
  let starts: number[][];
  if (opts.start) {
    starts = [thetaOf(spec, opts.start).map((v, i) => Math.min(upper[i]!, Math.max(lower[i]!, v)))];
  } else {
    const scored = grid(spec).map((theta) => ({ theta, f: objective(theta) }));
    evals += scored.length;
    scored.sort((a, b) => a.f - b.f);
    starts = scored.slice(0, SEARCHES).map((s) => s.theta);
  }
  // Parameters to about 4 decimals, SSE to 1e-8 relative (the log-likelihood to ~1e-6): finer
  // than that changes no forecast digit that matters and costs evaluations.
  const nmOpts = { lower, upper, tolF: 1e-8, tolX: 1e-4, ...(opts.maxEvals !== undefined && { maxEvals: opts.maxEvals }) };
  let best: { x: number[]; f: number } | null = null;
  for (const start of starts) {
    // From a given start (close to the answer) one small simplex is enough.
    let run = nelderMead(objective, start, opts.start ? { ...nmOpts, step: 0.02, tolX: 1e-3 } : nmOpts);
    evals += run.evals;
    if (!opts.start) {
      const again = nelderMead(objective, run.x, { ...nmOpts, step: 0.05 });
      evals += again.evals;
      if (again.f <= run.f) run = again;
    }
    if (!best || run.f < best.f) best = run;
  }
  const params = paramsOf(spec, best!.x);
  const { level, trend, seasonal } = bestInitialStates(centred, spec, params);
  return { ...evaluateEts(y, spec, params, { level: level + shift, trend, seasonal }), evals };
}

/** Point forecasts 1..h steps after the fit's last observation. */
export function forecastMeans(fit: EtsFit, h: number): number[] {
  const { level, trend, seasonal } = fit.final;
  const { phi } = fit.params;
  const out: number[] = [];
  let damp = 0;
  let phiPow = 1;
  for (let step = 1; step <= h; step++) {
    phiPow *= phi;
    damp += phiPow;
    const s = fit.spec.seasonal ? seasonal[(step - 1) % fit.spec.m]! : 0;
    out.push(level + (fit.spec.trend ? damp * trend : 0) + s);
  }
  return out;
}
