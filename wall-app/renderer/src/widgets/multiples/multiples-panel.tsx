import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { formatNumber, formatPeriodShort } from '../../format/format';
import { fill } from '../../i18n/fill';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { shortUnitName } from '../../state/catalog-index';
import { useIndicator, useLang, useSyntheticReport, useTheme, useTopics, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { useBoxSize } from '../use-box-size';
import { PanelFrame } from '../panel-frame';
import { anySynthetic, lastPoints } from '../series-model';
import { useD3 } from '../use-d3';
import { drawMultiples, type MultipleCell } from './draw-multiples';
import { multiplesMessages } from './messages';
import { commonDomain, commonPeriods } from './multiples-model';

/** Small multiples: one small line chart of the indicator per unit, all on one y scale. */
export function MultiplesPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'multiples') throw new Error(`multiples widget given a ${panel.type} panel`);
  const topics = useMemo(() => panel.units.map((u) => seriesTopic(panel.indicator, u)), [panel.indicator, panel.units]);
  const states = useTopics(topics);
  const catalog = useWall((s) => s.catalog);
  const lang = useLang();
  const theme = useTheme();
  const ind = useIndicator(panel.indicator);
  const [bodyRef, size] = useBoxSize<HTMLDivElement>();
  const m = multiplesMessages[lang].multiples;

  const model = useMemo(() => {
    const series = panel.units.map((_, i) => lastPoints(states[i]?.points ?? [], panel.periods));
    // The x axis: the last `periods` periods any unit has.
    const periods = commonPeriods(series).slice(-panel.periods);
    const latestPeriod = periods[periods.length - 1] ?? null;
    // The unit is said once, in the subtitle; a cell adds only a period other than the panel's.
    const cells: MultipleCell[] = panel.units.map((code, i) => {
      const pts = series[i] ?? [];
      const latest = pts[pts.length - 1] ?? null;
      const meta = latest && latest.period !== latestPeriod ? formatPeriodShort(latest.period, lang) : '';
      return { code, name: shortUnitName(catalog, code, lang), value: latest ? formatNumber(latest.value, lang, ind.decimals) : null, meta, points: pts };
    });
    const shown = panel.units.map((_, i) => ({ topic: topics[i]!, version: states[i]?.version ?? 0, point: (series[i] ?? []).at(-1) ?? null }));
    return { cells, periods, domain: commonDomain(series), shown, any: shown.some((s) => s.point !== null), synthetic: anySynthetic(...series) };
  }, [panel.units, panel.periods, states, catalog, lang, ind, topics]);

  usePanelPaint(panel.id, model.shown, model.any && size !== null);
  useSyntheticReport(panel.id, model.synthetic);
  const chart = useD3(
    (svg) => {
      if (size) drawMultiples(svg, { cells: model.cells, domain: model.domain, periods: model.periods, width: size.width, height: size.height, lang, decimals: ind.decimals, theme, noData: m.noData, more: (n) => fill(m.more, { n: String(n) }) });
    },
    [model, size, lang, ind.decimals, theme, m],
    panel.id,
  );

  const title = panel.title?.[lang] ?? ind.name;
  const first = model.periods[0];
  const last = model.periods[model.periods.length - 1];
  const subtitle = first && last ? fill(m.subtitle, { unit: ind.unitLabel, from: formatPeriodShort(first, lang), to: formatPeriodShort(last, lang) }) : ind.unitLabel;
  return (
    <PanelFrame placed={placed} state={model.any ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
      <div ref={bodyRef} style={{ position: 'relative', flex: 1, minHeight: 0, marginTop: 10 }}>
        <svg ref={chart} className="multiples-chart" role="img" aria-label={title} style={{ position: 'absolute', inset: 0 }} />
      </div>
    </PanelFrame>
  );
}
