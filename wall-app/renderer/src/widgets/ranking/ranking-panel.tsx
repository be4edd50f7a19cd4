import { latestTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { formatPeriod } from '../../format/format';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { shortUnitName } from '../../state/catalog-index';
import { useIndicator, useLang, useSyntheticReport, useT, useTheme, useTopic, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
import { useD3 } from '../use-d3';
import { drawRanking } from './draw-ranking';
import { latestPeriod, rankRows } from './ranking-model';

const CHROME_W = 48;
const CHROME_H = 116;

/** Horizontal bars ranking the provinces on the latest value of one indicator. */
export function RankingPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'ranking') throw new Error(`ranking widget given a ${panel.type} panel`);
  const topic = latestTopic(panel.indicator);
  const latest = useTopic(topic);
  const lang = useLang();
  const theme = useTheme();
  const t = useT();
  const catalog = useWall((s) => s.catalog);
  const ind = useIndicator(panel.indicator);
  const focus = useWall((s) => s.state?.focus ?? null);
  const rows = useMemo(
    () => rankRows(latest.points, panel.order, panel.top, (code) => shortUnitName(catalog, code, lang), focus),
    [latest.points, panel.order, panel.top, catalog, lang, focus],
  );
  const hasData = rows.length > 0;
  // The point reported is the one most recently written to the topic (what just changed).
  usePanelPaint(panel.id, [{ topic, version: latest.version, point: latest.lastPoint }], hasData);
  useSyntheticReport(panel.id, useMemo(() => rows.some((r) => r.synthetic), [rows]));
  const width = placed.width - CHROME_W;
  const height = placed.height - CHROME_H;
  const chart = useD3(
    (svg) => drawRanking(svg, { rows, slots: panel.top, width, height, lang, decimals: ind.decimals, theme, focus }),
    [rows, panel.top, width, height, lang, ind.decimals, theme, focus],
    panel.id,
  );

  const title = panel.title?.[lang] ?? ind.name;
  const period = latestPeriod(rows);
  const subtitle = [t(panel.order === 'desc' ? 'ranking.top' : 'ranking.bottom', { count: panel.top }), ind.unitLabel, period ? formatPeriod(period, lang) : null]
    .filter(Boolean)
    .join(' · ');
  return (
    <PanelFrame placed={placed} state={hasData ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
      <svg ref={chart} className="ranking-chart" role="img" aria-label={title} />
    </PanelFrame>
  );
}
