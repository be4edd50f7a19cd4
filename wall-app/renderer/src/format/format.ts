import { formatVnTimestamp, parsePeriod, TIME_ZONE, type Language } from '@ioc/protocol';

/** Locale of each product language for Intl formatting. */
export const LOCALES: Record<Language, string> = { vi: 'vi-VN', en: 'en-US' };

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat with exactly `decimals` fraction digits. */
export function numberFormat(lang: Language, decimals: number): Intl.NumberFormat {
  const key = `${lang}:${decimals}`;
  let fmt = numberFormats.get(key);
  if (!fmt) {
    fmt = new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, fmt);
  }
  return fmt;
}

/**
 * Fraction digits for axis tick labels `step` apart: enough to tell the ticks apart, never more
 * than the indicator's `decimals`.
 */
export function tickDecimals(step: number, decimals: number): number {
  return Math.min(Math.max(decimals, 0), Math.max(0, -Math.floor(Math.log10(step))));
}

/** `1234.5` -> `1.234,5` (vi) or `1,234.5` (en). */
export function formatNumber(value: number, lang: Language, decimals: number): string {
  // -0 would print as "-0"; a value that rounds to zero is shown as plain zero.
  const rounded = Number(value.toFixed(decimals));
  return numberFormat(lang, decimals).format(rounded === 0 ? 0 : value);
}

export type Direction = 'up' | 'down' | 'flat';
/** good/bad follow `higherIsBetter`; neutral when the catalog does not say, or no change. */
export type Tone = 'good' | 'bad' | 'neutral';

export interface Change {
  direction: Direction;
  tone: Tone;
  /** Absolute change, formatted: the arrow carries the sign. */
  magnitude: string;
  /** Signed change, formatted (`+1,2`, `−1,2`, `0`). */
  signed: string;
  arrow: '▲' | '▼' | '●';
}

const MINUS = '\u2212';

/** Change of `current` against `previous`, rounded to the indicator's decimals. */
export function describeChange(
  current: number,
  previous: number,
  decimals: number,
  higherIsBetter: boolean | null,
  lang: Language,
): Change {
  const delta = Number((current - previous).toFixed(decimals));
  const direction: Direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  const magnitude = formatNumber(Math.abs(delta), lang, decimals);
  const tone: Tone =
    direction === 'flat' || higherIsBetter === null ? 'neutral' : (direction === 'up') === higherIsBetter ? 'good' : 'bad';
  const signed = direction === 'up' ? `+${magnitude}` : direction === 'down' ? `${MINUS}${magnitude}` : magnitude;
  const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '●';
  return { direction, tone, magnitude, signed, arrow };
}

const monthFormats: Record<Language, Intl.DateTimeFormat> = {
  vi: new Intl.DateTimeFormat('vi-VN', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, day: 'numeric', month: 'short', year: 'numeric' }),
};
const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_MONTHS = MONTHS_EN.map((m) => m.slice(0, 3));

/**
 * A reporting period for people: `Tháng 7/2025` / `Jul 2025`, `Quý 3/2025` / `Q3 2025`,
 * `Năm 2025` / `2025`; days by the locale; instants in ISO 8601, Vietnam time.
 */
export function formatPeriod(period: string, lang: Language): string {
  const parsed = parsePeriod(period);
  if (!parsed) return period;
  const year = period.slice(0, 4);
  switch (parsed.kind) {
    case 'year':
      return lang === 'vi' ? `Năm ${year}` : year;
    case 'quarter':
      return lang === 'vi' ? `Quý ${period.slice(6)}/${year}` : `Q${period.slice(6)} ${year}`;
    case 'month': {
      const month = Number(period.slice(5, 7));
      return lang === 'vi' ? `Tháng ${month}/${year}` : `${EN_MONTHS[month - 1] ?? ''} ${year}`;
    }
    case 'day':
      return monthFormats[lang].format(parsed.start);
    case 'instant':
      return formatVnTimestamp(parsed.start);
  }
}

/** The marker of a value its source published before the period ended (catalog: release). */
export const ESTIMATE_MARK: Readonly<Record<Language, string>> = { vi: 'ước tính', en: 'estimate' };

/** A value as shown with its marker when it is an estimate: `7,50 · ước tính` / `7.50 · estimate`. */
export function withEstimateMark(text: string, estimate: boolean | undefined, lang: Language): string {
  return estimate ? `${text} · ${ESTIMATE_MARK[lang]}` : text;
}

/** A point's period beside its value, marked when the value is an estimate: `Quý 4/2026 · ước tính`. */
export function formatPointPeriod(point: { period: string; estimate?: boolean | undefined }, lang: Language): string {
  return withEstimateMark(formatPeriod(point.period, lang), point.estimate, lang);
}

/** Short period label for axes and tables: `T7/2025` / `Jul 2025`, `Q3/2025`, `14/07`, `08:05`. */
export function formatPeriodShort(period: string, lang: Language): string {
  const parsed = parsePeriod(period);
  if (!parsed) return period;
  const year = period.slice(0, 4);
  switch (parsed.kind) {
    case 'year':
      return year;
    case 'quarter':
      return lang === 'vi' ? `Q${period.slice(6)}/${year}` : `Q${period.slice(6)} ${year}`;
    case 'month': {
      const month = Number(period.slice(5, 7));
      return lang === 'vi' ? `T${month}/${year}` : `${EN_MONTHS[month - 1] ?? ''} ${year}`;
    }
    case 'day':
      return lang === 'vi' ? `${period.slice(8, 10)}/${period.slice(5, 7)}` : `${EN_MONTHS[Number(period.slice(5, 7)) - 1] ?? ''} ${Number(period.slice(8, 10))}`;
    case 'instant':
      return formatVnTimestamp(parsed.start).slice(11, 16);
  }
}

/** How old the data is, for the stale badge: `12 giây` / `12 s`, then minutes, then hours. */
export function formatAge(ms: number, lang: Language): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return lang === 'vi' ? `${s} giây` : `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return lang === 'vi' ? `${m} phút` : `${m} min`;
  const h = Math.floor(m / 60);
  return lang === 'vi' ? `${h} giờ` : `${h} h`;
}

const WEEKDAYS: Record<Language, readonly string[]> = {
  vi: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};

/** The wall clock as people read it; ISO 8601 stays in data, logs and the `datetime` attribute. */
export interface WallClockText {
  /** `05:45:30` (24-hour, Vietnam time). */
  time: string;
  /** `Thứ Hai, 07/12/2026` / `Monday, 7 December 2026`. */
  date: string;
  /** `Giờ Việt Nam (UTC+7)` / `Vietnam time (UTC+7)`: said once, beside the time. */
  zone: string;
}

/**
 * The wall clock at `ms` in Vietnam time (UTC+7 all year: Vietnam keeps no daylight saving),
 * worked out from the offset rather than Intl so every renderer writes the same words
 * whatever its ICU data.
 */
export function formatWallClock(ms: number, lang: Language): WallClockText {
  const iso = formatVnTimestamp(ms);
  const [y, mo, d] = [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  const weekday = WEEKDAYS[lang][new Date(Date.UTC(y, mo - 1, d)).getUTCDay()];
  return {
    time: iso.slice(11, 19),
    date: lang === 'vi' ? `${weekday}, ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${y}` : `${weekday}, ${d} ${MONTHS_EN[mo - 1]} ${y}`,
    zone: lang === 'vi' ? 'Giờ Việt Nam (UTC+7)' : 'Vietnam time (UTC+7)',
  };
}
