import type { Db } from './types.js';
import { sealLegacySegment } from '../audit/legacy.js';

/**
 * Numbered schema migrations. A migration is never edited once shipped: add the next number.
 * Each runs in its own transaction together with its row in `schema_migrations`; `run`, where
 * there is one, is what SQL alone cannot do, run after `sql` in the same transaction.
 */
export const MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string; run?: (db: Db) => void; foreignKeysOff?: boolean }> = [
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
  {
    version: 3,
    name: 'users and sessions',
    // People sign in as users (auth/users.ts, auth/sessions.ts); API keys stay for machines.
    // A local user has a password hash and no subject; a user from single sign-on has the
    // provider's stable subject (OIDC "sub") and no password. Session tokens are stored only
    // as their SHA-256, like API keys. Failed logins are counted in memory (login-limiter.ts).
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'presenter', 'technician', 'admin')),
        provider TEXT NOT NULL DEFAULT 'local' CHECK (provider = 'local' OR provider = 'oidc' OR provider LIKE 'oidc:%'),
        subject TEXT,
        password_hash TEXT,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER,
        UNIQUE (provider, subject),
        CHECK ((provider = 'local' AND subject IS NULL) OR (provider <> 'local' AND subject IS NOT NULL AND password_hash IS NULL))
      );

      CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        user_id INTEGER NOT NULL REFERENCES users (id),
        created_at INTEGER NOT NULL,
        -- The absolute end; the idle timeout is counted from last_seen_at.
        expires_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        revoked_at INTEGER,
        address TEXT,
        user_agent TEXT
      );
      CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;
    `,
  },
  {
    version: 4,
    name: 'command catalog: wall theme, focus and briefing; the command log',
    // command_ids becomes the command log: every accepted command with who sent it, its
    // arguments, where it went and how it ended, so failed device commands can be listed and
    // re-sent by an admin (resend_of links the new run to the failed one).
    sql: `
      ALTER TABLE wall_state ADD COLUMN theme TEXT NOT NULL DEFAULT 'dark' CHECK (theme IN ('dark', 'high-contrast', 'light'));
      ALTER TABLE wall_state ADD COLUMN focus TEXT;
      ALTER TABLE wall_state ADD COLUMN briefing TEXT;
      ALTER TABLE command_ids ADD COLUMN args TEXT;
      ALTER TABLE command_ids ADD COLUMN actor TEXT;
      ALTER TABLE command_ids ADD COLUMN role TEXT;
      ALTER TABLE command_ids ADD COLUMN target TEXT;
      ALTER TABLE command_ids ADD COLUMN status TEXT NOT NULL DEFAULT 'done';
      ALTER TABLE command_ids ADD COLUMN finished_at INTEGER;
      ALTER TABLE command_ids ADD COLUMN resend_of TEXT;
      CREATE INDEX command_ids_status ON command_ids (status, executed_at);
    `,
  },
  {
    version: 5,
    name: 'indicator catalog versions',
    // Every edit of an indicator through the API, whole, numbered per indicator. The catalog in
    // use is the shipped file with the latest version of each edited (or added) indicator.
    sql: `
      CREATE TABLE catalog_versions (
        id INTEGER PRIMARY KEY,
        indicator TEXT NOT NULL,
        version INTEGER NOT NULL,
        body TEXT NOT NULL,
        actor TEXT NOT NULL,
        changed_at INTEGER NOT NULL,
        UNIQUE (indicator, version)
      );
    `,
  },
  {
    version: 6,
    name: 'provenance of observations: submissions, signatures, review flags; public keys of reporting units',
    // Every stored batch or file is a submission: who sent it, when, in what format, the SHA-256
    // of the bytes as received and, when signed, the unit whose Ed25519 key verified it. Each
    // value (current and superseded) points at its submission; review says why a value that was
    // accepted looks implausible (null when it does not).
    sql: `
      CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        submitter TEXT NOT NULL,
        api_key_id INTEGER REFERENCES api_keys (id),
        format TEXT NOT NULL CHECK (format IN ('json', 'csv', 'xlsx', 'derived')),
        file_name TEXT,
        file_hash TEXT NOT NULL,
        item_count INTEGER NOT NULL,
        signer_unit TEXT,
        signer_key TEXT,
        signature TEXT
      );
      ALTER TABLE observations ADD COLUMN submission_id INTEGER REFERENCES submissions (id);
      ALTER TABLE observations ADD COLUMN review TEXT;
      ALTER TABLE observation_revisions ADD COLUMN submission_id INTEGER REFERENCES submissions (id);
      ALTER TABLE observation_revisions ADD COLUMN review TEXT;
      CREATE INDEX observations_review ON observations (indicator) WHERE review IS NOT NULL;

      CREATE TABLE unit_keys (
        id INTEGER PRIMARY KEY,
        unit TEXT NOT NULL,
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL UNIQUE,
        label TEXT,
        added_by TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      CREATE INDEX unit_keys_unit ON unit_keys (unit) WHERE revoked_at IS NULL;
    `,
  },
  {
    version: 7,
    name: 'report tracking: notices sent, due times handled, the notification outbox',
    // reports/: a notice (report received, report overdue) is recorded once per report set,
    // period and unit, so a restart never sends it again; a handled due time is not handled
    // twice; each delivery to a channel is an outbox row retried with backoff until sent or
    // failed, and an admin may send a failed one again.
    sql: `
      CREATE TABLE report_notices (
        event TEXT NOT NULL,
        report_set TEXT NOT NULL,
        period TEXT NOT NULL,
        unit TEXT NOT NULL,
        noticed_at INTEGER NOT NULL,
        PRIMARY KEY (event, report_set, period, unit)
      ) WITHOUT ROWID;

      CREATE TABLE report_due_checks (
        report_set TEXT NOT NULL,
        period TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        checked_at INTEGER NOT NULL,
        PRIMARY KEY (report_set, period)
      ) WITHOUT ROWID;

      CREATE TABLE notification_outbox (
        id INTEGER PRIMARY KEY,
        channel TEXT NOT NULL,
        event TEXT NOT NULL,
        payload TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        next_attempt_at INTEGER,
        created_at INTEGER NOT NULL,
        sent_at INTEGER
      );
      CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_at);
    `,
  },
  {
    version: 8,
    name: 'warnings',
    // One row per (indicator, unit, period, rule) so re-evaluation never duplicates; a revised
    // value that no longer breaks the rule sets state 'resolved' and the row stays
    // (src/warnings/). reference is JSON: what the value was compared with.
    sql: `
      CREATE TABLE warnings (
        id INTEGER PRIMARY KEY,
        indicator TEXT NOT NULL,
        unit TEXT NOT NULL,
        period TEXT NOT NULL,
        rule TEXT NOT NULL CHECK (rule IN ('threshold', 'sudden_change', 'off_plan')),
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
        value REAL NOT NULL,
        reference TEXT NOT NULL,
        message_vi TEXT NOT NULL,
        message_en TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
        raised_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        ack_by TEXT,
        ack_role TEXT,
        ack_at INTEGER,
        ack_note TEXT,
        resolved_at INTEGER,
        UNIQUE (indicator, unit, period, rule)
      );
      CREATE INDEX warnings_state ON warnings (state, raised_at);
    `,
  },
  {
    version: 9,
    name: 'wall devices',
    // Enrolled wall renderers (src/wall/device-tokens.ts): like api_keys, only the sha256 of
    // the token is kept. A position is a display or a renderer of a wall, never both.
    sql: `
      CREATE TABLE wall_devices (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        wall_id TEXT NOT NULL,
        display_id TEXT,
        renderer_id TEXT,
        token_hash TEXT NOT NULL UNIQUE,
        enrolled_by TEXT NOT NULL,
        enrolled_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        revoked_at INTEGER,
        CHECK ((display_id IS NULL) <> (renderer_id IS NULL))
      );
      CREATE INDEX wall_devices_active ON wall_devices (wall_id) WHERE revoked_at IS NULL;
    `,
  },
  {
    version: 10,
    name: 'estimates and synthetic warnings',
    // An estimate is a value a source published before its period ended (catalog: release); a
    // warning raised on synthetic values carries the flag for the wall's demo watermark.
    sql: `
      ALTER TABLE observations ADD COLUMN estimate INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE observation_revisions ADD COLUMN estimate INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE warnings ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE warnings ADD COLUMN estimate INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 11,
    name: 'map feed: incidents and flows',
    // What the map's events and flows layers draw (src/map-feed/): one row per item a sender
    // sent (the same id from the same key replaces it), with its provenance; each request is
    // also an audit line. payload is the item as sent, JSON.
    sql: `
      CREATE TABLE map_feed_items (
        kind TEXT NOT NULL CHECK (kind IN ('incident', 'flow')),
        item_id TEXT NOT NULL,
        submitter TEXT NOT NULL,
        api_key_id INTEGER NOT NULL REFERENCES api_keys (id),
        payload TEXT NOT NULL,
        source TEXT NOT NULL,
        synthetic INTEGER NOT NULL,
        occurred_at INTEGER NOT NULL,
        ends_at INTEGER,
        received_at INTEGER NOT NULL,
        PRIMARY KEY (kind, submitter, item_id)
      );
      CREATE INDEX map_feed_recent ON map_feed_items (kind, occurred_at);
    `,
  },
  {
    version: 12,
    name: 'command ids owned by their principal',
    // A client id answers only the principal that sent it (user#<id>, key#<id>): another's
    // reuse of the id is refused instead of given the first command's result. Rows logged
    // before have no principal and are owned by their actor's name.
    sql: `
      ALTER TABLE command_ids ADD COLUMN principal TEXT;
    `,
  },
  {
    version: 13,
    name: 'keyed audit chain',
    // Entries are sealed with HMAC-SHA256 under a key kept outside the database (audit/); the
    // rows before this are the unkeyed legacy segment, sealed here once (and only here).
    sql: `ALTER TABLE audit_log ADD COLUMN key_id TEXT;`,
    run: sealLegacySegment,
  },
  {
    version: 14,
    name: 'reader API keys',
    // SQLite cannot change a CHECK in place: the table is rebuilt (store/index.ts runs this one
    // with foreign keys off, as SQLite's own procedure for schema changes asks, and checks them after).
    foreignKeysOff: true,
    sql: `
      CREATE TABLE api_keys_v12 (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('ingest', 'reader', 'operator', 'admin')),
        synthetic INTEGER NOT NULL DEFAULT 0,
        key_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
      INSERT INTO api_keys_v12 (id, name, role, synthetic, key_hash, created_at, revoked_at)
        SELECT id, name, role, synthetic, key_hash, created_at, revoked_at FROM api_keys;
      DROP TABLE api_keys;
      ALTER TABLE api_keys_v12 RENAME TO api_keys;
      CREATE UNIQUE INDEX api_keys_active_name ON api_keys (name) WHERE revoked_at IS NULL;
    `,
  },
  {
    version: 15,
    name: 'wall device enrollment codes',
    // A code printed by `ops wall-device enroll` (or the demo) for a page's address, traded once
    // for the device's token (src/wall/device-codes.ts): only its sha256 is kept, like tokens.
    sql: `
      CREATE TABLE wall_device_codes (
        code_hash TEXT PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES wall_devices (id),
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
    `,
  },
  {
    version: 16,
    name: "a unit's own ingest keys",
    // A key bound to a unit (a province's statistics office) may submit observations of that
    // unit only (feeds/ingest.ts); null: any unit, as before.
    sql: `ALTER TABLE api_keys ADD COLUMN unit TEXT;`,
  },
  {
    version: 17,
    name: 'user groups with role grants',
    // A group grants its role to its members while enabled (auth/groups.ts); idp_groups (a JSON
    // array) names the provider's groups whose people join at sign-in (source 'idp'), while
    // members an admin added are 'local' and never touched by a sign-in.
    sql: `
      CREATE TABLE groups (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'presenter', 'technician', 'admin')),
        idp_groups TEXT NOT NULL DEFAULT '[]',
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      );
      CREATE TABLE group_members (
        group_id INTEGER NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        source TEXT NOT NULL CHECK (source IN ('local', 'idp')),
        added_at INTEGER NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );
      CREATE INDEX group_members_user ON group_members (user_id);
    `,
  },
  {
    version: 18,
    name: "a unit's own user accounts",
    // A user bound to a reporting unit may submit observations of that unit only, with their
    // session (feeds/submitter.ts); null: a person at the console, who submits nothing.
    sql: `ALTER TABLE users ADD COLUMN unit TEXT;`,
  },
  {
    version: 19,
    name: 'leases on work done once',
    // cluster/leases.ts: one owner at a time for work that must happen once (a device's queue,
    // the outbox, warnings, schedules); `token` grows on every change of owner (the fence).
    sql: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        token INTEGER NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );`,
  },
  {
    version: 20,
    name: 'one-time codes shared by the servers',
    // auth/one-time-codes.ts: a sign-in's OIDC state and the hand-over code its callback gives
    // the console, kept in the store so that the next step may reach any server. Only the
    // key's sha256 is kept; a row is deleted as it is taken, or swept once expired.
    sql: `
      CREATE TABLE one_time_codes (
        key_hash TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        value TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX one_time_codes_kind_expiry ON one_time_codes (kind, expires_at);`,
  },
  {
    version: 21,
    name: 'which server runs a command',
    // commands/command-log.ts: a command still running when its server died is failed by a
    // survivor once that server's liveness lease (`server:<id>`, cluster/server-lease.ts) has
    // ended, not by whichever server starts next; null: logged before this migration.
    sql: `ALTER TABLE command_ids ADD COLUMN runner TEXT;`,
  },
  {
    version: 22,
    name: 'calibration shared by the servers',
    // wall/wall-state.ts: the test pattern a technician put on a wall (JSON), read by every server
    // of the center like the rest of the wall's state; a server alone clears it at start.
    sql: `ALTER TABLE wall_state ADD COLUMN calibration TEXT;`,
  },
];
