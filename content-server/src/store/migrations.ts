/**
 * Numbered schema migrations. A migration is never edited once shipped: add the next number.
 * Each runs in its own transaction together with its row in `schema_migrations`.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE api_keys (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('ingest', 'operator', 'admin')),
        synthetic INTEGER NOT NULL DEFAULT 0,
        key_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      -- A name may be reused once the earlier key of that name is revoked.
      CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;

      CREATE TABLE observations (
        indicator TEXT NOT NULL,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        period_kind TEXT NOT NULL,
        period_start INTEGER NOT NULL,
        period_end INTEGER NOT NULL,
        value REAL NOT NULL,
        synthetic INTEGER NOT NULL,
        source TEXT NOT NULL,
        api_key_id INTEGER REFERENCES api_keys (id),
        received_at INTEGER NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (indicator, unit, period)
      ) WITHOUT ROWID;
      CREATE INDEX observations_series ON observations (indicator, unit, period_start);

      -- Superseded values: the row an observation had before a different value replaced it.
      CREATE TABLE observation_revisions (
        id INTEGER PRIMARY KEY,
        indicator TEXT NOT NULL,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        revision INTEGER NOT NULL,
        value REAL NOT NULL,
        synthetic INTEGER NOT NULL,
        source TEXT NOT NULL,
        api_key_id INTEGER REFERENCES api_keys (id),
        received_at INTEGER NOT NULL,
        superseded_at INTEGER NOT NULL
      );
      CREATE INDEX observation_revisions_key ON observation_revisions (indicator, unit, period, revision);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        ts INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT,
        ok INTEGER NOT NULL
      );
      CREATE INDEX audit_log_ts ON audit_log (ts);

      CREATE TABLE wall_state (
        wall_id TEXT PRIMARY KEY,
        scene_id TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('vi', 'en')),
        changed_at INTEGER NOT NULL
      );

      CREATE TABLE command_ids (
        client_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        result TEXT NOT NULL,
        executed_at INTEGER NOT NULL
      );

      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'tamper-evident audit chain',
    // Each entry carries the hash of the previous one (audit/chain.ts); role and duration are
    // part of what the documents ask an audit entry to record.
    sql: `
      ALTER TABLE audit_log ADD COLUMN role TEXT;
      ALTER TABLE audit_log ADD COLUMN duration_ms INTEGER;
      ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
      ALTER TABLE audit_log ADD COLUMN hash TEXT;
      CREATE INDEX audit_log_actor ON audit_log (actor, ts);
      CREATE INDEX audit_log_action ON audit_log (action, ts);
    `,
  },
];
