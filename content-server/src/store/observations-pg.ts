/**
 * PostgreSQL's set-based statements of the observation store (docs/storage-engines.md, "What the
 * bench taught"; measured in bench/pgclient-sql.ts). A batch is one statement over per-column
 * arrays instead of a round trip per row.
 */

const COLUMNS = 'indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, api_key_id, received_at, submission_id, review';
const REVISION_COLUMNS = 'indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, superseded_at, submission_id, review';

const INPUT = `input AS (
    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::float8[], ?::int2[], ?::int2[], ?::text[], ?::text[])
      AS i(indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, review)),
  params AS (SELECT ?::int8 AS api_key_id, ?::int8 AS received_at, ?::int8 AS submission_id)`;

/**
 * A batch is two set-based statements over per-column arrays (?1-?11: indicator, unit, period,
 * kind, start, end, value, synthetic, estimate, source, review; then api key, received,
 * submission), sent together (pipelined) in the caller's transaction. Keys must be unique in
 * the batch and sorted (rows are locked in key order, so two batches cannot deadlock).
 *
 * First the new keys: a key another server is inserting at the same moment waits for its
 * commit and is then left to the second statement. Were both in one statement, that key would
 * be missing from the statement's snapshot, and its replaced value would never become a
 * revision. RETURNING names the keys inserted (changed).
 */
export const PG_INSERT_NEW = `
  WITH ${INPUT}
  INSERT INTO observations (${COLUMNS})
  SELECT i.indicator, i.unit, i.period, i.period_kind, i.period_start, i.period_end, i.value, i.synthetic, i.estimate, i.source,
         params.api_key_id, params.received_at, params.submission_id, i.review FROM input i, params
  ON CONFLICT (indicator, unit, period) DO NOTHING
  RETURNING indicator, unit, period`;

/**
 * Then the changed values of keys that exist (the statement's snapshot sees the first's rows):
 * the old rows are locked and copied into revisions, then updated. A data-modifying CTE nobody
 * reads runs after the main statement, and FOR UPDATE skips rows the same statement changed (no
 * revision kept): reading `rev` in the update's condition runs it, and `old`'s locks, first.
 * Under READ COMMITTED the lock waits for a concurrent writer and reads its value, so every
 * replaced value is kept once. An equal re-send matches nothing: no revision, not returned.
 */
export const PG_UPDATE_CHANGED = `
  WITH ${INPUT},
  old AS (
    SELECT o.* FROM observations o JOIN input i USING (indicator, unit, period)
    WHERE (o.value, o.synthetic, o.estimate) IS DISTINCT FROM (i.value, i.synthetic, i.estimate)
    ORDER BY o.indicator, o.unit, o.period
    FOR UPDATE OF o),
  rev AS (
    INSERT INTO observation_revisions (${REVISION_COLUMNS})
    SELECT old.indicator, old.unit, old.period, old.revision, old.value, old.synthetic, old.estimate, old.source, old.api_key_id, old.received_at,
           params.received_at, old.submission_id, old.review FROM old, params
    RETURNING 1)
  UPDATE observations o SET value = i.value, synthetic = i.synthetic, estimate = i.estimate, source = i.source, api_key_id = params.api_key_id,
    received_at = params.received_at, revision = o.revision + 1, submission_id = params.submission_id, review = i.review
  FROM input i, params
  WHERE o.indicator = i.indicator AND o.unit = i.unit AND o.period = i.period
    AND (o.value, o.synthetic, o.estimate) IS DISTINCT FROM (i.value, i.synthetic, i.estimate)
    AND (SELECT count(*) FROM rev) >= 0
  RETURNING o.indicator, o.unit, o.period`;

/** The latest point of each unit in one round trip: one index probe per unit, in the units' order. */
export const PG_LATEST = `
  SELECT o.* FROM unnest(?::text[]) WITH ORDINALITY AS u(unit, n)
  CROSS JOIN LATERAL (
    SELECT unit, period, period_start AS t, value, synthetic, estimate, source FROM observations
    WHERE indicator = ? AND unit = u.unit AND period_end > ?
    ORDER BY period_start DESC LIMIT 1) o
  ORDER BY u.n`;

/**
 * The latest values of many series, each before its own period start (?1-?3: indicators, units,
 * starts; ?4: how many): one index walk per series, numbered (`n`, from 1) in the order given,
 * newest first within a series.
 */
export const PG_RECENT = `
  SELECT s.n::int4 AS n, o.value FROM unnest(?::text[], ?::text[], ?::int8[]) WITH ORDINALITY AS s(indicator, unit, before, n)
  CROSS JOIN LATERAL (
    SELECT period_start, value FROM observations
    WHERE indicator = s.indicator AND unit = s.unit AND period_start < s.before
    ORDER BY period_start DESC LIMIT ?) o
  ORDER BY s.n, o.period_start DESC`;
