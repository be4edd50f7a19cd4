import type { PeriodKind, Point, Revision } from '@ioc/protocol';
import type { ObservationStore } from './observation-store.js';
import type { Db } from './types.js';

/** An observation ready to store: validated, period canonical and resolved to its interval. */
export interface StoredObservation {
  indicator: string;
  unit: string;
  period: string;
  kind: PeriodKind;
  start: number;
  end: number;
  value: number;
  synthetic: boolean;
  /** Published before the period ended (an estimate the catalog's release allows). */
  estimate?: boolean;
  source: string;
  /** Why an accepted value looks implausible (it is flagged for review); absent when it does not. */
  review?: string | null;
}

/** A point whose stored value changed in a committed batch (what the live hub fans out). */
export interface ChangedPoint {
  indicator: string;
  point: Point;
}

interface PointRow {
  unit: string;
  period: string;
  t: number;
  value: number;
  synthetic: number;
  estimate: number;
  source: string;
}

interface CurrentRow {
  value: number;
  synthetic: number;
  estimate: number;
  source: string;
  api_key_id: number | null;
  received_at: number;
  revision: number;
  submission_id: number | null;
  review: string | null;
}

/** Where a value came from: its submission (null for values stored before provenance was kept). */
export interface RevisionRow extends Revision {
  submissionId: number | null;
  review: string | null;
}

const POINT_COLUMNS = 'unit, period, period_start AS t, value, synthetic, estimate, source';

function toPoint(r: PointRow): Point {
  return { unit: r.unit, period: r.period, t: r.t, value: r.value, synthetic: r.synthetic === 1, estimate: r.estimate === 1, source: r.source };
}

/** The SQLite observation store: statements are prepared once. */
export class ObservationsRepo implements ObservationStore {
  private readonly selectCurrent;
  private readonly selectLatest;
  private readonly selectSeries;
  private readonly insert;
  private readonly update;
  private readonly insertRevision;
  private readonly selectRevisions;
  private readonly writeTx;
  private readonly selectRecent;
  private readonly selectFlagged;

  constructor(private readonly db: Db) {
    this.selectCurrent = db.prepare<[string, string, string], CurrentRow>(
      'SELECT value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review FROM observations WHERE indicator = ? AND unit = ? AND period = ?',
    );
    // The newest period of a series is found by walking the series index backwards.
    this.selectLatest = db.prepare<[string, string, number], PointRow>(
      `SELECT ${POINT_COLUMNS} FROM observations
       WHERE indicator = ? AND unit = ? AND period_end > ? ORDER BY period_start DESC LIMIT 1`,
    );
    this.selectSeries = db.prepare<[string, string, number, number, number], PointRow>(
      `SELECT ${POINT_COLUMNS} FROM observations
       WHERE indicator = ? AND unit = ? AND period_start BETWEEN ? AND ?
       ORDER BY period_start DESC LIMIT ?`,
    );
    // Most writes are new keys: try the insert first and look at the stored row only on conflict.
    this.insert = db.prepare(
      `INSERT INTO observations (indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review)
       VALUES (@indicator, @unit, @period, @kind, @start, @end, @value, @synthetic, @estimate, @source, @apiKeyId, @receivedAt, 1, @submissionId, @review)
       ON CONFLICT (indicator, unit, period) DO NOTHING`,
    );
    this.update = db.prepare(
      `UPDATE observations SET value = @value, synthetic = @synthetic, estimate = @estimate, source = @source, api_key_id = @apiKeyId,
         received_at = @receivedAt, revision = revision + 1, submission_id = @submissionId, review = @review
       WHERE indicator = @indicator AND unit = @unit AND period = @period`,
    );
    this.insertRevision = db.prepare(
      `INSERT INTO observation_revisions (indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, superseded_at, submission_id, review)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectRevisions = db.prepare<[string, string, string], CurrentRow>(
      `SELECT value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review FROM observation_revisions
       WHERE indicator = ? AND unit = ? AND period = ? ORDER BY revision`,
    );
    this.selectRecent = db.prepare<[string, string, number, number], { value: number }>(
      'SELECT value FROM observations WHERE indicator = ? AND unit = ? AND period_start < ? ORDER BY period_start DESC LIMIT ?',
    );
    this.selectFlagged = db.prepare<[string, string, number], PointRow & { indicator: string; review: string; received_at: number; submission_id: number | null }>(
      `SELECT indicator, ${POINT_COLUMNS}, review, received_at, submission_id FROM observations
       WHERE review IS NOT NULL AND (? = '' OR indicator = ?) ORDER BY received_at DESC LIMIT ?`,
    );
    this.writeTx = db.transaction((items: StoredObservation[], apiKeyId: number | null, receivedAt: number, submissionId: number | null) => {
      const changed: ChangedPoint[] = [];
      for (const o of items) {
        const row = { ...o, synthetic: o.synthetic ? 1 : 0, estimate: o.estimate ? 1 : 0, apiKeyId, receivedAt, submissionId, review: o.review ?? null };
        if (this.insert.run(row).changes === 0) {
          // The key exists (the insert hit the primary key).
          const current = this.selectCurrent.get(o.indicator, o.unit, o.period) as CurrentRow;
          // Re-sending a value already stored is a no-op: no revision, nothing pushed.
          // The final figure replacing an equal estimate is a change (the wall drops the marker).
          if (current.value === o.value && current.synthetic === row.synthetic && current.estimate === row.estimate) continue;
          this.insertRevision.run(o.indicator, o.unit, o.period, current.revision, current.value, current.synthetic, current.estimate,
            current.source, current.api_key_id, current.received_at, receivedAt, current.submission_id, current.review);
          this.update.run(row);
        }
        changed.push({
          indicator: o.indicator,
          point: { unit: o.unit, period: o.period, t: o.start, value: o.value, synthetic: o.synthetic, estimate: o.estimate ?? false, source: o.source },
        });
      }
      return changed;
    });
  }

  /** Writes a batch in one transaction (all or nothing); returns the points whose value changed. */
  writeBatch(items: StoredObservation[], apiKeyId: number | null, receivedAt = Date.now(), submissionId: number | null = null): ChangedPoint[] {
    return this.writeTx(items, apiKeyId, receivedAt, submissionId);
  }

  /** The latest `n` values of a series before a period start, newest first (the history a new value is judged against). */
  recentValues(indicator: string, unit: string, beforeStart: number, n: number): number[] {
    return this.selectRecent.all(indicator, unit, beforeStart, n).map((r) => r.value);
  }

  /** Current values flagged for review (newest received first), optionally of one indicator. */
  flagged(indicator: string | null, limit: number): Array<Point & { indicator: string; review: string; receivedAt: number; submissionId: number | null }> {
    return this.selectFlagged.all(indicator ?? '', indicator ?? '', limit).map((r) => ({
      ...toPoint(r),
      indicator: r.indicator,
      review: r.review,
      receivedAt: r.received_at,
      submissionId: r.submission_id,
    }));
  }

  /**
   * Points of one series in period order, period starts within [fromStart, toStart]. With a
   * limit, the latest `limit` points of that range (a chart wants the most recent periods).
   */
  series(indicator: string, unit: string, range: { fromStart?: number; toStart?: number; limit?: number } = {}): Point[] {
    const rows = this.selectSeries.all(indicator, unit, range.fromStart ?? Number.MIN_SAFE_INTEGER, range.toStart ?? Number.MAX_SAFE_INTEGER, range.limit ?? -1);
    return rows.reverse().map(toPoint);
  }

  /**
   * The latest point of each of `units` for one indicator, counting only periods that end after
   * `minEnd` (so that a code reused by a merged province does not show the old unit's figure).
   */
  latest(indicator: string, units: readonly string[], minEnd: number): Point[] {
    const out: Point[] = [];
    for (const unit of units) {
      const row = this.selectLatest.get(indicator, unit, minEnd);
      if (row) out.push(toPoint(row));
    }
    return out;
  }

  /**
   * Removes synthetic figures of periods not yet ended (demo data written before the demo
   * followed the release calendar); estimates and real values are kept. Returns how many.
   */
  purgeSyntheticUnfinished(now: number): number {
    const where = "synthetic = 1 AND estimate = 0 AND period_kind <> 'instant' AND period_end > ?";
    return this.db.transaction(() => {
      this.db.prepare(`DELETE FROM observation_revisions WHERE (indicator, unit, period) IN (SELECT indicator, unit, period FROM observations WHERE ${where})`).run(now);
      return this.db.prepare(`DELETE FROM observations WHERE ${where}`).run(now).changes;
    })();
  }

  /** Every value one observation has had, oldest first; the last is the current one. */
  revisions(indicator: string, unit: string, period: string): RevisionRow[] {
    const current = this.selectCurrent.get(indicator, unit, period);
    if (!current) return [];
    return [...this.selectRevisions.all(indicator, unit, period), current].map((r) => ({
      revision: r.revision,
      value: r.value,
      synthetic: r.synthetic === 1,
      estimate: r.estimate === 1,
      source: r.source,
      receivedAt: r.received_at,
      submissionId: r.submission_id,
      review: r.review,
    }));
  }
}
