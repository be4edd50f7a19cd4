import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IndicatorSchema, ReportingUnitSchema, parsePeriod, type Catalog, type Indicator, type ReportingUnit } from '@ioc/protocol';

const IndicatorsFileSchema = z.object({ $comment: z.string().optional(), indicators: z.array(IndicatorSchema).min(1) });
const AgenciesFileSchema = z.object({ $comment: z.string().optional(), agencies: z.array(ReportingUnitSchema) });
const AdminUnit = z.object({ code: z.string(), name: z.string(), name_ascii: z.string(), kind: z.enum(['province', 'city']) });
const AdminUnitsFileSchema = z.object({
  regions: z.array(z.object({ id: z.string(), name: z.string() })).length(6),
  units_until_2025_06_30: z.array(AdminUnit.extend({ region: z.string() })).length(63),
  units_from_2025_07_01: z.array(AdminUnit.extend({ members: z.array(z.string()).min(1) })).length(34),
});

/** English names of the six socio-economic regions (the reference file names them in Vietnamese). */
const REGION_NAMES_EN: Readonly<Record<string, string>> = {
  NMM: 'Northern Midlands and Mountains',
  RRD: 'Red River Delta',
  NCC: 'North Central and Central Coast',
  CH: 'Central Highlands',
  SE: 'South East',
  MD: 'Mekong River Delta',
};

/** A socio-economic region: its members are provinces of the 63 (membership after 2025 is not defined). */
export interface Region {
  id: string;
  name: { vi: string; en: string };
  members: readonly string[];
}

/** Last day of the 63 provinces and first day of the 34 (Resolution 202/2025/QH15). */
export const PROVINCE_REFORM = { lastOldDay: '2025-06-30', firstNewDay: '2025-07-01' } as const;

export type Level = 'N' | 'P' | 'M';

/** A reporting unit with its validity as epoch ms: [from, to). */
export interface UnitVintage extends ReportingUnit {
  from: number;
  to: number;
  level: Level;
}

export interface CatalogFiles {
  catalogDir: string;
  adminUnitsFile: string;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
}

function parseFile<T>(schema: z.ZodType<T>, file: string): T {
  const r = schema.safeParse(readJson(file));
  if (!r.success) {
    const first = r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`${file} is invalid:\n  ${first.join('\n  ')}`);
  }
  return r.data;
}

function dayStart(isoDate: string | null, fallback: number): number {
  if (isoDate === null) return fallback;
  const p = parsePeriod(isoDate);
  if (!p || p.kind !== 'day') throw new Error(`invalid validity date ${isoDate}`);
  return p.start;
}

/**
 * The indicator catalog and the registry of reporting units: the nation, the provinces of
 * both vintages (a code may appear twice: a merged province often keeps one member's code)
 * and a few agencies.
 */
export class CatalogRegistry {
  readonly catalog: Catalog;
  private readonly indicators = new Map<string, Indicator>();
  private readonly vintagesByCode = new Map<string, UnitVintage[]>();
  /** Members (pre-2025 codes) of each post-2025 province. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  /** The six socio-economic regions, each with its provinces of the 63. */
  readonly regions: readonly Region[];
  /** The 2025 province each pre-2025 province became part of. */
  private readonly successors = new Map<string, string>();

  private constructor(indicators: Indicator[], units: ReportingUnit[], members: Map<string, string[]>, regions: Region[] = []) {
    this.catalog = { indicators: [...indicators], units };
    for (const ind of indicators) {
      if (this.indicators.has(ind.id)) throw new Error(`duplicate indicator id ${ind.id} in the catalog`);
      this.indicators.set(ind.id, ind);
    }
    for (const u of units) {
      const level: Level = u.kind === 'nation' ? 'N' : u.kind === 'agency' ? 'M' : 'P';
      const v: UnitVintage = { ...u, level, from: dayStart(u.validFrom, -Infinity), to: u.validTo ? dayStart(u.validTo, 0) + 86_400_000 : Infinity };
      const list = this.vintagesByCode.get(u.code) ?? [];
      list.push(v);
      this.vintagesByCode.set(u.code, list);
    }
    this.members = members;
    this.regions = regions;
    for (const [code, ms] of members) for (const m of ms) this.successors.set(m, code);
  }

  /** The 2025 province that a pre-2025 province code became (part of), or undefined. */
  successorOf(code: string): string | undefined {
    return this.successors.get(code);
  }

  static load(files: CatalogFiles): CatalogRegistry {
    const { indicators } = parseFile(IndicatorsFileSchema, join(files.catalogDir, 'indicators.json'));
    const { agencies } = parseFile(AgenciesFileSchema, join(files.catalogDir, 'agencies.json'));
    const admin = parseFile(AdminUnitsFileSchema, files.adminUnitsFile);
    const units: ReportingUnit[] = [{ code: 'VN', name: 'Việt Nam', nameAscii: 'Viet Nam', kind: 'nation', validFrom: null, validTo: null }];
    for (const u of admin.units_until_2025_06_30) {
      units.push({ code: u.code, name: u.name, nameAscii: u.name_ascii, kind: u.kind, validFrom: null, validTo: PROVINCE_REFORM.lastOldDay });
    }
    const members = new Map<string, string[]>();
    for (const u of admin.units_from_2025_07_01) {
      units.push({ code: u.code, name: u.name, nameAscii: u.name_ascii, kind: u.kind, validFrom: PROVINCE_REFORM.firstNewDay, validTo: null });
      members.set(u.code, u.members);
    }
    units.push(...agencies);
    const regions = admin.regions.map((r) => ({
      id: r.id,
      name: { vi: r.name, en: REGION_NAMES_EN[r.id] ?? r.id },
      members: admin.units_until_2025_06_30.filter((u) => u.region === r.id).map((u) => u.code),
    }));
    const registry = new CatalogRegistry(indicators, units, members, regions);
    for (const ind of indicators) {
      const problems = registry.problemsOf(ind);
      if (problems.length) throw new Error(`indicators.json: indicator ${ind.id}: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    }
    return registry;
  }

  /**
   * What is wrong with an indicator in this catalog, by field: an owner agency that does not
   * exist, or a weight that is not a summable indicator of the same levels (weights of a merged
   * unit's mean must themselves add up).
   */
  problemsOf(ind: Indicator): Array<{ field: string; message: string }> {
    const out: Array<{ field: string; message: string }> = [];
    if (!this.catalog.units.some((u) => u.kind === 'agency' && u.code === ind.reportedBy)) {
      out.push({ field: 'reportedBy', message: `${ind.reportedBy} is not an agency of the catalog` });
    }
    if (ind.aggregation.rule === 'weighted_mean') {
      const w = this.indicators.get(ind.aggregation.weight);
      if (!w || w.id === ind.id) out.push({ field: 'aggregation.weight', message: `the weight must be another indicator of the catalog; "${ind.aggregation.weight}" is not` });
      else if (w.aggregation.rule !== 'sum') out.push({ field: 'aggregation.weight', message: `the weight "${w.id}" must add up over units (aggregation sum), not ${w.aggregation.rule}` });
      else if (!ind.levels.every((l) => w.levels.includes(l))) out.push({ field: 'aggregation.weight', message: `the weight "${w.id}" exists at levels ${w.levels.join(', ')}, not at every level of ${ind.id} (${ind.levels.join(', ')})` });
    }
    return out;
  }

  /** Puts an edited or new indicator in place (the catalog API; the edit is stored first). */
  put(ind: Indicator): void {
    const at = this.catalog.indicators.findIndex((i) => i.id === ind.id);
    if (at >= 0) this.catalog.indicators[at] = ind;
    else this.catalog.indicators.push(ind);
    this.indicators.set(ind.id, ind);
  }

  indicator(id: string): Indicator | undefined {
    return this.indicators.get(id);
  }

  /** Every vintage of a unit code (two for a province code used before and after 2025). */
  vintages(code: string): readonly UnitVintage[] {
    return this.vintagesByCode.get(code) ?? [];
  }

  /** The vintage of `code` whose validity overlaps [start, end), or undefined. */
  vintageDuring(code: string, start: number, end: number): UnitVintage | undefined {
    return this.vintages(code).find((v) => v.from < end && start < v.to);
  }

  /** Provinces and cities valid on the day containing `at` (epoch ms). */
  provincesOn(at: number): UnitVintage[] {
    const out: UnitVintage[] = [];
    for (const list of this.vintagesByCode.values()) {
      for (const v of list) if (v.level === 'P' && v.from <= at && at < v.to) out.push(v);
    }
    return out.sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Agencies valid on the day containing `at`. */
  agenciesOn(at: number): UnitVintage[] {
    return [...this.vintagesByCode.values()].flat().filter((v) => v.level === 'M' && v.from <= at && at < v.to);
  }
}
