import type { Indicator, Label, Language } from '@ioc/protocol';

/**
 * The words of a warning in both languages. Numbers are written as each language writes them:
 * Vietnamese with a decimal comma and dots between thousands (`1.234,5`), English the other
 * way round (`1,234.5`), always with the indicator's decimals.
 */

const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };
const formatters = new Map<string, Intl.NumberFormat>();

/** `value` with exactly `decimals` digits after the separator, in the language's style. */
export function formatNumber(lang: Language, value: number, decimals: number): string {
  const key = `${lang}:${decimals}`;
  let f = formatters.get(key);
  if (!f) {
    // signDisplay 'negative': a value that rounds to zero is "0,0", not "-0,0".
    f = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: true, signDisplay: 'negative' });
    formatters.set(key, f);
  }
  return f.format(value);
}

/** A figure with its unit label: `5,20 %`, `37,10 tỷ USD`. */
export function withUnit(lang: Language, value: number, ind: Pick<Indicator, 'decimals' | 'unitLabel'>): string {
  return `${formatNumber(lang, value, ind.decimals)} ${ind.unitLabel[lang]}`;
}

/** A percentage with one decimal, no sign: `12,5 %`. */
export const pct = (lang: Language, value: number): string => `${formatNumber(lang, Math.abs(value), 1)} %`;

/** `Chỉ số giá tiêu dùng — Hà Nội, kỳ 2026-03` / `Consumer price index — Hà Nội, 2026-03`. */
export function head(lang: Language, indicatorName: Label, unitName: Label, period: string): string {
  return lang === 'vi' ? `${indicatorName.vi} — ${unitName.vi}, kỳ ${period}` : `${indicatorName.en} — ${unitName.en}, ${period}`;
}

/** Builds `{vi, en}` from one function of the language. */
export const both = (make: (lang: Language) => string): Label => ({ vi: make('vi'), en: make('en') });
