import { IndicatorSchema, type Indicator } from '@ioc/protocol';
import type { Sql } from '../store/index.js';
import { CatalogRegistry, type CatalogFiles } from './catalog.js';

/** One stored version of an indicator. */
export interface IndicatorVersion {
  indicator: string;
  /** 1 for the first edit through the API; the shipped file is version 0. */
  version: number;
  body: Indicator;
  actor: string;
  changedAt: number;
}

interface Row {
  indicator: string;
  version: number;
  body: string;
  actor: string;
  changed_at: number;
}

const toVersion = (r: Row): IndicatorVersion => ({ indicator: r.indicator, version: r.version, body: IndicatorSchema.parse(JSON.parse(r.body)), actor: r.actor, changedAt: r.changed_at });

const LOCK_INDICATOR = "SELECT pg_advisory_xact_lock(hashtext('catalog_versions:' || ?)) AS locked";
const INSERT_NEXT = `INSERT INTO catalog_versions (indicator, version, body, actor, changed_at)
  SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ? FROM catalog_versions WHERE indicator = ?
  RETURNING version`;
const SELECT_LATEST = `SELECT v.* FROM catalog_versions v
  JOIN (SELECT indicator, MAX(version) AS version, MIN(id) AS first FROM catalog_versions GROUP BY indicator) m
    ON m.indicator = v.indicator AND m.version = v.version
  ORDER BY m.first`;

/**
 * Edits of the indicator catalog, versioned: every change is a new row, nothing is overwritten,
 * so what an indicator said at any time (and who changed it) can be read back.
 */
export class CatalogEdits {
  constructor(private readonly sql: Sql) {}

  /** Stores a new version; returns its number. */
  async save(body: Indicator, actor: string, at = Date.now()): Promise<number> {
    return this.sql.begin(async (tx) => {
      // Two servers saving the same indicator at once would both read the same last version:
      // on PostgreSQL the second waits for the first's commit (SQLite's BEGIN IMMEDIATE already serializes writers).
      if (tx.engine === 'postgres') await tx.get(LOCK_INDICATOR, [body.id]);
      const row = await tx.get<{ version: number }>(INSERT_NEXT, [body.id, JSON.stringify(body), actor, at, body.id]);
      return row!.version;
    });
  }

  /** The latest version of every edited indicator, in the order they were first edited. */
  async latest(): Promise<IndicatorVersion[]> {
    return (await this.sql.all<Row>(SELECT_LATEST)).map(toVersion);
  }

  /** Every version of one indicator, oldest first. */
  async versions(indicator: string): Promise<IndicatorVersion[]> {
    return (await this.sql.all<Row>('SELECT * FROM catalog_versions WHERE indicator = ? ORDER BY version', [indicator])).map(toVersion);
  }
}

/**
 * The catalog as the server runs it: the shipped files, then the latest API version of each
 * edited or added indicator. `ops layouts check` reads it the same way, so the CLI and the
 * server agree on which indicators exist. A stored edit that no longer fits the catalog is
 * skipped (the shipped definition stays) and handed to `skipped`.
 */
export async function loadCatalogWithEdits(
  files: CatalogFiles,
  sql: Sql,
  skipped: (v: IndicatorVersion, problems: Array<{ field: string; message: string }>) => void = () => undefined,
): Promise<{ catalog: CatalogRegistry; edits: CatalogEdits }> {
  const catalog = CatalogRegistry.load(files);
  const edits = new CatalogEdits(sql);
  for (const v of await edits.latest()) {
    const problems = catalog.problemsOf(v.body);
    if (problems.length === 0) catalog.put(v.body);
    else skipped(v, problems);
  }
  return { catalog, edits };
}
