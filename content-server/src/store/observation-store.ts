import type { Point } from '@ioc/protocol';
import type { ChangedPoint, RevisionRow, SeriesBefore, StoredObservation } from './observations-repo.js';
import type { Sql } from './sql.js';

/**
 * What the rest of the server may ask of the observation store. Callers (ingest, the series and
 * region queries, the live hub, warnings, reports, analytics) hold this interface, not the
 * repository class. The methods are asynchronous: the store is SQLite in process or PostgreSQL
 * over the network (docs/storage-engines.md). A batch is atomic with its submission and audit
 * line because the caller passes its transaction (`tx`) to `writeBatch`.
 */
export interface ObservationStore {
  /**
   * Writes a batch all or nothing (on `tx`, a caller's transaction, when given); returns the
   * points whose value changed. A key given twice in a batch keeps its last value.
   */
  writeBatch(items: StoredObservation[], apiKeyId: number | null, receivedAt?: number, submissionId?: number | null, tx?: Sql): Promise<ChangedPoint[]>;
  /** Points of one series in period order, period starts within the range; with a limit, the latest ones. */
  series(indicator: string, unit: string, range?: { fromStart?: number; toStart?: number; limit?: number }): Promise<Point[]>;
  /** The latest point of each unit, counting only periods that end after `minEnd`, in the order of `units`. */
  latest(indicator: string, units: readonly string[], minEnd: number): Promise<Point[]>;
  /** Every value one observation has had, oldest first, with its provenance. */
  revisions(indicator: string, unit: string, period: string): Promise<RevisionRow[]>;
  /** For each series, its latest `n` values before its period start, newest first, in the order given. */
  recentValues(series: readonly SeriesBefore[], n: number): Promise<number[][]>;
  /** Removes synthetic figures of periods not ended at `now` (an older demo history); returns how many. */
  purgeSyntheticUnfinished(now: number): Promise<number>;
  /** Current values flagged for review, newest received first. */
  flagged(indicator: string | null, limit: number): Promise<Array<Point & { indicator: string; review: string; receivedAt: number; submissionId: number | null }>>;
}
