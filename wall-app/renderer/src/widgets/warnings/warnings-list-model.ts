import { formatVnTimestamp, type Language, type Warning, type WarningSeverity } from '@ioc/protocol';
import { label } from '../../i18n/fill';
import type { Theme } from '../../theme';
import { warningsMessages } from './messages';

export const wmsg = (lang: Language, key: string, vars?: Record<string, string | number>): string => label(warningsMessages, lang, `warnings.${key}`, vars);

/** The severity as a word (the badge never relies on colour alone). */
export function severityLabel(severity: WarningSeverity, lang: Language): string {
  return wmsg(lang, `severity.${severity}`);
}

/** The severity's colour in a theme. */
export function severityColor(severity: WarningSeverity, theme: Theme): string {
  return severity === 'critical' ? theme.bad : severity === 'warning' ? theme.warn : theme.accent;
}

/** How long ago, for people: `vừa xong`, `14 phút trước`, `2 giờ trước`, `3 ngày trước` / `just now`, `14 min ago`, ... */
export function relativeAge(ms: number, lang: Language): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return wmsg(lang, 'justNow');
  if (minutes < 60) return wmsg(lang, 'minutesAgo', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return wmsg(lang, 'hoursAgo', { count: hours });
  return wmsg(lang, 'daysAgo', { count: Math.floor(hours / 24) });
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Clock time and day in Vietnam time: `08:46 23/11` / `23 Nov 08:46`. */
export function clockTime(ms: number, lang: Language): string {
  const iso = formatVnTimestamp(ms); // 2026-11-23T08:46:00+07:00
  const hhmm = iso.slice(11, 16);
  const day = Number(iso.slice(8, 10));
  const month = Number(iso.slice(5, 7));
  return lang === 'vi' ? `${hhmm} ${iso.slice(8, 10)}/${iso.slice(5, 7)}` : `${day} ${EN_MONTHS[month - 1] ?? ''} ${hhmm}`;
}

/**
 * A warning's message split for the list: the unit and the indicator, shown apart, and `body`,
 * what happened. The server writes the message as `<indicator> — <unit>, kỳ <period>: <what>`;
 * that head is dropped from the body. Other messages stay whole.
 */
export function splitMessage(w: Warning, lang: Language): { unit: string; indicator: string; body: string } {
  const head = `${w.indicatorName[lang]} — ${w.unitName[lang]}`;
  const msg = w.message[lang];
  let body = msg;
  if (msg.startsWith(head)) {
    const colon = msg.indexOf(': ', head.length);
    if (colon >= 0 && colon - head.length <= 40) body = msg.slice(colon + 2);
  }
  return { unit: w.unitName[lang], indicator: w.indicatorName[lang], body };
}

/** Who acknowledged, for people: `user:lan` -> `lan`, `key:console-1` -> `console-1`. */
export function ackWho(ackBy: string | null): string | null {
  if (!ackBy) return null;
  const i = ackBy.indexOf(':');
  return i >= 0 ? ackBy.slice(i + 1) : ackBy;
}

/**
 * How many warnings the list shows: at most `max`, as many as fit `height` px at `itemHeight`
 * each (reserving a line of `moreHeight` px for the "+N" note when some are left out).
 */
export function fitWarnings(count: number, max: number, height: number, itemHeight: number, moreHeight: number): { shown: number; more: number } {
  const all = Math.min(count, max);
  if (count === 0) return { shown: 0, more: 0 };
  const fitAll = Math.floor(height / itemHeight);
  if (all <= fitAll && all === count) return { shown: all, more: 0 };
  const shown = Math.max(1, Math.min(all, Math.floor((height - moreHeight) / itemHeight)));
  return { shown, more: count - shown };
}

/** True when a warning shown was raised on synthetic (demo) values: the wall's "DEMO DATA" watermark must show. */
export function anySyntheticWarning(warnings: readonly Pick<Warning, 'synthetic' | 'state'>[]): boolean {
  return warnings.some((w) => w.synthetic === true && w.state !== 'resolved');
}
