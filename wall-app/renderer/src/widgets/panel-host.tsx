import type { PanelType } from '@ioc/protocol';
import { memo, type ComponentType } from 'react';
import type { PlacedPanel } from '../tile/tile-geometry';
import { KpiPanel } from './kpi/kpi-panel';
import { LinePanel } from './line/line-panel';
import { PanelBoundary } from './panel-boundary';
import { RankingPanel } from './ranking/ranking-panel';
import { TablePanel } from './table/table-panel';

/** The widget of each panel type. */
const WIDGETS: Record<PanelType, ComponentType<{ placed: PlacedPanel }>> = {
  kpi: KpiPanel,
  line: LinePanel,
  ranking: RankingPanel,
  table: TablePanel,
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
