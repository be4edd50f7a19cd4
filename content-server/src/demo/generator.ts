import { VN_OFFSET_MINUTES, parsePeriod, type Indicator, type ParsedPeriod } from '@ioc/protocol';
import { ECONOMIC_WEIGHT, PROFILES, type PeriodCtx, type Profile } from './profiles.js';
import { gauss, roundTo, uniform } from './random.js';

/** The demo's fixed seed: every synthetic value is a pure function of it and its key. */
export const DEMO_SEED = 20_150_101;
/** Bump when the formulas change, so that a stored demo history is posted again. */
export const GENERATOR_VERSION = 2;

const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
const YEAR_MS = 365.25 * 86_400_000;
const EPOCH_2024 = Date.UTC(2024, 0, 1) - OFFSET_MS;

/** The units the demo reports for, from the catalog's registry. */
export interface DemoUnits {
  /** The 63 pre-2025 province codes. */
  oldProvinces: readonly string[];
  /** The 34 post-2025 provinces and their members (pre-2025 codes). */
  newProvinces: ReadonlyMap<string, readonly string[]>;
  /** First instant of the 34 provinces (epoch ms). */
  reformStart: number;
  /** Agency codes whose validity overlaps [start, end). */
  agenciesDuring(start: number, end: number): string[];
}

export interface DemoObservation {
  indicator: string;
  unit: string;
  period: string;
  value: number;
  /** An estimate of a period not yet ended, as the catalog's release allows. */
  estimate?: boolean;
}

function ctxOf(p: ParsedPeriod): PeriodCtx {
  const d = new Date(p.start + OFFSET_MS);
  const year = d.getUTCFullYear();
  const first = d.getUTCMonth() + 1;
  const month = p.kind === 'quarter' ? first + 1 : p.kind === 'year' ? 7 : first;
  return {
    year,
    month,
    quarter: Math.floor((first - 1) / 3) + 1,
    x: ((p.start + p.end) / 2 - EPOCH_2024) / YEAR_MS,
    weekday: d.getUTCDay(),
    ym: `${year}-${String(first).padStart(2, '0')}`,
  };
}

function clamp(v: number, profile: Profile): number {
  return Math.min(profile.max ?? Infinity, Math.max(profile.min ?? -Infinity, v));
}

/**
 * Synthetic values for the demo. A province that exists before 1 July 2025 has a "latent"
 * value for every period; a merged province is the sum (amounts) or the mean (rates) of its
 * members' latent values, and a national amount is the sum over all provinces, so the series
 * stay consistent across the reform.
 */
export class DemoGenerator {
  private readonly shares = new Map<string, Map<string, number>>();
  /** Parsed periods and their context, by spelling (a few thousand at most). */
  private readonly periods = new Map<string, { p: ParsedPeriod; c: PeriodCtx } | null>();

  constructor(
    readonly seed: number,
    private readonly units: DemoUnits,
    private readonly indicators: ReadonlyMap<string, Indicator>,
  ) {}

  /** The value of (indicator, unit, period), or null where the demo has none. */
  value(indicator: string, unit: string, period: string): number | null {
    const ind = this.indicators.get(indicator);
    const pc = this.period(period);
    if (!ind || !pc) return null;
    const { p, c } = pc;
    if (indicator === 'trade_balance') {
      const ex = this.value('exports', unit, period);
      const im = this.value('imports', unit, period);
      return ex === null || im === null ? null : roundTo(ex - im, ind.decimals);
    }
    const profile = PROFILES[indicator];
    if (!profile) return null;
    if (unit === 'VN') return ind.levels.includes('N') ? roundTo(this.national(indicator, ind, profile, c, p.canonical), ind.decimals) : null;
    if (ind.levels.includes('M') && this.units.agenciesDuring(p.start, p.end).includes(unit)) {
      return roundTo(this.agency(indicator, ind, profile, c, p.canonical, unit), ind.decimals);
    }
    if (!ind.levels.includes('P')) return null;
    if (p.end > this.units.reformStart) {
      const members = this.units.newProvinces.get(unit);
      if (!members) return null;
      const values = members.map((m) => this.latent(indicator, m, period) as number);
      const total = values.reduce((a, b) => a + b, 0);
      return roundTo(profile.combine === 'sum' ? total : total / values.length, ind.decimals);
    }
    return this.units.oldProvinces.includes(unit) ? this.latent(indicator, unit, period) : null;
  }

  /** The value a pre-2025 province has (or would have had after the merger), rounded. */
  latent(indicator: string, oldCode: string, period: string): number | null {
    const ind = this.indicators.get(indicator);
    const profile = PROFILES[indicator];
    const pc = this.period(period);
    if (!ind || !profile || !pc) return null;
    const { p, c } = pc;
    const g = gauss(this.seed, indicator, oldCode, p.canonical);
    if (profile.combine === 'sum') {
      const share = this.shareOf(indicator, profile).get(oldCode) ?? 0;
      return roundTo(Math.max(0, profile.national(c) * share * (1 + profile.noise * g)), ind.decimals);
    }
    const base = this.nationalRate(indicator, profile, c, p.canonical);
    const lasting = gauss(this.seed, indicator, oldCode, 'offset') * (profile.spread ?? 0);
    const v = profile.spreadMode === 'mul' ? base * Math.exp(lasting) + profile.noise * g : base + lasting + profile.noise * g;
    return roundTo(clamp(v, profile), ind.decimals);
  }

  private period(text: string): { p: ParsedPeriod; c: PeriodCtx } | null {
    let pc = this.periods.get(text);
    if (pc === undefined) {
      const p = parsePeriod(text);
      pc = p ? { p, c: ctxOf(p) } : null;
      this.periods.set(text, pc);
    }
    return pc;
  }

  private national(indicator: string, ind: Indicator, profile: Profile, c: PeriodCtx, period: string): number {
    if (profile.combine === 'mean') return this.nationalRate(indicator, profile, c, period);
    // An amount reported by provinces is their sum, so national and provincial figures agree.
    if (ind.levels.includes('P')) return this.units.oldProvinces.reduce((sum, code) => sum + (this.latent(indicator, code, period) as number), 0);
    return Math.max(0, profile.national(c) * (1 + profile.noise * gauss(this.seed, indicator, 'VN', period)));
  }

  private nationalRate(indicator: string, profile: Profile, c: PeriodCtx, period: string): number {
    return clamp(profile.national(c) + profile.noise * 0.5 * gauss(this.seed, indicator, 'VN', period), profile);
  }

  private agency(indicator: string, ind: Indicator, profile: Profile, c: PeriodCtx, period: string, code: string): number {
    const g = gauss(this.seed, indicator, code, period);
    if (profile.combine === 'sum') {
      const share = ind.levels.includes('P') ? 0.005 + 0.03 * uniform(this.seed, indicator, code) : (0.5 + uniform(this.seed, indicator, code)) / 12;
      return Math.max(0, profile.national(c) * share * (1 + profile.noise * g));
    }
    const lasting = gauss(this.seed, indicator, code, 'offset') * (profile.spreadMode === 'mul' ? 0 : profile.spread ?? 0);
    return clamp(this.nationalRate(indicator, profile, c, period) + lasting + profile.noise * g, profile);
  }

  private shareOf(indicator: string, profile: Profile): Map<string, number> {
    let shares = this.shares.get(indicator);
    if (shares) return shares;
    const weights = this.units.oldProvinces.map((code) => {
      const economic = ECONOMIC_WEIGHT[code] ?? 0.4 + 1.2 * uniform(this.seed, 'weight', code);
      return [code, economic * (0.75 + 0.5 * uniform(this.seed, indicator, code, 'share')) * (profile.shareBias?.(code) ?? 1)] as const;
    });
    const total = weights.reduce((s, [, w]) => s + w, 0);
    shares = new Map(weights.map(([code, w]) => [code, w / total]));
    this.shares.set(indicator, shares);
    return shares;
  }
}
