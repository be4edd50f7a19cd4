import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { describeChange, formatNumber, formatPeriodShort, withEstimateMark } from '../../format/format';
import { fill } from '../../i18n/fill';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { indicatorView, unitName } from '../../state/catalog-index';
import { useLang, useSyntheticReport, useTheme, useTopics, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { useBoxSize } from '../use-box-size';
import { PanelFrame } from '../panel-frame';
import { anySynthetic, lastPoints, latestAndPrevious } from '../series-model';
import { useD3 } from '../use-d3';
import { drawSparklines, type SparkRow } from './draw-sparklines';
import { sparklinesMessages } from './messages';

/** Several indicators of one unit: a row each with the latest value, its change and a sparkline. */
export function SparklinesPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'sparklines') throw new Error(`sparklines widget given a ${panel.type} panel`);
  const topics = useMemo(() => panel.indicators.map((id) => seriesTopic(id, panel.unit)), [panel.indicators, panel.unit]);
  const states = useTopics(topics);
  const catalog = useWall((s) => s.catalog);
  const lang = useLang();
  const theme = useTheme();
  const [bodyRef, size] = useBoxSize<HTMLDivElement>();
  const m = sparklinesMessages[lang].sparklines;

  const model = useMemo(() => {
    const rows: SparkRow[] = [];
    const shown = [];
    let synthetic = false;
    for (const [i, id] of panel.indicators.entries()) {
      const state = states[i];
      const ind = indicatorView(catalog, id, lang);
      const points = state?.points ?? [];
      const { latest, previous } = latestAndPrevious(points);
      const spark = lastPoints(points, panel.periods);
      synthetic ||= anySynthetic(spark, [previous]);
      shown.push({ topic: topics[i]!, version: state?.version ?? 0, point: latest });
      const change = latest && previous ? describeChange(latest.value, previous.value, ind.decimals, ind.higherIsBetter, lang) : null;
      rows.push({
        id,
        name: ind.name,
        value: latest ? formatNumber(latest.value, lang, ind.decimals) : null,
        meta: latest ? [ind.unitLabel, withEstimateMark(formatPeriodShort(latest.period, lang), latest.estimate, lang)].filter(Boolean).join(' · ') : m.noData,
        change: change ? { text: `${change.arrow} ${change.magnitude}`, tone: change.tone, direction: change.direction } : null,
        versus: previous ? fill(m.versus, { period: formatPeriodShort(previous.period, lang) }) : latest ? m.noChange : '',
        points: spark,
      });
    }
    return { rows, shown, synthetic, any: shown.some((s) => s.point !== null) };
  }, [panel.indicators, panel.periods, states, catalog, lang, topics, m]);

  usePanelPaint(panel.id, model.shown, model.any && size !== null);
  useSyntheticReport(panel.id, model.synthetic);
  const chart = useD3(
    (svg) => {
      if (size) drawSparklines(svg, { rows: model.rows, width: size.width, height: size.height, theme, moreText: (count) => fill(m.more, { count }) });
    },
    [model.rows, size, theme, m],
    panel.id,
  );

  const title = panel.title?.[lang] ?? unitName(catalog, panel.unit, lang);
  // The unit is named in the title, or, under a title of its own, in the subtitle.
  const periods = fill(m.periods, { count: panel.periods });
  const subtitle = panel.title ? `${unitName(catalog, panel.unit, lang)} · ${periods}` : periods;
  return (
    <PanelFrame placed={placed} state={model.any ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
      <div ref={bodyRef} style={{ position: 'relative', flex: 1, minHeight: 0, marginTop: 8 }}>
        <svg ref={chart} className="sparklines-chart" role="img" aria-label={title} style={{ position: 'absolute', inset: 0 }} />
      </div>
    </PanelFrame>
  );
}
