// The store's observation tables and statements in PostgreSQL's dialect, as bench:pgclient runs
// them. The shape follows content-server/src/store/migrations.ts and observations-repo.ts
// (a current row per key, the superseded value kept as a revision row); the real migration
// history for PostgreSQL is a later step of issue 15.

export const SCHEMA = `
  CREATE TABLE observations (
    indicator text NOT NULL,
    unit text NOT NULL,
    period text NOT NULL,
    period_kind text NOT NULL,
    period_start bigint NOT NULL,
    period_end bigint NOT NULL,
    value double precision NOT NULL,
    synthetic smallint NOT NULL,
    estimate smallint NOT NULL DEFAULT 0,
    source text NOT NULL,
    api_key_id bigint,
    received_at bigint NOT NULL,
    revision integer NOT NULL DEFAULT 1,
    submission_id bigint,
    review text,
    PRIMARY KEY (indicator, unit, period)
  );
  CREATE INDEX observations_series ON observations (indicator, unit, period_start);
  CREATE TABLE observation_revisions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    indicator text NOT NULL,
    unit text NOT NULL,
    period text NOT NULL,
    revision integer NOT NULL,
    value double precision NOT NULL,
    synthetic smallint NOT NULL,
    estimate smallint NOT NULL,
    source text NOT NULL,
    api_key_id bigint,
    received_at bigint NOT NULL,
    superseded_at bigint NOT NULL,
    submission_id bigint,
    review text
  );
  CREATE INDEX observation_revisions_key ON observation_revisions (indicator, unit, period, revision);
`;

/** Ten years of monthly values: `indicators` x 64 units (u00 the nation, u01-u63 provinces). */
export function seed(indicators: number): string {
  return `
    INSERT INTO observations (indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, received_at)
    SELECT 'ind' || i, 'u' || lpad(u::text, 2, '0'), to_char(d, 'YYYY-MM'), 'month',
           (extract(epoch FROM d) * 1000)::bigint, (extract(epoch FROM d + interval '1 month') * 1000)::bigint,
           random() * 100, 0, 0, 'bench', 0
    FROM generate_series(1, ${indicators}) i, generate_series(0, 63) u,
         generate_series(timestamp '2016-01-01', timestamp '2025-12-01', interval '1 month') d;
    ANALYZE observations;`;
}

const SET_CHANGED = `value = excluded.value, synthetic = excluded.synthetic, estimate = excluded.estimate, source = excluded.source,
    api_key_id = excluded.api_key_id, received_at = excluded.received_at, revision = observations.revision + 1,
    submission_id = excluded.submission_id, review = excluded.review
  WHERE (observations.value, observations.synthetic, observations.estimate) IS DISTINCT FROM (excluded.value, excluded.synthetic, excluded.estimate)`;

/**
 * A data-modifying CTE nobody reads runs after the main statement: \`old\` would then be read after
 * the upsert changed its rows, and FOR UPDATE skips rows changed by the same statement (no
 * revision kept). Reading \`rev\` in the main statement's condition runs it, and \`old\`'s row locks,
 * first; under READ COMMITTED the lock waits for a concurrent writer and reads its value.
 */
const FIRST = '(SELECT count(*) FROM rev) >= 0';

const COLUMNS = 'indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, api_key_id, received_at, submission_id, review';
const REVISION_COLUMNS = 'indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, superseded_at, submission_id, review';

/**
 * One observation per statement, as observations-repo.ts does today: keep the old value as a
 * revision when it changes, then upsert. $1-$14 in COLUMNS order; $12 (received) also dates the
 * revision. Re-sending an equal value writes nothing.
 */
export const UPSERT_ONE = `
  WITH old AS (
    SELECT * FROM observations WHERE indicator = $1 AND unit = $2 AND period = $3
      AND (value, synthetic, estimate) IS DISTINCT FROM ($7::float8, $8::int2, $9::int2)
    FOR UPDATE),
  rev AS (
    INSERT INTO observation_revisions (${REVISION_COLUMNS})
    SELECT indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, $12, submission_id, review FROM old
    RETURNING 1)
  INSERT INTO observations (${COLUMNS})
  SELECT $1::text, $2::text, $3::text, $4::text, $5::int8, $6::int8, $7::float8, $8::int2, $9::int2, $10::text, $11::int8, $12::int8, $13::int8, $14::text
  WHERE ${FIRST}
  ON CONFLICT (indicator, unit, period) DO UPDATE SET ${SET_CHANGED}`;

/**
 * The whole batch in one statement: per-column arrays ($1-$11: indicator, unit, period, kind,
 * start, end, value, synthetic, estimate, source, review), then api key, received, submission.
 * RETURNING names the changed keys (what the live hub fans out). Keys must be unique in a batch.
 */
export const UPSERT_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::int8[], $7::float8[], $8::int2[], $9::int2[], $10::text[], $11::text[])
      AS i(indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, review)),
  old AS (
    SELECT o.* FROM observations o JOIN input i USING (indicator, unit, period)
    WHERE (o.value, o.synthetic, o.estimate) IS DISTINCT FROM (i.value, i.synthetic, i.estimate)
    FOR UPDATE OF o),
  rev AS (
    INSERT INTO observation_revisions (${REVISION_COLUMNS})
    SELECT indicator, unit, period, revision, value, synthetic, estimate, source, api_key_id, received_at, $13, submission_id, review FROM old
    RETURNING 1)
  INSERT INTO observations (${COLUMNS})
  SELECT indicator, unit, period, period_kind, period_start, period_end, value, synthetic, estimate, source, $12::int8, $13::int8, $14::int8, review FROM input
  WHERE ${FIRST}
  ON CONFLICT (indicator, unit, period) DO UPDATE SET ${SET_CHANGED}
  RETURNING indicator, unit, period`;

/** A chart's series: the latest 120 points of one indicator x unit, by the series index. */
export const SERIES = `
  SELECT unit, period, period_start AS t, value, synthetic, estimate, source FROM observations
  WHERE indicator = $1 AND unit = $2 AND period_start BETWEEN $3 AND $4
  ORDER BY period_start DESC LIMIT 120`;

/** The latest value of one indicator for each of the given units, one index probe per unit, one round trip. */
export const LATEST = `
  SELECT o.* FROM unnest($2::text[]) AS u(unit)
  CROSS JOIN LATERAL (
    SELECT unit, period, period_start AS t, value, synthetic, estimate, source FROM observations
    WHERE indicator = $1 AND unit = u.unit AND period_end > $3
    ORDER BY period_start DESC LIMIT 1) o`;
