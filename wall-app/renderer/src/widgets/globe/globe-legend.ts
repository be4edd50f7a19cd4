import type { Language } from '@ioc/protocol';
import { formatNumber } from '../../format/format';
import { countryName, formatMeasure, VIETNAM, type GlobeData, type GlobeMeasure, type GlobeSummary } from './globe-model';
import { fill } from '../../i18n/fill';
import { messages } from './messages';

/** Short units next to figures (the legend's key gives the full unit). */
export const SHORT_UNIT: Record<Language, Record<GlobeMeasure, string>> = {
  vi: { income: '$ PPP/người', life_expect: 'năm', fertility: 'con/phụ nữ', pop: 'triệu người' },
  en: { income: 'PPP $/person', life_expect: 'years', fertility: 'children/woman', pop: 'million' },
};

/** The legend's texts for one measure in one language (pure: unit-tested). */
export function legendText(data: GlobeData, s: GlobeSummary, lang: Language) {
  const m = messages[lang];
  const unit = SHORT_UNIT[lang][s.measure];
  const vn = s.vietnam;
  const vnCountry = data.countries.find((c) => c.name === VIETNAM)!;
  const vnRank = vn ? fill(m.rank, { rank: formatNumber(vn.rank, lang, 0), of: formatNumber(s.ranked.length, lang, 0) }) : null;
  return {
    title: fill(m.title, { measure: m.measure[s.measure] }),
    measure: m.measure[s.measure],
    unit: m.unit[s.measure],
    year: fill(m.year, { year: s.year }),
    heights: m.heights,
    source: fill(m.source, { name: data.source.name, package: data.source.package }),
    topHeader: `${fill(m.top, { count: s.top.length })} · ${unit}`,
    top: s.top.map((r) => ({ rank: formatNumber(r.rank, lang, 0), name: countryName(r.country, lang), value: formatMeasure(s.measure, r.value, lang) })),
    vietnam: countryName(vnCountry, lang),
    vietnamRank: vnRank,
    vietnamValue: vn ? `${formatMeasure(s.measure, vn.value, lang)} ${unit}` : fill(m.noData, { year: s.year }),
    label: `${countryName(vnCountry, lang)} · ${vnRank ?? fill(m.noData, { year: s.year })}`,
  };
}
