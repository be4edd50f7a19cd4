import { seriesTopic } from '@ioc/protocol';
import { useMemo } from 'react';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { unitName, indicatorView } from '../../state/catalog-index';
import { useLang, useSyntheticReport, useT, useTheme, useTopics, useWall } from '../../state/hooks';
import { toneColor } from '../../theme';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
import { tableHasData, tableRows } from './table-model';

/** Several indicators of one unit: latest value, period, previous value and change. */
export function TablePanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'table') throw new Error(`table widget given a ${panel.type} panel`);
  const lang = useLang();
  const theme = useTheme();
  const t = useT();
  const catalog = useWall((s) => s.catalog);
  const topics = useMemo(() => panel.indicators.map((i) => seriesTopic(i, panel.unit)), [panel.indicators, panel.unit]);
  const states = useTopics(topics);
  const views = useMemo(() => panel.indicators.map((i) => indicatorView(catalog, i, lang)), [panel.indicators, catalog, lang]);
  const rows = useMemo(() => tableRows(states, views, lang), [states, views, lang]);
  // Rows show as soon as one has a value; the tile counts the table as painted once every
  // topic has answered, so `data-ready` means the whole table is there.
  const anyRow = rows.some((r) => r.latest !== null);
  usePanelPaint(
    panel.id,
    states.map((s, i) => ({ topic: s.topic, version: s.version, point: rows[i]?.latest ?? null })),
    tableHasData(states, rows),
  );
  useSyntheticReport(panel.id, rows.some((r) => r.synthetic));

  const title = panel.title?.[lang] ?? unitName(catalog, panel.unit, lang);
  const rowHeight = Math.floor((placed.height - 170) / Math.max(rows.length, 1));
  return (
    <PanelFrame placed={placed} state={anyRow ? 'ready' : 'waiting'} title={title}>
      <table className="kpi-table">
        <colgroup>
          <col className="col-name" />
          <col className="col-value" />
          <col className="col-period" />
          <col className="col-previous" />
          <col className="col-change" />
        </colgroup>
        <thead>
          <tr>
            <th>{t('table.indicator')}</th>
            <th className="num">{t('table.value')}</th>
            <th>{t('table.period')}</th>
            <th className="num">{t('table.previous')}</th>
            <th className="num">{t('table.change')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.indicator} data-testid="table-row" data-indicator={row.indicator} style={{ height: rowHeight }}>
              <td className="table-name">
                {row.name}
                {row.unitLabel ? <span className="table-unit"> ({row.unitLabel})</span> : null}
              </td>
              <td className="num table-value" data-testid="table-value">
                {row.value ?? '—'}
              </td>
              <td className="table-period">
                {row.period ?? '—'}
                {/* its own line: beside the period it overprinted the value column of a narrow table */}
                {row.estimate ? <span className="table-estimate">{row.estimate}</span> : null}
              </td>
              <td className="num table-previous">{row.previous ?? '—'}</td>
              <td className="num table-change" style={row.change ? { color: toneColor(theme, row.change.tone) } : undefined}>
                {row.change ? `${row.change.arrow} ${row.change.magnitude}` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PanelFrame>
  );
}
