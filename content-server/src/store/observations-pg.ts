/**
 * PostgreSQL's set-based statements of the observation store (docs/storage-engines.md, "What the
 * bench taught"; measured in bench/pgclient-sql.ts). A batch is one statement over per-column
 * arrays instead of a round trip per row.
 */

const COLUMNS = 'indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, api_key_id, received_at, submission_id, review';
const REVISION_COLUMNS = 'indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, superseded_at, submission_id, review';

/**
 * The whole batch in one statement: per-column arrays (?1-?11: indicator, unit, period, kind,
 * start, end, value, synthetic, estimate, source, review), then api key, received, submission.
 * Keys must be unique in the batch (`ON CONFLICT DO UPDATE` cannot touch a row twice).
 *
 * A data-modifying CTE nobody reads runs after the main statement: `old` would then be read
 * after the upsert changed its rows, and FOR UPDATE skips rows changed by the same statement (no
 * revision kept). Reading `rev` in the main statement's condition runs it, and `old`'s row
 * locks, first; under READ COMMITTED the lock waits for a concurrent writer and reads its value.
 * An equal re-send matches neither `old` nor the update's condition: no revision, not returned.
 * RETURNING names the changed keys (what the live hub fans out).
 */
export const PG_UPSERT_BATCH = `
  WITH input AS (
    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::float8[], ?::int2[], ?::int2[], ?::text[], ?::text[])
      AS i(indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, review)),
  params AS (SELECT ?::int8 AS api_key_id, ?::int8 AS received_at, ?::int8 AS submission_id),
  old AS (
    SELECT o.* FROM observations o JOIN input i USING (indicator, unit, period)
    WHERE (o.value, o.synthetic, o.estimate) IS DISTINCT FROM (i.value, i.synthetic, i.estimate)
    FOR UPDATE OF o),
  rev AS (
    INSERT INTO observation_revisions (${REVISION_COLUMNS})
    SELECT old.indicator, old.unit, old.period, old.revision, old.value, old.synthetic, old.estimate, old.source, old.api_key_id, old.received_at,
           params.received_at, old.submission_id, old.review FROM old, params
    RETURNING 1)
  INSERT INTO observations (${COLUMNS})
  SELECT i.indicator, i.unit, i.period, i.period_kind, i.period_start, i.period_end, i.value, i.synthetic, i.estimate, i.source,
         params.api_key_id, params.received_at, params.submission_id, i.review FROM input i, params
  WHERE (SELECT count(*) FROM rev) >= 0
  ON CONFLICT (indicator, unit, period) DO UPDATE SET value = excluded.value, synthetic = excluded.synthetic, estimate = excluded.estimate,
    source = excluded.source, api_key_id = excluded.api_key_id, received_at = excluded.received_at, revision = observations.revision + 1,
    submission_id = excluded.submission_id, review = excluded.review
  WHERE (observations.value, observations.synthetic, observations.estimate) IS DISTINCT FROM (excluded.value, excluded.synthetic, excluded.estimate)
  RETURNING indicator, unit, period`;

/** The latest point of each unit in one round trip: one index probe per unit, in the units' order. */
export const PG_LATEST = `
  SELECT o.* FROM unnest(?::text[]) WITH ORDINALITY AS u(unit, n)
  CROSS JOIN LATERAL (
    SELECT unit, period, period_start AS t, value, synthetic, estimate, source FROM observations
    WHERE indicator = ? AND unit = u.unit AND period_end > ?
    ORDER BY period_start DESC LIMIT 1) o
  ORDER BY u.n`;
