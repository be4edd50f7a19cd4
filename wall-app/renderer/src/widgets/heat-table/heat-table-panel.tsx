import { latestTopic } from '@ioc/protocol';
import { useLayoutEffect, useMemo } from 'react';
import { label } from '../../i18n/fill';
import { countDraw } from '../../paint/draw-count';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { indicatorView, shortUnitName } from '../../state/catalog-index';
import { useLang, useSyntheticReport, useTheme, useTopics, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
import { fitRows, heatTable, inkOn, rampColor } from './heat-model';
import { heatTableMessages } from './messages';
import { useBoxSize } from '../use-box-size';

const RANK_W = 44;
const GAP = 3;

/**
 * The current provinces (rows) by several indicators (columns): each cell coloured on its
 * column's own scale from the theme's ramp (brighter = better in the dark theme, the scale turned
 * round for "lower is better" indicators), with its value written inside. Rows best first on
 * `sortBy`; the best `rows` of them, as many as fit at 18 px text, the rest counted below.
 */
export function HeatTablePanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'heat-table') throw new Error(`heat-table widget given a ${panel.type} panel`);
  const lang = useLang();
  const theme = useTheme();
  const catalog = useWall((s) => s.catalog);
  const sortBy = panel.sortBy ?? panel.indicators[0]!;
  const sortIndex = panel.indicators.indexOf(sortBy);
  if (sortIndex < 0) throw new Error(`sortBy "${sortBy}" is not one of the panel's indicators (${panel.indicators.join(', ')})`);
  const topics = useMemo(() => panel.indicators.map((i) => latestTopic(i)), [panel.indicators]);
  const states = useTopics(topics);
  const views = useMemo(() => panel.indicators.map((i) => indicatorView(catalog, i, lang)), [panel.indicators, catalog, lang]);
  const model = useMemo(() => {
    const isProvince = (code: string) => {
      const u = catalog?.units.get(code);
      // Without the unit in the catalog, trust the feed (it serves the current provinces).
      return !u || ((u.kind === 'province' || u.kind === 'city') && u.validTo === null);
    };
    const table = heatTable({ states, views, sortIndex, isProvince, nameOf: (c) => shortUnitName(catalog, c, lang), lang });
    // Each cell's fill from the theme's ramp and the text colour that reads on it, per row and column.
    const paint = table.rows.map((row) =>
      row.cells.map((cell) => {
        if (cell.shade === null) return null;
        const fill = rampColor(theme.ramp, cell.shade);
        return { fill, ink: inkOn(fill) };
      }),
    );
    return { ...table, paint };
  }, [states, views, sortIndex, catalog, lang, theme.ramp]);
  const allAnswered = states.every((s) => s.version !== null);
  const hasRows = model.rows.length > 0;
  const [bodyRef, body] = useBoxSize<HTMLDivElement>();
  const wanted = Math.min(panel.rows ?? model.rows.length, model.rows.length);
  const fit = body ? fitRows(wanted, body.height) : null;
  const shownRows = fit ? model.rows.slice(0, fit.shown) : [];

  usePanelPaint(
    panel.id,
    states.map((s) => ({ topic: s.topic, version: s.version, point: s.lastPoint })),
    allAnswered && hasRows && fit !== null,
  );
  useSyntheticReport(panel.id, model.synthetic);
  useLayoutEffect(() => {
    if (fit) countDraw(panel.id, 'dom');
  }, [model, fit?.shown, fit?.rowHeight, theme, panel.id]);

  const msg = (key: string, vars?: Record<string, string | number>) => label(heatTableMessages, lang, `heatTable.${key}`, vars);
  const title = panel.title?.[lang] ?? msg('title');
  // One period for every column (the usual case) is said once, in the subtitle; else under each column.
  const periods = new Set(model.columns.map((c) => c.period).filter(Boolean));
  const commonPeriod = periods.size === 1 ? [...periods][0]! : null;
  const subtitle = [commonPeriod, msg('subtitle', { count: model.rows.length, name: views[sortIndex]!.name })].filter(Boolean).join(' · ');
  const template = `${RANK_W}px minmax(190px, 0.7fr) repeat(${views.length}, minmax(0, 1fr))`;

  return (
    <PanelFrame placed={placed} state={hasRows ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
      <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, marginTop: 10, fontVariantNumeric: 'tabular-nums' }}>
        <div data-testid="heat-head" style={{ display: 'grid', gridTemplateColumns: template, columnGap: GAP, alignItems: 'end', paddingBottom: 6, borderBottom: `2px solid ${theme.grid}` }}>
          <div />
          <div style={{ fontSize: 24, color: theme.muted, fontWeight: 600 }}>{msg('province')}</div>
          {model.columns.map((col, i) => (
            <div
              key={col.indicator}
              data-testid="heat-col"
              data-indicator={col.indicator}
              style={{ textAlign: 'right', paddingRight: 8, borderBottom: i === sortIndex ? `4px solid ${theme.accent}` : '4px solid transparent', paddingBottom: 4 }}
            >
              <div style={{ fontSize: 24, fontWeight: 600, color: theme.text, lineHeight: 1.18, display: '-webkit-box', WebkitLineClamp: 3, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
                {i === sortIndex ? '▼ ' : ''}
                {col.name}
              </div>
              {/* Wraps rather than ends in an ellipsis: a unit cut short ("% so với cùng k…") misleads. */}
              <div style={{ fontSize: 22, color: theme.muted }}>
                {[col.unitLabel, commonPeriod ? null : col.period].filter(Boolean).join(' · ')}
              </div>
            </div>
          ))}
        </div>
        <div ref={bodyRef} style={{ flex: 1, minHeight: 0, overflow: 'hidden', paddingTop: 4 }}>
          {fit
            ? shownRows.map((row, r) => (
                <div
                  key={row.unit}
                  data-testid="heat-row"
                  data-unit={row.unit}
                  style={{ display: 'grid', gridTemplateColumns: template, columnGap: GAP, height: fit.rowHeight, paddingBottom: GAP, boxSizing: 'border-box', fontSize: fit.fontSize, alignItems: 'stretch' }}
                >
                  <div style={{ color: theme.muted, textAlign: 'right', paddingRight: 8, alignSelf: 'center', fontWeight: 600 }}>{r + 1}</div>
                  <div style={{ color: theme.text, fontWeight: 600, alignSelf: 'center', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{row.name}</div>
                  {row.cells.map((cell, i) => {
                    const paint = model.paint[r]![i] ?? null;
                    return (
                      <div
                        key={model.columns[i]!.indicator}
                        data-testid="heat-cell"
                        data-shade={cell.shade === null ? '' : cell.shade.toFixed(3)}
                        data-older={cell.older ? 'true' : undefined}
                        style={{
                          background: paint?.fill ?? 'transparent',
                          color: paint ? paint.ink : theme.muted,
                          border: paint ? 'none' : `1px solid ${theme.grid}`,
                          borderRadius: 4,
                          display: 'flex',
                          alignItems: 'center',
                          justifyContent: 'flex-end',
                          paddingRight: 10,
                          fontWeight: i === sortIndex ? 700 : 600,
                          whiteSpace: 'nowrap',
                          overflow: 'hidden',
                        }}
                      >
                        {cell.text}
                      </div>
                    );
                  })}
                </div>
              ))
            : null}
        </div>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, paddingTop: 6, fontSize: 22, color: theme.muted, whiteSpace: 'nowrap' }}>
          <span data-testid="heat-more" style={{ fontSize: 24, fontWeight: 600, color: theme.text }}>
            {fit && fit.hidden > 0 ? msg('more', { count: fit.hidden }) : ''}
          </span>
          <span style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
            {msg('legend')} {msg('worse')}
            <span
              aria-hidden="true"
              style={{ display: 'inline-block', width: 160, height: 18, borderRadius: 4, background: `linear-gradient(90deg, ${theme.ramp.join(', ')})` }}
            />
            {msg('better')}
          </span>
        </div>
      </div>
    </PanelFrame>
  );
}
