import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { formatNumber, formatPeriod, formatPointPeriod } from '../../format/format';
import { fill } from '../../i18n/fill';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useIndicator, useLang, useSyntheticReport, useTheme, useTopic, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { neededDecimals } from '../line/line-model';
import { PanelFrame } from '../panel-frame';
import { anySynthetic } from '../series-model';
import { useD3 } from '../use-d3';
import { drawGauge, type GaugeDrawInput } from './draw-gauge';
import { gaugeModel, isShareOfPlan, yearElapsed } from './gauge-model';
import { gaugeMessages } from './messages';
import { useBoxSize } from '../use-box-size';

/** Progress of the year-to-date value of one indicator for one unit against the year's plan target. */
export function GaugePanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'gauge') throw new Error(`gauge widget given a ${panel.type} panel`);
  const topic = seriesTopic(panel.indicator, panel.unit);
  const series = useTopic(topic);
  const lang = useLang();
  const theme = useTheme();
  const ind = useIndicator(panel.indicator);
  const catalogInd = useWall((s) => s.catalog?.indicators.get(panel.indicator) ?? null);
  const [bodyRef, size] = useBoxSize<HTMLDivElement>();
  const latest = series.points[series.points.length - 1] ?? null;
  const m = gaugeMessages[lang].gauge;

  const view = useMemo((): Omit<GaugeDrawInput, 'width' | 'height' | 'theme'> | null => {
    if (!latest || !catalogInd) return null;
    const year = latest.period.slice(0, 4);
    const target = catalogInd.targets[year];
    if (target === undefined) throw new Error(fill(m.noTarget, { name: ind.name, year }));
    const elapsed = isShareOfPlan(catalogInd.unitLabel.en) ? yearElapsed(latest.period) : null;
    const model = gaugeModel({ value: latest.value, target, higherIsBetter: ind.higherIsBetter, thresholds: catalogInd.thresholds, elapsed });
    const num = (v: number, d = ind.decimals) => formatNumber(v, lang, d);
    const withUnit = (s: string) => (ind.unitLabel ? `${s} ${ind.unitLabel}` : s);
    const lines: GaugeDrawInput['text']['lines'] = [{ role: 'plan', text: fill(m.plan, { year, value: withUnit(num(target, neededDecimals(target, ind.decimals))) }) }];
    if (model.pace !== null && model.paceAt !== null && elapsed !== null && elapsed < 1) {
      lines.push({ role: 'pace', text: fill(m.pace, { period: formatPeriod(latest.period, lang), value: withUnit(num(model.pace)) }) });
    }
    if (model.status) lines.push({ role: 'status', text: m[model.status], tone: model.tone, strong: true });
    return {
      model,
      text: {
        value: num(latest.value),
        unit: ind.unitLabel,
        period: formatPointPeriod(latest, lang),
        min: num(0, 0),
        max: num(model.max, neededDecimals(model.max, ind.decimals)),
        target: num(target, neededDecimals(target, ind.decimals)),
        lines,
      },
    };
  }, [latest, catalogInd, ind, lang, m]);

  const drawn = view !== null && size !== null;
  usePanelPaint(panel.id, [{ topic, version: series.version, point: latest }], drawn);
  useSyntheticReport(panel.id, useMemo(() => anySynthetic([latest]), [latest]));
  const chart = useD3(
    (svg) => {
      if (view && size) drawGauge(svg, { ...view, width: size.width, height: size.height, theme });
      else svg.selectAll('*').remove();
    },
    [view, size, theme],
    panel.id,
  );

  const title = panel.title?.[lang] ?? ind.name;
  return (
    <PanelFrame placed={placed} state={view ? 'ready' : 'waiting'} title={title}>
      <div ref={bodyRef} style={{ position: 'relative', flex: 1, minHeight: 0 }}>
        <svg ref={chart} className="gauge-chart" role="img" aria-label={title} style={{ position: 'absolute', inset: 0 }} />
      </div>
    </PanelFrame>
  );
}
