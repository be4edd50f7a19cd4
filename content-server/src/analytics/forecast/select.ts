import type { ForecastModelKind } from '@ioc/protocol';
import { ALL_KINDS, fitEts, parameterCount, specOf, type EtsFit, type EtsSpec } from './ets.js';

/** Fewest points for which any forecast is made (the simplest model's own minimum plus one backtest origin). */
export const MIN_POINTS = 8;

/**
 * Fewest points a model is fitted to: its free parameters plus 4 (so that AICc's correction
 * n - k - 1 is at least 3), and for a seasonal model also two full seasons plus 4, so that each
 * season's state is seen at least twice.
 */
export function minPoints(spec: EtsSpec): number {
  const k = parameterCount(spec);
  return Math.max(k + 4, spec.seasonal ? 2 * spec.m + 4 : 0, MIN_POINTS - 1);
}

export interface Candidate {
  kind: ForecastModelKind;
  spec: EtsSpec;
  parameters: number;
  fit: EtsFit | null;
  /** Why it was not fitted. */
  reason?: string;
}

export interface Selection {
  best: EtsFit;
  candidates: Candidate[];
}

/**
 * Fits every model the series supports and keeps the one with the lowest AICc (Hyndman et al.
 * 2008, §7.1; FPP3 §8.6). Seasonal models are tried only when the season length `m` is above 1;
 * a model the series is too short for is listed with the reason. Returns null when no model
 * can be fitted (fewer than `MIN_POINTS` points).
 */
export function selectModel(y: ArrayLike<number>, m: number): Selection | null {
  const n = y.length;
  const candidates: Candidate[] = [];
  for (const kind of ALL_KINDS) {
    const spec = specOf(kind, m);
    if (spec.seasonal && m <= 1) continue;
    const parameters = parameterCount(spec);
    const need = minPoints(spec);
    if (n < need) {
      candidates.push({ kind, spec, parameters, fit: null, reason: `needs at least ${need} points, the series has ${n}` });
      continue;
    }
    candidates.push({ kind, spec, parameters, fit: fitEts(y, spec) });
  }
  let best: EtsFit | null = null;
  for (const c of candidates) if (c.fit && (!best || c.fit.aicc < best.aicc)) best = c.fit;
  return best ? { best, candidates } : null;
}

/** Season length for a periodicity: 12 for months, 4 for quarters, none (1) otherwise. */
export function seasonLength(periodicity: string): number {
  return periodicity === 'month' ? 12 : periodicity === 'quarter' ? 4 : 1;
}
