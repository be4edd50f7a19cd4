import type { InternationalMeasure, InternationalResponse, Label } from '@ioc/protocol';
import type { CountryRow, GapminderData } from './gapminder.js';

/** How Viet Nam is spelled in the Gapminder table. */
export const VIETNAM = 'Vietnam';

export const MEASURES: Record<InternationalMeasure, { label: Label; unit: Label }> = {
  income: {
    label: { vi: 'Thu nhập bình quân đầu người', en: 'Income per person' },
    unit: { vi: 'đô la quốc tế (PPP, giá cố định)', en: 'international dollars (PPP, inflation-adjusted)' },
  },
  health: { label: { vi: 'Tuổi thọ trung bình', en: 'Life expectancy' }, unit: { vi: 'năm', en: 'years' } },
  population: { label: { vi: 'Dân số', en: 'Population' }, unit: { vi: 'người', en: 'people' } },
};

/** Gapminder's regions (World Bank groupings) in both languages. */
export const REGIONS: Record<string, Label> = {
  east_asia_pacific: { vi: 'Đông Á và Thái Bình Dương', en: 'East Asia and Pacific' },
  europe_central_asia: { vi: 'Châu Âu và Trung Á', en: 'Europe and Central Asia' },
  america: { vi: 'Châu Mỹ', en: 'The Americas' },
  middle_east_north_africa: { vi: 'Trung Đông và Bắc Phi', en: 'Middle East and North Africa' },
  south_asia: { vi: 'Nam Á', en: 'South Asia' },
  sub_saharan_africa: { vi: 'Châu Phi cận Sahara', en: 'Sub-Saharan Africa' },
};

export const REAL_DATA_NOTE: Label = {
  vi: 'Số liệu thực của Gapminder (không phải số liệu mô phỏng), năm 2015; xếp hạng từ cao xuống thấp, giá trị bằng nhau cùng hạng.',
  en: 'Real Gapminder data (not synthetic), year 2015; ranked from highest to lowest, equal values share a rank.',
};

export interface Ranked extends CountryRow {
  rank: number;
}

/** Ranks rows by one measure, highest first; a rank is 1 + the number of rows with a higher value. */
export function rankBy(rows: readonly CountryRow[], measure: InternationalMeasure): Ranked[] {
  const sorted = [...rows].sort((a, b) => b[measure] - a[measure] || a.country.localeCompare(b.country));
  const out: Ranked[] = [];
  sorted.forEach((r, i) => {
    const prev = out[i - 1];
    out.push({ ...r, rank: prev && prev[measure] === r[measure] ? prev.rank : i + 1 });
  });
  return out;
}

/**
 * Viet Nam among the world and its region for one measure: the world's top `top` and Viet Nam
 * with `around` neighbours on each side (no row twice), and the whole region.
 */
export function compare(data: GapminderData, measure: InternationalMeasure, top = 10, around = 2): InternationalResponse {
  const world = rankBy(data.rows, measure);
  const at = world.findIndex((r) => r.country === VIETNAM);
  const vn = world[at];
  if (!vn) throw new Error(`${data.source.file} has no row for ${VIETNAM}`);
  const region = rankBy(
    data.rows.filter((r) => r.region === vn.region),
    measure,
  );
  const vnInRegion = region.find((r) => r.country === VIETNAM)!;
  const show = (r: Ranked) => ({ rank: r.rank, country: r.country, value: r[measure], region: r.region, vietnam: r.country === VIETNAM });
  const picked = new Set<number>();
  for (let i = 0; i < Math.min(top, world.length); i++) picked.add(i);
  for (let i = Math.max(0, at - around); i <= Math.min(world.length - 1, at + around); i++) picked.add(i);
  return {
    measure,
    label: MEASURES[measure].label,
    unit: MEASURES[measure].unit,
    year: data.source.year,
    source: data.source,
    note: REAL_DATA_NOTE,
    vietnam: {
      country: vn.country,
      value: vn[measure],
      worldRank: vn.rank,
      worldOf: world.length,
      region: vn.region,
      regionLabel: REGIONS[vn.region] ?? { vi: vn.region, en: vn.region },
      regionRank: vnInRegion.rank,
      regionOf: region.length,
    },
    world: [...picked].sort((a, b) => a - b).map((i) => show(world[i]!)),
    region: region.map(show),
  };
}
