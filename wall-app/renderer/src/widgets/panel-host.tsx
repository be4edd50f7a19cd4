import type { PanelType } from '@ioc/protocol';
import { memo, type ComponentType } from 'react';
import type { PlacedPanel } from '../tile/tile-geometry';
import { GaugePanel } from './gauge/gauge-panel';
import { GlobePanel } from './globe/globe-panel';
import { HeatTablePanel } from './heat-table/heat-table-panel';
import { KpiPanel } from './kpi/kpi-panel';
import { LinePanel } from './line/line-panel';
import { MapPanel } from './map/map-panel';
import { MultiplesPanel } from './multiples/multiples-panel';
import { PanelBoundary } from './panel-boundary';
import { RankingPanel } from './ranking/ranking-panel';
import { SparklinesPanel } from './sparklines/sparklines-panel';
import { TablePanel } from './table/table-panel';
import { TickerPanel } from './ticker/ticker-panel';
import { WarningsPanel } from './warnings/warnings-panel';

/** The widget of each panel type. */
const WIDGETS: Record<PanelType, ComponentType<{ placed: PlacedPanel }>> = {
  kpi: KpiPanel,
  line: LinePanel,
  ranking: RankingPanel,
  table: TablePanel,
  map: MapPanel,
  gauge: GaugePanel,
  multiples: MultiplesPanel,
  sparklines: SparklinesPanel,
  'heat-table': HeatTablePanel,
  warnings: WarningsPanel,
  ticker: TickerPanel,
  globe: GlobePanel,
};

/** One panel in its error boundary. Memoised: a live delta re-renders only the panels of its topic. */
export const PanelHost = memo(function PanelHost({ placed }: { placed: PlacedPanel }) {
  const Widget = WIDGETS[placed.panel.type];
  return (
    <PanelBoundary placed={placed}>
      <Widget placed={placed} />
    </PanelBoundary>
  );
});
