import type { Label, Language, Warning, WarningSeverity } from '@ioc/protocol';
import { formatPeriodShort } from '../../format/format';
import { severityLabel, splitMessage } from '../warnings/warnings-list-model';

/**
 * The strip's horizontal offset at wall time `now` (epoch ms): it moves left `pxPerSecond`
 * canvas pixels per second and repeats every `contentWidth` pixels, so
 * x = -((now * pxPerSecond / 1000) mod contentWidth), in (-contentWidth, 0]. The same wall
 * time gives the same x on every tile (no frame counting), so a ticker spanning displays stays
 * continuous across them and after a restart.
 */
export function tickerOffset(now: number, pxPerSecond: number, contentWidth: number): number {
  if (!(contentWidth > 0) || !Number.isFinite(now)) return 0;
  const travelled = (now * pxPerSecond) / 1000;
  const m = ((travelled % contentWidth) + contentWidth) % contentWidth;
  return m === 0 ? 0 : -m;
}

/** Copies of the content laid side by side so that the strip always covers the viewport. */
export function copiesNeeded(viewportWidth: number, contentWidth: number): number {
  if (!(contentWidth > 0)) return 1;
  return Math.max(2, Math.ceil(viewportWidth / contentWidth) + 1);
}

export interface TickerItem {
  key: string;
  /** A warning's severity (its badge), absent for a message. */
  severity?: WarningSeverity;
  badge?: string;
  text: string;
}

/**
 * What the strip shows: the panel's messages in the language, then (with `withWarnings`) each
 * warning held, most severe first, as `unit — indicator (period): what happened`.
 */
export function tickerItems(messages: readonly Label[], warnings: readonly Warning[], withWarnings: boolean, lang: Language): TickerItem[] {
  const items: TickerItem[] = messages
    .map((m, i) => ({ key: `m${i}`, text: m[lang].trim() }))
    .filter((m) => m.text.length > 0);
  if (withWarnings) {
    for (const w of warnings) {
      if (w.state === 'resolved') continue;
      const { body } = splitMessage(w, lang);
      items.push({
        key: `w${w.id}`,
        severity: w.severity,
        badge: severityLabel(w.severity, lang),
        text: `${w.unitName[lang]} — ${w.indicatorName[lang]} (${formatPeriodShort(w.period, lang)}): ${body}`,
      });
    }
  }
  return items;
}
