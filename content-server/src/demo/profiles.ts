/**
 * How each indicator of the demo behaves: its national path (trend, seasonality, the 2020-21
 * shocks), how noisy it is and how provinces differ. Magnitudes follow the 2024 column of
 * the shared indicators reference; everything here is synthetic and labelled so on the wall.
 */

/** Where in time a period sits, for the formulas below. */
export interface PeriodCtx {
  year: number;
  /** 1-12; for a quarter its middle month, for a year July. */
  month: number;
  quarter: number;
  /** Years since 2024-01-01 at the middle of the period. */
  x: number;
  /** 0 = Sunday (day periods). */
  weekday: number;
  /** `YYYY-MM` of the period's first month. */
  ym: string;
}

export interface Profile {
  /** How the pre-2025 provinces add up into a merged one: amounts sum, rates average. */
  combine: 'sum' | 'mean';
  /** The national value before noise. */
  national(c: PeriodCtx): number;
  /** Flows: relative sd of the noise; rates: absolute sd. */
  noise: number;
  /** Rates: sd of a province's lasting difference from the national value (`mul`: of its log). */
  spread?: number;
  /** `mul`: a province is the national value times a lasting factor exp(spread * N(0,1)). */
  spreadMode?: 'add' | 'mul';
  min?: number;
  max?: number;
  /** Weights a province's share of a flow (rice grows in the deltas). */
  shareBias?: (oldCode: string) => number;
}

/** Linear interpolation in a by-year table; a year's value sits at its middle. */
function byYear(table: Record<number, number>, c: PeriodCtx): number {
  const points = Object.entries(table)
    .map(([y, v]) => [Number(y), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const t = 2023.5 + c.x;
  let [y0, v0] = points[0] as readonly [number, number];
  if (t <= y0) return v0;
  for (const [y1, v1] of points) {
    if (t <= y1) return v0 + ((v1 - v0) * (t - y0)) / (y1 - y0);
    [y0, v0] = [y1, v1];
  }
  return v0;
}

const grow = (base2024: number, rate: number, c: PeriodCtx) => base2024 * (1 + rate) ** c.x;
const month = (factors: readonly number[], c: PeriodCtx) => factors[c.month - 1] ?? 1;
const shock = (table: Record<string, number>, c: PeriodCtx) => table[c.ym] ?? 1;

/** Tết (late Jan / Feb) slows production and trade; year-end lifts sales and spending. */
const TRADE = [0.95, 0.78, 1.0, 0.98, 1.0, 1.0, 1.02, 1.04, 1.02, 1.04, 1.05, 1.12];
const RETAIL = [1.03, 1.0, 0.96, 0.96, 0.97, 0.97, 0.98, 0.99, 0.99, 1.01, 1.03, 1.11];
const COVID_DEMAND = { '2020-04': 0.8, '2020-05': 0.92, '2021-08': 0.72, '2021-09': 0.75, '2021-10': 0.9 };
const GDP_QUARTERS: Record<string, number> = {
  '2020-01': 3.7, '2020-04': 0.4, '2020-07': 2.7, '2020-10': 4.5,
  '2021-01': 4.7, '2021-04': 6.7, '2021-07': -6.0, '2021-10': 5.2,
};
const GDP_YEARS = { 2015: 6.7, 2016: 6.2, 2017: 6.8, 2018: 7.1, 2019: 7.0, 2020: 2.9, 2021: 2.6, 2022: 8.0, 2023: 5.0, 2024: 7.1, 2025: 7.6, 2026: 7.8 };
const gdpGrowth = (c: PeriodCtx) => GDP_QUARTERS[c.ym] ?? byYear(GDP_YEARS, c);
const MEKONG = new Set(['80', '82', '83', '84', '86', '87', '89', '91', '92', '93', '94', '95', '96']);
const RED_RIVER = new Set(['01', '26', '27', '30', '31', '33', '34', '35', '36', '37']);

export const PROFILES: Readonly<Record<string, Profile>> = {
  gdp_growth: { combine: 'mean', national: gdpGrowth, noise: 0.15 },
  grdp: { combine: 'sum', national: (c) => grow(2875, 0.09, c) * [0.92, 0.98, 1.0, 1.1][c.quarter - 1]! * (GDP_QUARTERS[c.ym] !== undefined ? 0.95 : 1), noise: 0.02 },
  grdp_growth: { combine: 'mean', national: gdpGrowth, noise: 1.0, spread: 1.8, min: -12, max: 20 },
  cpi_yoy: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 0.6, 2016: 2.7, 2017: 3.5, 2018: 3.5, 2019: 2.8, 2020: 3.2, 2021: 1.8, 2022: 3.2, 2023: 3.3, 2024: 3.6, 2025: 3.3, 2026: 3.4 }, c),
    noise: 0.25, spread: 0.45,
  },
  iip_yoy: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 9.8, 2016: 7.5, 2017: 9.4, 2018: 10.2, 2019: 9.1, 2020: 3.3, 2021: 4.8, 2022: 7.8, 2023: 1.5, 2024: 8.4, 2025: 9.0, 2026: 9.2 }, c)
      + (({ '2020-04': -14, '2020-05': -6, '2021-08': -12, '2021-09': -10 } as Record<string, number>)[c.ym] ?? 0),
    noise: 1.4, spread: 3, min: -35, max: 45,
  },
  retail_sales: { combine: 'sum', national: (c) => grow(520, 0.09, c) * month(RETAIL, c) * shock(COVID_DEMAND, c), noise: 0.015 },
  exports: { combine: 'sum', national: (c) => grow(33.75, 0.1, c) * month(TRADE, c), noise: 0.03 },
  imports: { combine: 'sum', national: (c) => grow(31.7, 0.1, c) * month(TRADE, c), noise: 0.03 },
  // trade_balance is exports minus imports (see generator), so it has no profile of its own.
  fdi_registered: { combine: 'sum', national: (c) => grow(3.17, 0.03, c), noise: 0.25 },
  fdi_disbursed: { combine: 'sum', national: (c) => grow(2.08, 0.05, c) * month([0.8, 0.85, 0.95, 1, 1, 1, 1, 1, 1, 1, 1.05, 1.35], c), noise: 0.05 },
  budget_revenue: { combine: 'sum', national: (c) => grow(167, 0.08, c) * month([1.3, 0.8, 0.9, 1.1, 0.95, 0.95, 1.05, 0.9, 0.9, 1.0, 0.95, 1.2], c), noise: 0.05 },
  budget_spending: { combine: 'sum', national: (c) => grow(158, 0.08, c) * month([0.8, 0.85, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 1.0, 1.0, 1.05, 1.6], c), noise: 0.05 },
  // Cumulative share of the year's plan: slow in spring, rushing towards the year end.
  public_investment_disbursed: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 82, 2018: 80, 2020: 82, 2022: 78, 2023: 81, 2024: 84, 2025: 90, 2026: 88 }, { ...c, x: c.year - 2024 + 0.5 }) * (c.month / 12) ** 1.5,
    noise: 1.2, spread: 0.08, spreadMode: 'mul', min: 0, max: 100,
  },
  new_enterprises: { combine: 'sum', national: (c) => grow(13_333, 0.03, c) * month([0.9, 0.55, 1.1, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05, 1.05], c) * shock(COVID_DEMAND, c), noise: 0.05 },
  enterprises_exiting: { combine: 'sum', national: (c) => grow(15_833, 0.05, c) * month([2.0, 0.9, 1.0, 0.85, 0.85, 0.85, 0.85, 0.85, 0.85, 0.9, 0.9, 1.05], c), noise: 0.06 },
  intl_arrivals: {
    combine: 'sum',
    national: (c) => {
      if (c.ym >= '2020-04' && c.ym < '2022-03') return 15;
      return byYear({ 2015: 7944, 2016: 10013, 2017: 12922, 2018: 15498, 2019: 18009, 2020: 15000, 2022: 3661, 2023: 12600, 2024: 17500, 2025: 21000, 2026: 23000 }, c) / 12
        * month([1.15, 1.1, 1.05, 0.95, 0.85, 0.85, 0.95, 0.95, 0.85, 0.95, 1.0, 1.2], c);
    },
    noise: 0.04,
  },
  unemployment_rate: {
    combine: 'mean',
    national: (c) => ({ '2020-04': 2.73, '2021-07': 3.98, '2021-10': 3.56 } as Record<string, number>)[c.ym]
      ?? byYear({ 2015: 2.31, 2016: 2.3, 2017: 2.24, 2018: 2.19, 2019: 2.17, 2020: 2.48, 2021: 3.2, 2022: 2.32, 2023: 2.28, 2024: 2.24, 2025: 2.22, 2026: 2.2 }, c),
    noise: 0.06, spread: 0.6, min: 0.3,
  },
  poverty_rate: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 9.9, 2016: 9.2, 2017: 7.9, 2018: 6.8, 2019: 5.7, 2020: 4.8, 2021: 4.4, 2022: 4.3, 2023: 2.9, 2024: 1.9, 2025: 1.3, 2026: 1.0 }, c),
    noise: 0.05, spread: 0.8, spreadMode: 'mul', min: 0,
  },
  health_insurance_coverage: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 76.5, 2016: 81.9, 2017: 86.4, 2018: 88.5, 2019: 90.0, 2020: 90.9, 2021: 91.0, 2022: 92.0, 2023: 93.3, 2024: 94.2, 2025: 95.0, 2026: 95.4 }, c),
    noise: 0.12, spread: 2.5, max: 99.5,
  },
  social_insurance_participants: { combine: 'sum', national: (c) => byYear({ 2015: 12.3, 2018: 14.6, 2020: 16.2, 2022: 17.5, 2024: 20.0, 2026: 21.6 }, c), noise: 0.004 },
  traffic_accidents: { combine: 'sum', national: (c) => grow(68, -0.02, c) * (c.weekday === 0 || c.weekday === 6 ? 1.15 : 1) * (c.month === 2 ? 1.2 : 1), noise: 0.14 },
  traffic_deaths: { combine: 'sum', national: (c) => grow(31, -0.03, c) * (c.weekday === 0 || c.weekday === 6 ? 1.12 : 1) * (c.month === 2 ? 1.2 : 1), noise: 0.16 },
  disaster_damage: {
    combine: 'sum',
    national: (c) => (c.ym === '2024-09' ? 80_000 : 1700 * month([0.2, 0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 2.4, 2.9, 1.5, 0.4], c)),
    noise: 0.6,
  },
  power_peak_load: {
    combine: 'sum',
    national: (c) => grow(44_500, 0.085, c) * month([0.9, 0.85, 0.98, 1.04, 1.08, 1.09, 1.06, 1.03, 1.0, 0.99, 0.97, 0.96], c) * (c.weekday === 0 ? 0.9 : 1),
    noise: 0.012,
  },
  power_consumption: { combine: 'sum', national: (c) => grow(25_840, 0.09, c) * month([0.92, 0.85, 0.98, 1.04, 1.1, 1.1, 1.06, 1.04, 1.0, 0.99, 0.96, 0.96], c), noise: 0.02 },
  online_dossiers: { combine: 'sum', national: (c) => grow(4_000_000, 0.22, c), noise: 0.05 },
  dossiers_on_time: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 90.5, 2018: 93, 2020: 95, 2022: 96, 2024: 97.2, 2026: 98 }, c),
    noise: 0.4, spread: 1.6, max: 100,
  },
  regulations_cut: { combine: 'sum', national: (c) => byYear({ 2015: 260, 2018: 700, 2020: 500, 2022: 400, 2024: 600, 2026: 500 }, c) / 4, noise: 0.4 },
  internet_subscribers: { combine: 'sum', national: (c) => byYear({ 2015: 7.7, 2017: 11.2, 2019: 15.2, 2021: 19.4, 2023: 22.0, 2024: 23.0, 2026: 25.0 }, c), noise: 0.004 },
  rice_output: {
    combine: 'sum',
    national: (c) => byYear({ 2015: 45_100, 2016: 43_200, 2018: 44_000, 2020: 42_800, 2022: 42_700, 2024: 43_500, 2026: 43_300 }, c),
    noise: 0.02,
    shareBias: (code) => (MEKONG.has(code) ? 9 : RED_RIVER.has(code) ? 2.5 : 0.8),
  },
  forest_cover: {
    combine: 'mean',
    national: (c) => byYear({ 2015: 40.8, 2018: 41.7, 2020: 42.0, 2024: 42.0, 2026: 42.1 }, c),
    noise: 0.1, spread: 16, min: 1, max: 75,
  },
  reports_on_time: { combine: 'mean', national: (c) => byYear({ 2015: 78, 2019: 86, 2022: 92, 2024: 95, 2026: 96 }, c), noise: 1.2, spread: 3, max: 100 },
};

/** Weight of a pre-2025 province in flows: the large economies lead, the rest vary. */
export const ECONOMIC_WEIGHT: Readonly<Record<string, number>> = {
  '79': 22, '01': 13, '74': 5.5, '75': 4.5, '77': 3.5, '31': 4, '22': 3, '27': 3, '38': 2.5, '48': 2, '26': 2, '30': 2, '40': 1.8, '92': 1.2,
};
