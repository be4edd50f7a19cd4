import { RankingsFileSchema, formatVnTimestamp, parsePeriod, type Indicator, type RankingDefinition, type RankingResponse } from '@ioc/protocol';
import type { CatalogRegistry } from '../../feeds/catalog.js';
import { vintageSeries } from '../../feeds/series-query.js';
import { placeholders, type Store } from '../../store/index.js';
import { readConfigFile, type ConfigProblem } from '../config-file.js';
import { rankSubjects, type ScoredIndicator, type Subject, type SubjectValue } from './method.js';

/** The method in words, served with every ranking (docs/analytics.md has the worked example). */
export const RANKING_METHOD = {
  vi:
    'Điểm mỗi chỉ tiêu = mức đạt chỉ tiêu kế hoạch năm (mục tiêu quốc gia, vì danh mục chưa có mục tiêu riêng từng tỉnh/bộ), ' +
    'theo chiều của chỉ tiêu: giá trị/mục tiêu nếu càng cao càng tốt, mục tiêu/giá trị nếu càng thấp càng tốt, giới hạn trong [0; {cap}]. ' +
    'Dùng giá trị mới nhất trong năm. Điểm tổng hợp = trung bình có trọng số của các chỉ tiêu có số liệu; đơn vị thiếu chỉ tiêu được xếp theo các chỉ tiêu còn lại ' +
    '(trọng số chuẩn hóa lại) và được đánh dấu. Điểm bằng nhau thì cùng hạng. Tỉnh theo bản đồ hành chính hiện hành (34 tỉnh, thành phố); ' +
    'số liệu trước 1/7/2025 của tỉnh hợp nhất được tính từ các tỉnh thành viên.',
  en:
    "Each indicator scores the achievement of the year's plan target (the national target: the catalog has no per-province or per-agency targets), " +
    'in the direction of the indicator: value/target when higher is better, target/value when lower is better, bounded to [0, {cap}]. ' +
    "The year's latest value is used. The composite is the weighted mean over the indicators with a value; a subject missing some is ranked on the rest " +
    '(weights renormalised) and flagged. Equal scores share a rank. Provinces are those of the current map (the 34); ' +
    "a merged province's values before 1 July 2025 are derived from its members.",
} as const;

/**
 * Why an indicator cannot be used in a ranking of `subject`, or null. A sum-aggregated amount is
 * refused: its national target is the nation's total, which no province or agency should reach.
 */
export function rankingIndicatorProblem(ind: Indicator | undefined, id: string, subject: RankingDefinition['subject']): string | null {
  if (!ind) return `unknown indicator "${id}"`;
  const level = subject === 'provinces' ? 'P' : 'M';
  if (!ind.levels.includes(level)) return `${id} is not reported per ${subject === 'provinces' ? 'province (level P)' : 'agency (level M)'}; its levels are ${ind.levels.join(', ')}`;
  if (ind.periodicity === 'instant') return `${id} is a live reading, not a figure of the year`;
  if (ind.higherIsBetter === null) return `${id} has no direction (higherIsBetter is null): neither a high nor a low value is an achievement`;
  if (ind.aggregation.rule === 'sum') return `${id} is an amount (aggregation sum): its national target is the nation's total and cannot be a ${subject === 'provinces' ? 'province' : 'agency'}'s target`;
  return null;
}

/** The calendar year in Viet Nam at `ms`. */
export const currentYear = (ms: number): number => new Date(ms + 7 * 3_600_000).getUTCFullYear();

export interface RankingsDeps {
  catalog: CatalogRegistry;
  store: Store;
}

/** The rankings of `rankings.json`, computed on demand from stored (and derived) values. */
export class Rankings {
  constructor(
    readonly definitions: readonly RankingDefinition[],
    private readonly deps: RankingsDeps,
  ) {}

  /** Reads and checks `rankings.json` against the catalog; throws a ConfigFileError naming file and path. */
  static load(file: string, deps: RankingsDeps): Rankings {
    const { rankings } = readConfigFile(file, RankingsFileSchema, (f) => {
      const problems: ConfigProblem[] = [];
      const ids = new Set<string>();
      f.rankings.forEach((r, i) => {
        if (ids.has(r.id)) problems.push({ path: `rankings.${i}.id`, message: `duplicate ranking id "${r.id}"` });
        ids.add(r.id);
        const seen = new Set<string>();
        r.indicators.forEach((x, j) => {
          const path = `rankings.${i}.indicators.${j}.indicator`;
          if (seen.has(x.indicator)) problems.push({ path, message: `${x.indicator} is listed twice` });
          seen.add(x.indicator);
          const p = rankingIndicatorProblem(deps.catalog.indicator(x.indicator), x.indicator, r.subject);
          if (p) problems.push({ path, message: p });
        });
      });
      return problems;
    });
    return new Rankings(rankings, deps);
  }

  definition(id: string): RankingDefinition | undefined {
    return this.definitions.find((d) => d.id === id);
  }

  /** One ranking for one year (default: the definition's). */
  async compute(def: RankingDefinition, year = def.year ?? currentYear(Date.now()), now = Date.now()): Promise<RankingResponse> {
    const { catalog, store } = this.deps;
    const yearStart = parsePeriod(String(year))!.start;
    const yearEnd = parsePeriod(String(year + 1))!.start;
    const notes: string[] = [];
    const scored: ScoredIndicator[] = [];
    for (const x of def.indicators) {
      // The catalog may have been edited since start (targets, direction): checked again here.
      const ind = catalog.indicator(x.indicator);
      const problem = rankingIndicatorProblem(ind, x.indicator, def.subject);
      if (problem || !ind) {
        notes.push(`${x.indicator} left out: ${problem}`);
        continue;
      }
      const target = ind.targets[String(year)];
      if (target === undefined || !(target > 0)) {
        notes.push(`${x.indicator} left out: ${target === undefined ? `no plan target for ${year} in the catalog` : `its ${year} target (${target}) is not above 0, so no ratio can be made`}`);
        continue;
      }
      scored.push({ id: ind.id, name: ind.name, weight: x.weight, higherIsBetter: ind.higherIsBetter!, target });
    }

    const units = def.subject === 'provinces' ? catalog.provincesOn(now) : catalog.agenciesOn(now).sort((a, b) => a.code.localeCompare(b.code));
    const subjects: Subject[] = [];
    for (const u of units) {
      const values = new Map<string, SubjectValue>();
      for (const ind of scored) {
        const answer = await vintageSeries(catalog, store, { indicator: ind.id, unit: u.code, vintage: '2025', fromStart: yearStart, toStart: yearEnd - 1 });
        const last = answer.ok ? answer.body.points.at(-1) : undefined;
        if (last) values.set(ind.id, { value: last.value, period: last.period, derived: last.derived === true, synthetic: last.synthetic });
      }
      subjects.push({ unit: u.code, name: u.name, values });
    }
    const { entries, unranked } = rankSubjects(scored, subjects, def.cap);

    const fill = (s: string) => s.replaceAll('{cap}', String(def.cap));
    return {
      id: def.id,
      name: def.name,
      subject: def.subject,
      year,
      method: { vi: fill(RANKING_METHOD.vi), en: fill(RANKING_METHOD.en) },
      cap: def.cap,
      dataAsOf: await this.dataAsOf(scored.map((s) => s.id), yearStart, yearEnd),
      computedAt: formatVnTimestamp(now, true),
      synthetic: entries.some((e) => e.contributions.some((c) => c.synthetic)),
      entries,
      unranked,
      notes,
    };
  }

  /** When the newest value of these indicators for periods starting in the year arrived. */
  private async dataAsOf(indicators: readonly string[], from: number, to: number): Promise<string | null> {
    if (indicators.length === 0) return null;
    const row = await this.deps.store.sql.get<{ at: number | null }>(
      `SELECT MAX(received_at) AS at FROM observations WHERE indicator IN (${placeholders(indicators.length)}) AND period_start >= ? AND period_start < ?`,
      [...indicators, from, to],
    );
    return row?.at ? formatVnTimestamp(row.at, true) : null;
  }
}
