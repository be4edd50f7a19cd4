import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useIndicator, useLang, useSyntheticReport, useT, useTheme, useTopic, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
import { anySynthetic, lastPoints } from '../series-model';
import { useD3 } from '../use-d3';
import { drawLineChart } from './draw-line-chart';
import { useForecast } from './forecast-source';
import { forecastKey, forecastLegend, placeForecast, targetFor, targetLabel } from './line-model';
import { lineMessages } from './messages';

/** Space the frame takes around the chart: padding and the header. */
const CHROME_W = 48;
const CHROME_H = 110;

/** Line chart of one series over its last `periods` periods. */
export function LinePanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'line') throw new Error(`line widget given a ${panel.type} panel`);
  const topic = seriesTopic(panel.indicator, panel.unit);
  const series = useTopic(topic);
  const lang = useLang();
  const theme = useTheme();
  const t = useT();
  const ind = useIndicator(panel.indicator);
  const shown = useMemo(() => lastPoints(series.points, panel.periods), [series.points, panel.periods]);
  const latest = shown[shown.length - 1] ?? null;
  // Forecast: asked for again only when the series' latest point changes.
  const fcState = useForecast(panel.forecast ? forecastKey(panel.indicator, panel.unit, latest) : null, panel.indicator, panel.unit);
  const forecast = useMemo(() => {
    if (fcState.status !== 'ready') return null;
    const points = placeForecast(shown, fcState.forecast.forecast);
    return points.length > 0 ? { points, kind: fcState.forecast.model.kind } : null;
  }, [fcState, shown]);
  const forecastNote = panel.forecast && fcState.status !== 'loading' && !forecast ? lineMessages[lang].line.forecastUnavailable : null;
  // Plan target of the latest point's year, from the catalog.
  const targets = useWall((s) => s.catalog?.indicators.get(panel.indicator)?.targets);
  const target = useMemo(() => {
    if (!panel.target || !latest) return null;
    const year = latest.period.slice(0, 4);
    const value = targetFor(targets, year);
    return value === null ? null : { value, label: targetLabel(lang, year, value, ind.decimals, ind.unitLabel) };
  }, [panel.target, latest, targets, lang, ind.decimals, ind.unitLabel]);
  // Ready once the forecast (when asked for) has come or failed: the first painted frame is complete.
  usePanelPaint(panel.id, [{ topic, version: series.version, point: latest }], latest !== null && fcState.status !== 'loading');
  useSyntheticReport(panel.id, useMemo(() => anySynthetic(shown), [shown]));
  const width = placed.width - CHROME_W;
  const height = placed.height - CHROME_H;
  const chart = useD3(
    (svg) =>
      drawLineChart(svg, {
        points: shown,
        width,
        height,
        lang,
        decimals: ind.decimals,
        theme,
        id: panel.id,
        forecast: forecast ? { points: forecast.points, legend: forecastLegend(lang, forecast.kind) } : null,
        forecastNote,
        target,
      }),
    [shown, width, height, lang, ind.decimals, theme, panel.id, forecast, forecastNote, target],
    panel.id,
  );

  const title = panel.title?.[lang] ?? ind.name;
  const subtitle = [ind.unitLabel, t('line.periods', { count: shown.length || panel.periods })].filter(Boolean).join(' · ');
  return (
    <PanelFrame placed={placed} state={latest ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
      <svg ref={chart} className="line-chart" role="img" aria-label={title} />
    </PanelFrame>
  );
}
