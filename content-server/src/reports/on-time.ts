import { createHash } from 'node:crypto';
import { parsePeriod } from '@ioc/protocol';
import type { Audit } from '../audit/index.js';
import type { CatalogRegistry } from '../feeds/index.js';
import type { ChangedPoint, Sql, Store, StoredObservation } from '../store/index.js';
import { monthPeriod } from './due-dates.js';
import type { SubmissionTracker } from './tracker.js';

/** The derived indicator (in the catalog: monthly, provinces and agencies). */
export const ON_TIME_INDICATOR = 'reports_on_time';
export const ON_TIME_SOURCE = 'Trung tâm IOC (theo dõi báo cáo)';

/** 100 * onTime / due, one decimal. */
export function onTimeShare(due: number, onTime: number): number {
  return Math.round((1000 * onTime) / due) / 10;
}

/**
 * Computes `reports_on_time` for some units in one month from the tracker and stores it as
 * observations: one transaction with its submission (format `derived`) and an audit line
 * `reports.on_time.derive` (on `tx` when given: a savepoint of the caller's transaction). Returns
 * the points whose value changed, for the live hub.
 */
export async function deriveOnTime(
  deps: { store: Store; audit: Audit; catalog: CatalogRegistry; tracker: SubmissionTracker },
  units: readonly string[],
  month: { year: number; month: number },
  now: number,
  reason: string,
  tx: Sql = deps.store.sql,
): Promise<ChangedPoint[]> {
  const indicator = deps.catalog.indicator(ON_TIME_INDICATOR);
  if (!indicator) return [];
  const period = monthPeriod(month.year, month.month);
  const p = parsePeriod(period);
  if (!p) return [];
  const items: StoredObservation[] = [];
  // Reports fall due inside the month (15th to 25th): until the month ends its share is an estimate.
  for (const unit of new Set(units)) {
    const vintage = deps.catalog.vintageDuring(unit, p.start, p.end);
    if (!vintage || !indicator.levels.includes(vintage.level)) continue;
    const share = await deps.tracker.onTime(unit, month.year, month.month, now);
    if (!share) continue;
    items.push({ indicator: ON_TIME_INDICATOR, unit, period, kind: 'month', start: p.start, end: p.end, value: onTimeShare(share.due, share.onTime), synthetic: share.synthetic, estimate: now < p.end, source: ON_TIME_SOURCE });
  }
  if (items.length === 0) return [];
  return tx.begin(async (t) => {
    const fileHash = createHash('sha256').update(JSON.stringify(items)).digest('hex');
    const submissionId = await deps.store.submissions.add({
      receivedAt: now, submitter: 'server', apiKeyId: null, format: 'derived', fileName: null, fileHash, itemCount: items.length, signerUnit: null, signerKey: null, signature: null,
    }, t);
    const changed = await deps.store.observations.writeBatch(items, null, now, submissionId, t);
    await deps.audit.write(
      {
        actor: 'system',
        action: 'reports.on_time.derive',
        target: `${ON_TIME_INDICATOR}:${period}`,
        detail: { reason, units: items.length, changed: changed.length, submissionId },
        ok: true,
      },
      t,
    );
    return changed;
  });
}
