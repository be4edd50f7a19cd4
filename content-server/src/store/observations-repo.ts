import type { PeriodKind, Point, Revision } from '@ioc/protocol';
import type Database from 'better-sqlite3';
import type { ObservationStore } from './observation-store.js';
import { PG_INSERT_NEW, PG_LATEST, PG_RECENT, PG_UPDATE_CHANGED } from './observations-pg.js';
import type { Sql } from './sql.js';
import { sqliteConnection } from './sqlite-sql.js';

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

/** A series and the period start its history is read before. */
export interface SeriesBefore {
  indicator: string;
  unit: string;
  beforeStart: number;
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

const SELECT_CURRENT = 'SELECT value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review FROM observations WHERE indicator = ? AND unit = ? AND period = ?';
// The newest period of a series is found by walking the series index backwards.
const SELECT_LATEST = `SELECT ${POINT_COLUMNS} FROM observations WHERE indicator = ? AND unit = ? AND period_end > ? ORDER BY period_start DESC LIMIT 1`;
const SELECT_SERIES = `SELECT ${POINT_COLUMNS} FROM observations WHERE indicator = ? AND unit = ? AND period_start BETWEEN ? AND ? ORDER BY period_start DESC LIMIT ?`;
const SELECT_RECENT = 'SELECT value FROM observations WHERE indicator = ? AND unit = ? AND period_start < ? ORDER BY period_start DESC LIMIT ?';
const SELECT_FLAGGED = `SELECT indicator, ${POINT_COLUMNS}, review, received_at, submission_id FROM observations
  WHERE review IS NOT NULL AND (? = '' OR indicator = ?) ORDER BY received_at DESC LIMIT ?`;
/** The revisions and the current value in one statement: one snapshot on PostgreSQL, whatever writes meanwhile. */
const SELECT_HISTORY = `SELECT value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review, 0 AS current FROM observation_revisions
    WHERE indicator = ? AND unit = ? AND period = ?
  UNION ALL
  SELECT value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review, 1 AS current FROM observations
    WHERE indicator = ? AND unit = ? AND period = ?
  ORDER BY revision`;
const PURGE_WHERE = "synthetic = 1 AND estimate = 0 AND period_kind <> 'instant' AND period_end > ?";
const PURGE_REVISIONS = `DELETE FROM observation_revisions WHERE (indicator, unit, period) IN (SELECT indicator, unit, period FROM observations WHERE ${PURGE_WHERE})`;
const PURGE = `DELETE FROM observations WHERE ${PURGE_WHERE}`;

/** SQLite's write path: statements prepared once per connection, run row by row in process. */
interface SqliteWrite {
  insert: Database.Statement;
  update: Database.Statement;
  current: Database.Statement<[string, string, string], CurrentRow>;
  revision: Database.Statement;
}
const sqliteWrites = new WeakMap<Database.Database, SqliteWrite>();

function sqliteWrite(db: Database.Database): SqliteWrite {
  let w = sqliteWrites.get(db);
  if (!w) {
    w = {
      // Most writes are new keys: try the insert first and look at the stored row only on conflict.
      // Positional parameters: binding by name costs about twice the insert itself per row.
      insert: db.prepare(
        `INSERT INTO observations (indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, api_key_id, received_at, revision, submission_id, review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
         ON CONFLICT (indicator, unit, period) DO NOTHING`,
      ),
      update: db.prepare(
        `UPDATE observations SET value = ?, synthetic = ?, estimate = ?, source = ?, api_key_id = ?,
           received_at = ?, revision = revision + 1, submission_id = ?, review = ?
         WHERE indicator = ? AND unit = ? AND period = ?`,
      ),
      current: db.prepare<[string, string, string], CurrentRow>(SELECT_CURRENT),
      revision: db.prepare(
        `INSERT INTO observation_revisions (indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, superseded_at, submission_id, review)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
    };
    sqliteWrites.set(db, w);
  }
  return w;
}

const keyOf = (o: { indicator: string; unit: string; period: string }) => `${o.indicator}\u0000${o.unit}\u0000${o.period}`;

function changedPoint(o: StoredObservation): ChangedPoint {
  return { indicator: o.indicator, point: { unit: o.unit, period: o.period, t: o.start, value: o.value, synthetic: o.synthetic, estimate: o.estimate ?? false, source: o.source } };
}

/** One item per key, the last value of a key winning, in the order keys first appear. */
function dedupe(items: readonly StoredObservation[]): StoredObservation[] {
  const byKey = new Map<string, StoredObservation>();
  for (const o of items) byKey.set(keyOf(o), o);
  return byKey.size === items.length ? [...items] : [...byKey.values()];
}

/**
 * The observation store over either engine. A batch is written on SQLite by a prepared
 * statement per row (fastest in process), on PostgreSQL by one set-based statement (a round
 * trip per row would cost 3-5x).
 */
export class ObservationsRepo implements ObservationStore {
  constructor(private readonly sql: Sql) {}

  /**
   * Writes a batch all or nothing (a savepoint when `tx` is a caller's transaction); returns the
   * points whose value changed. A key given twice keeps its last value.
   */
  async writeBatch(items: StoredObservation[], apiKeyId: number | null, receivedAt = Date.now(), submissionId: number | null = null, tx: Sql = this.sql): Promise<ChangedPoint[]> {
    const batch = dedupe(items);
    if (batch.length === 0) return [];
    return tx.begin(async (t) => {
      const db = sqliteConnection(t);
      return db ? writeSqlite(db, batch, apiKeyId, receivedAt, submissionId) : writePostgres(t, batch, apiKeyId, receivedAt, submissionId);
    });
  }

  /**
   * For each series, its latest `n` values before a period start, newest first (the history a
   * new value is judged against), in the order of `series`. PostgreSQL answers all of a batch's
   * series in one statement; SQLite in process, a statement per series.
   */
  async recentValues(series: readonly SeriesBefore[], n: number): Promise<number[][]> {
    if (series.length === 0) return [];
    if (this.sql.engine === 'postgres') {
      const rows = await this.sql.all<{ n: number; value: number }>(PG_RECENT, [series.map((s) => s.indicator), series.map((s) => s.unit), series.map((s) => s.beforeStart), n]);
      const out = series.map((): number[] => []);
      for (const r of rows) out[r.n - 1]!.push(r.value);
      return out;
    }
    const out: number[][] = [];
    for (const s of series) out.push((await this.sql.all<{ value: number }>(SELECT_RECENT, [s.indicator, s.unit, s.beforeStart, n])).map((r) => r.value));
    return out;
  }

  /** Current values flagged for review (newest received first), optionally of one indicator. */
  async flagged(indicator: string | null, limit: number): Promise<Array<Point & { indicator: string; review: string; receivedAt: number; submissionId: number | null }>> {
    const rows = await this.sql.all<PointRow & { indicator: string; review: string; received_at: number; submission_id: number | null }>(SELECT_FLAGGED, [indicator ?? '', indicator ?? '', limit]);
    return rows.map((r) => ({ ...toPoint(r), indicator: r.indicator, review: r.review, receivedAt: r.received_at, submissionId: r.submission_id }));
  }

  /**
   * Points of one series in period order, period starts within [fromStart, toStart]. With a
   * limit, the latest `limit` points of that range (a chart wants the most recent periods).
   */
  async series(indicator: string, unit: string, range: { fromStart?: number; toStart?: number; limit?: number } = {}): Promise<Point[]> {
    const rows = await this.sql.all<PointRow>(SELECT_SERIES, [indicator, unit, range.fromStart ?? Number.MIN_SAFE_INTEGER, range.toStart ?? Number.MAX_SAFE_INTEGER, range.limit ?? Number.MAX_SAFE_INTEGER]);
    return rows.reverse().map(toPoint);
  }

  /**
   * The latest point of each of `units` for one indicator, counting only periods that end after
   * `minEnd` (so that a code reused by a merged province does not show the old unit's figure).
   */
  async latest(indicator: string, units: readonly string[], minEnd: number): Promise<Point[]> {
    if (units.length === 0) return [];
    if (this.sql.engine === 'postgres') return (await this.sql.all<PointRow>(PG_LATEST, [units, indicator, minEnd])).map(toPoint);
    // SQLite answers each probe in process: a statement per unit costs no round trip.
    const out: Point[] = [];
    for (const unit of units) {
      const row = await this.sql.get<PointRow>(SELECT_LATEST, [indicator, unit, minEnd]);
      if (row) out.push(toPoint(row));
    }
    return out;
  }

  /**
   * Removes synthetic figures of periods not yet ended (demo data written before the demo
   * followed the release calendar); estimates and real values are kept. Returns how many.
   */
  async purgeSyntheticUnfinished(now: number): Promise<number> {
    return this.sql.begin(async (tx) => {
      await tx.run(PURGE_REVISIONS, [now]);
      return (await tx.run(PURGE, [now])).changes;
    });
  }

  /** Every value one observation has had, oldest first; the last is the current one. */
  async revisions(indicator: string, unit: string, period: string): Promise<RevisionRow[]> {
    const rows = await this.sql.all<CurrentRow & { current: number }>(SELECT_HISTORY, [indicator, unit, period, indicator, unit, period]);
    if (!rows.some((r) => r.current === 1)) return [];
    return rows.map((r) => ({
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

/** SQLite: synchronous inside the caller's transaction, so nothing interleaves on the connection. */
function writeSqlite(db: Database.Database, items: readonly StoredObservation[], apiKeyId: number | null, receivedAt: number, submissionId: number | null): ChangedPoint[] {
  const w = sqliteWrite(db);
  const changed: ChangedPoint[] = [];
  for (const o of items) {
    const synthetic = o.synthetic ? 1 : 0;
    const estimate = o.estimate ? 1 : 0;
    const review = o.review ?? null;
    if (w.insert.run(o.indicator, o.unit, o.period, o.kind, o.start, o.end, o.value, synthetic, estimate, o.source, apiKeyId, receivedAt, submissionId, review).changes === 0) {
      // The key exists (the insert hit the primary key).
      const current = w.current.get(o.indicator, o.unit, o.period) as CurrentRow;
      // Re-sending a value already stored is a no-op: no revision, nothing pushed.
      // The final figure replacing an equal estimate is a change (the wall drops the marker).
      if (current.value === o.value && current.synthetic === synthetic && current.estimate === estimate) continue;
      w.revision.run(o.indicator, o.unit, o.period, current.revision, current.value, current.synthetic, current.estimate,
        current.source, current.api_key_id, current.received_at, receivedAt, current.submission_id, current.review);
      w.update.run(o.value, synthetic, estimate, o.source, apiKeyId, receivedAt, submissionId, review, o.indicator, o.unit, o.period);
    }
    changed.push(changedPoint(o));
  }
  return changed;
}

/** PostgreSQL: two set-based statements for the whole batch, pipelined; their RETURNING names the keys that changed. */
async function writePostgres(tx: Sql, items: readonly StoredObservation[], apiKeyId: number | null, receivedAt: number, submissionId: number | null): Promise<ChangedPoint[]> {
  // Key order: concurrent batches lock shared rows in the same order (no deadlock).
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const col = <T extends string | number | null>(f: (o: StoredObservation) => T) => sorted.map(f);
  const params = [
    col((o) => o.indicator), col((o) => o.unit), col((o) => o.period), col((o) => o.kind), col((o) => o.start), col((o) => o.end),
    col((o) => o.value), col((o) => (o.synthetic ? 1 : 0)), col((o) => (o.estimate ? 1 : 0)), col((o) => o.source), col((o) => o.review ?? null),
    apiKeyId, receivedAt, submissionId,
  ];
  type Key = { indicator: string; unit: string; period: string };
  // Issued together: postgres.js sends both on the transaction's connection without waiting for the first answer.
  const [inserted, updated] = await Promise.all([tx.all<Key>(PG_INSERT_NEW, params), tx.all<Key>(PG_UPDATE_CHANGED, params)]);
  const keys = new Set([...inserted, ...updated].map(keyOf));
  return items.filter((o) => keys.has(keyOf(o))).map(changedPoint);
}
