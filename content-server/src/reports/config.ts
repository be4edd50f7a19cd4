import { existsSync, readFileSync } from 'node:fs';
import { NotificationsConfigSchema, ReportSetsFileSchema, type NotificationsConfig, type ReportSet } from '@ioc/protocol';
import type { z } from 'zod';
import type { CatalogRegistry, Level } from '../feeds/index.js';

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function parse<T>(schema: z.ZodType<T>, file: string): T {
  const r = schema.safeParse(readJson(file));
  if (!r.success) {
    const lines = r.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} is invalid:\n  ${lines.join('\n  ')}`);
  }
  return r.data;
}

const LEVEL_OF = { provinces: 'P', agencies: 'M', nation: 'N' } as const satisfies Record<ReportSet['units']['kind'], Level>;

/**
 * What is wrong with a report set in this catalog: an unknown indicator, one of another
 * periodicity, one not reported at the level of the set's units, an agency code that is not
 * an agency.
 */
export function reportSetProblems(set: ReportSet, catalog: CatalogRegistry): string[] {
  const out: string[] = [];
  const level = LEVEL_OF[set.units.kind];
  for (const id of set.indicators) {
    const ind = catalog.indicator(id);
    if (!ind) out.push(`indicator "${id}" is not in the catalog`);
    else if (ind.periodicity !== set.periodicity) out.push(`indicator "${id}" is ${ind.periodicity}ly, the set is ${set.periodicity}ly`);
    else if (!ind.levels.includes(level)) out.push(`indicator "${id}" is not reported at level ${level} (its levels: ${ind.levels.join(', ')})`);
  }
  if (new Set(set.indicators).size !== set.indicators.length) out.push('an indicator is listed twice');
  if (set.units.kind === 'agencies') {
    for (const code of set.units.codes) {
      if (!catalog.vintages(code).some((v) => v.level === 'M')) out.push(`units: "${code}" is not an agency of the catalog`);
    }
  }
  return out;
}

/** Reads and checks `report-sets.json`; throws one message naming every problem. */
export function loadReportSets(file: string, catalog: CatalogRegistry): ReportSet[] {
  const { reportSets } = parse(ReportSetsFileSchema, file);
  const problems: string[] = [];
  const seen = new Set<string>();
  reportSets.forEach((set, i) => {
    if (seen.has(set.id)) problems.push(`reportSets.${i}: the id "${set.id}" is used twice`);
    seen.add(set.id);
    for (const p of reportSetProblems(set, catalog)) problems.push(`reportSets.${i} (${set.id}): ${p}`);
  });
  if (problems.length) throw new Error(`${file} does not fit the catalog:\n  ${problems.join('\n  ')}`);
  return reportSets;
}

/** Reads `notifications.json` when it exists (no file: no channels). */
export function loadNotificationsConfig(file: string): NotificationsConfig {
  if (!existsSync(file)) return NotificationsConfigSchema.parse({ channels: [] });
  const config = parse(NotificationsConfigSchema, file);
  const ids = config.channels.map((c) => c.id);
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice) throw new Error(`${file} is invalid:\n  channels: the id "${twice}" is used twice`);
  return config;
}
