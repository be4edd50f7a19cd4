import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useIndicator, useLang, useSyntheticReport, useT, useTopic } from '../../state/hooks';
import { theme } from '../../theme';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
import { anySynthetic, lastPoints } from '../series-model';
import { useD3 } from '../use-d3';
import { drawLineChart } from './draw-line-chart';

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
  const t = useT();
  const ind = useIndicator(panel.indicator);
  const shown = useMemo(() => lastPoints(series.points, panel.periods), [series.points, panel.periods]);
  const latest = shown[shown.length - 1] ?? null;
  usePanelPaint(panel.id, [{ topic, version: series.version, point: latest }], latest !== null);
  useSyntheticReport(panel.id, useMemo(() => anySynthetic(shown), [shown]));
  const width = placed.width - CHROME_W;
  const height = placed.height - CHROME_H;
  const chart = useD3(
    (svg) => drawLineChart(svg, { points: shown, width, height, lang, decimals: ind.decimals, theme, id: panel.id }),
    [shown, width, height, lang, ind.decimals, theme, panel.id],
  );

  const title = panel.title?.[lang] ?? ind.name;
  const subtitle = [ind.unitLabel, t('line.periods', { count: shown.length || panel.periods })].filter(Boolean).join(' · ');
  return (
    <PanelFrame placed={placed} state={latest ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
      <svg ref={chart} className="line-chart" role="img" aria-label={title} />
    </PanelFrame>
  );
}
