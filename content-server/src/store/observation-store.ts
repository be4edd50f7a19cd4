import type { Point } from '@ioc/protocol';
import type { ChangedPoint, RevisionRow, StoredObservation } from './observations-repo.js';

/**
 * What the rest of the server may ask of the observation store. Callers (ingest, the series and
 * region queries, the live hub, warnings, reports, analytics) hold this interface, not the
 * SQLite class, so another store can take its place.
 *
 * The methods are synchronous because the embedded store (better-sqlite3) is, and a batch's
 * atomicity rests on that: a batch is written inside one transaction with its submission and
 * audit line. A scale-out store (PostgreSQL) would make them asynchronous; that change is
 * mechanical at the call sites (they are the ones listed above) and keeps this shape.
 */
export interface ObservationStore {
  /** Writes a batch in one transaction (all or nothing); returns the points whose value changed. */
  writeBatch(items: StoredObservation[], apiKeyId: number | null, receivedAt?: number, submissionId?: number | null): ChangedPoint[];
  /** Points of one series in period order, period starts within the range; with a limit, the latest ones. */
  series(indicator: string, unit: string, range?: { fromStart?: number; toStart?: number; limit?: number }): Point[];
  /** The latest point of each unit, counting only periods that end after `minEnd`. */
  latest(indicator: string, units: readonly string[], minEnd: number): Point[];
  /** Every value one observation has had, oldest first, with its provenance. */
  revisions(indicator: string, unit: string, period: string): RevisionRow[];
  /** The latest `n` values of a series before a period start, newest first. */
  recentValues(indicator: string, unit: string, beforeStart: number, n: number): number[];
  /** Removes synthetic figures of periods not ended at `now` (an older demo history); returns how many. */
  purgeSyntheticUnfinished(now: number): number;
  /** Current values flagged for review, newest received first. */
  flagged(indicator: string | null, limit: number): Array<Point & { indicator: string; review: string; receivedAt: number; submissionId: number | null }>;
}
