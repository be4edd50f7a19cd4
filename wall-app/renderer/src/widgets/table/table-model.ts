import type { Language, Point } from '@ioc/protocol';
import { describeChange, ESTIMATE_MARK, formatNumber, formatPeriodShort, type Change } from '../../format/format';
import type { TopicState } from '../../live/topic-store';
import type { IndicatorView } from '../../state/catalog-index';
import { latestAndPrevious } from '../series-model';

export interface TableRow {
  indicator: string;
  name: string;
  unitLabel: string;
  latest: Point | null;
  value: string | null;
  period: string | null;
  /** `ước tính` / `estimate` when the latest value is an estimate: set on its own line under the period. */
  estimate: string | null;
  previous: string | null;
  change: Change | null;
  synthetic: boolean;
}

/** One row per indicator: latest value, its period, the previous period's value and the change. */
export function tableRows(states: readonly TopicState[], views: readonly IndicatorView[], lang: Language): TableRow[] {
  return views.map((ind, i) => {
    const { latest, previous } = latestAndPrevious(states[i]?.points ?? []);
    return {
      indicator: ind.id,
      name: ind.name,
      unitLabel: ind.unitLabel,
      latest,
      value: latest ? formatNumber(latest.value, lang, ind.decimals) : null,
      period: latest ? formatPeriodShort(latest.period, lang) : null,
      estimate: latest?.estimate ? ESTIMATE_MARK[lang] : null,
      previous: previous ? formatNumber(previous.value, lang, ind.decimals) : null,
      change: latest && previous ? describeChange(latest.value, previous.value, ind.decimals, ind.higherIsBetter, lang) : null,
      synthetic: latest?.synthetic === true || previous?.synthetic === true,
    };
  });
}

/** A table is ready once every topic answered (even empty) and at least one row has a value. */
export function tableHasData(states: readonly TopicState[], rows: readonly TableRow[]): boolean {
  return states.every((s) => s.version !== null) && rows.some((r) => r.latest !== null);
}
