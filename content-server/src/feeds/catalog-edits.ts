import { IndicatorSchema, type Indicator } from '@ioc/protocol';
import type { Db } from '../store/index.js';
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

/**
 * Edits of the indicator catalog, versioned: every change is a new row, nothing is overwritten,
 * so what an indicator said at any time (and who changed it) can be read back.
 */
export class CatalogEdits {
  constructor(private readonly db: Db) {}

  /** Stores a new version; returns its number. */
  save(body: Indicator, actor: string, at = Date.now()): number {
    return this.db.transaction(() => {
      const last = this.db.prepare<[string], { v: number | null }>('SELECT MAX(version) AS v FROM catalog_versions WHERE indicator = ?').get(body.id)?.v ?? 0;
      this.db.prepare('INSERT INTO catalog_versions (indicator, version, body, actor, changed_at) VALUES (?, ?, ?, ?, ?)').run(body.id, last + 1, JSON.stringify(body), actor, at);
      return last + 1;
    }).immediate();
  }

  /** The latest version of every edited indicator, in the order they were first edited. */
  latest(): IndicatorVersion[] {
    return this.db
      .prepare<[], Row>(
        `SELECT v.* FROM catalog_versions v
         JOIN (SELECT indicator, MAX(version) AS version, MIN(id) AS first FROM catalog_versions GROUP BY indicator) m
           ON m.indicator = v.indicator AND m.version = v.version
         ORDER BY m.first`,
      )
      .all()
      .map(toVersion);
  }

  /** Every version of one indicator, oldest first. */
  versions(indicator: string): IndicatorVersion[] {
    return this.db.prepare<[string], Row>('SELECT * FROM catalog_versions WHERE indicator = ? ORDER BY version').all(indicator).map(toVersion);
  }
}

/**
 * The catalog as the server runs it: the shipped files, then the latest API version of each
 * edited or added indicator. `ops layouts check` reads it the same way, so the CLI and the
 * server agree on which indicators exist. A stored edit that no longer fits the catalog is
 * skipped (the shipped definition stays) and handed to `skipped`.
 */
export function loadCatalogWithEdits(
  files: CatalogFiles,
  db: Db,
  skipped: (v: IndicatorVersion, problems: Array<{ field: string; message: string }>) => void = () => undefined,
): { catalog: CatalogRegistry; edits: CatalogEdits } {
  const catalog = CatalogRegistry.load(files);
  const edits = new CatalogEdits(db);
  for (const v of edits.latest()) {
    const problems = catalog.problemsOf(v.body);
    if (problems.length === 0) catalog.put(v.body);
    else skipped(v, problems);
  }
  return { catalog, edits };
}
