import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { describeChange, formatNumber, formatPointPeriod } from '../../format/format';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useIndicator, useLang, useSyntheticReport, useTheme, useTopic } from '../../state/hooks';
import { toneColor } from '../../theme';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
import { anySynthetic, lastPoints, latestAndPrevious } from '../series-model';
import { useD3 } from '../use-d3';
import { drawSparkline } from './draw-sparkline';

const SPARK_POINTS = 24;
const SPARK_W = 190;
const SPARK_H = 52;

/** Big value of one indicator for one unit, its change on the previous period and a sparkline. */
export function KpiPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'kpi') throw new Error(`kpi widget given a ${panel.type} panel`);
  const topic = seriesTopic(panel.indicator, panel.unit);
  const series = useTopic(topic);
  const lang = useLang();
  const theme = useTheme();
  const ind = useIndicator(panel.indicator);
  const model = useMemo(() => {
    const { latest, previous } = latestAndPrevious(series.points);
    const spark = lastPoints(series.points, SPARK_POINTS);
    return { latest, previous, spark, synthetic: anySynthetic(spark, [previous]) };
  }, [series.points]);
  usePanelPaint(panel.id, [{ topic, version: series.version, point: model.latest }], model.latest !== null);
  useSyntheticReport(panel.id, model.synthetic);
  const spark = useD3((svg) => drawSparkline(svg, model.spark, SPARK_W, SPARK_H, theme), [model.spark, theme]);

  const title = panel.title?.[lang] ?? ind.name;
  const { latest, previous } = model;
  if (!latest) return <PanelFrame placed={placed} state="waiting" title={title} />;
  const value = formatNumber(latest.value, lang, ind.decimals);
  const inlineUnit = ind.unitLabel.length <= 4;
  const change = previous ? describeChange(latest.value, previous.value, ind.decimals, ind.higherIsBetter, lang) : null;
  // Long figures shrink to fit the box, never below 64 px (read from across the room).
  const valueSize = Math.max(64, Math.min(84, Math.floor((placed.width - 48 - (inlineUnit ? 70 : 0)) / (value.length * 0.62))));
  return (
    <PanelFrame placed={placed} state="ready" title={title}>
      <div className="kpi-value-row">
        <span data-testid="kpi-value" className="kpi-value" style={{ fontSize: valueSize }}>
          {value}
        </span>
        {inlineUnit && ind.unitLabel ? <span className="kpi-unit">{ind.unitLabel}</span> : null}
      </div>
      <div className="kpi-meta" data-estimate={latest.estimate ? 'true' : undefined}>
        {[inlineUnit ? '' : ind.unitLabel, formatPointPeriod(latest, lang)].filter(Boolean).join(' · ')}
      </div>
      <div className="kpi-foot">
        {change ? (
          <span className="kpi-change" style={{ color: toneColor(theme, change.tone) }} data-direction={change.direction}>
            {change.arrow} {change.magnitude}
          </span>
        ) : (
          <span className="kpi-change kpi-change-none">—</span>
        )}
        <svg ref={spark} className="kpi-spark" aria-hidden="true" />
      </div>
    </PanelFrame>
  );
}
