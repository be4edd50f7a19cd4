import { z } from 'zod';
import { parsePeriod, type ParsedPeriod } from './period.js';
import { VN_OFFSET_MINUTES } from './version.js';

const DAY_MS = 86_400_000;
const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;

/**
 * When an indicator's figure of a period becomes public (its source's release calendar), as data
 * of the catalog. A figure of a period exists only once the period has ended (Vietnam time);
 * some sources also publish an estimate of the current period shortly before it ends.
 */
export const ReleaseSchema = z.strictObject({
  /**
   * Whole days after the period ends (00:00 Vietnam time of the next period) until the source
   * publishes the figure: 5 is the 6th of the following month, 0 the next day.
   */
  lagDays: z.number().int().min(0).max(400),
  /**
   * Day of the period's last month (1-31; clamped to the month's length) from which the source
   * publishes an estimate of the still unfinished period; absent: it publishes none.
   */
  estimateFromDay: z.number().int().min(1).max(31).optional(),
  /** The release calendar these numbers follow, in words (provenance). */
  calendar: z.string().min(1).max(500),
});
export type Release = z.infer<typeof ReleaseSchema>;

/** How a period's figure stands at an instant: not yet publishable, publishable as an estimate, or published. */
export type ReleaseStage = 'none' | 'estimate' | 'final';

function resolve(period: ParsedPeriod | string): ParsedPeriod | null {
  return typeof period === 'string' ? parsePeriod(period) : period;
}

/** True once the period is over in Vietnam time (an instant reading is over once it happened). */
export function periodEnded(period: ParsedPeriod | string, now: number): boolean {
  const p = resolve(period);
  return p !== null && now >= p.end;
}

/** Epoch ms from which the source publishes the figure of a period (its end plus the lag). */
export function publishedFrom(period: ParsedPeriod, release: Pick<Release, 'lagDays'> | undefined): number {
  return period.end + (release?.lagDays ?? 0) * DAY_MS;
}

/**
 * Epoch ms from which an estimate of the period may be published (00:00 Vietnam time of
 * `estimateFromDay` in the period's last month), or null when the source publishes no estimate.
 */
export function estimateFrom(period: ParsedPeriod, release: Pick<Release, 'estimateFromDay'> | undefined): number | null {
  const day = release?.estimateFromDay;
  if (day === undefined || period.kind === 'day' || period.kind === 'instant') return null;
  // The period's last day, as a Vietnam civil date.
  const last = new Date(period.end - DAY_MS + OFFSET_MS);
  const clamped = Math.min(day, last.getUTCDate());
  return Date.UTC(last.getUTCFullYear(), last.getUTCMonth(), clamped) - OFFSET_MS;
}

/**
 * What a source can have made public about a period at `now`: its figure (the period ended and
 * the lag passed), an estimate (inside the estimate window, until the figure is out), or nothing.
 */
export function releaseStage(period: ParsedPeriod | string, release: Release | undefined, now: number): ReleaseStage {
  const p = resolve(period);
  if (!p) return 'none';
  if (now >= publishedFrom(p, release)) return 'final';
  const from = estimateFrom(p, release);
  return from !== null && now >= from ? 'estimate' : 'none';
}

/**
 * Whether an observation of a period may be accepted at `now`: a figure (not an estimate) only
 * for an ended period; an estimate for an ended period, or inside the estimate window the
 * catalog allows. Returns null when it may, else why not, in English and Vietnamese (the API's errors).
 */
export function unfinishedPeriodProblem(period: ParsedPeriod, estimate: boolean, release: Release | undefined, now: number): { en: string; vi: string } | null {
  // An instant reading is judged by its start (with the sender's clock skew) elsewhere.
  if (period.kind === 'instant' || now >= period.end) return null;
  const from = estimateFrom(period, release);
  const day = from !== null ? new Date(from + OFFSET_MS).toISOString().slice(0, 10) : '';
  const p = period.canonical;
  if (!estimate) {
    return {
      en: `period "${p}" has not ended yet (Vietnam time): a figure can only be sent once it has${from !== null ? `; the source's estimate may be sent from ${day} with "estimate": true` : ''}`,
      vi: `kỳ "${p}" chưa kết thúc (giờ Việt Nam): chỉ gửi được số liệu khi kỳ đã kết thúc${from !== null ? `; số ước tính của nguồn được gửi từ ${day} với "estimate": true` : ''}`,
    };
  }
  if (from === null) {
    return {
      en: `period "${p}" has not ended yet and this indicator's source publishes no estimate before the period ends (catalog: release)`,
      vi: `kỳ "${p}" chưa kết thúc và nguồn của chỉ tiêu này không công bố số ước tính trước khi kỳ kết thúc (danh mục: release)`,
    };
  }
  if (now < from) {
    return {
      en: `period "${p}" has not ended yet; an estimate of it is accepted only from ${day} (catalog: release.estimateFromDay)`,
      vi: `kỳ "${p}" chưa kết thúc; số ước tính của kỳ này chỉ được nhận từ ${day} (danh mục: release.estimateFromDay)`,
    };
  }
  return null;
}
