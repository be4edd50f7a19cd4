import { latestTopic, type Box } from '@ioc/protocol';
import { lazy, Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { formatPeriod } from '../../format/format';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useIndicator, useLang, useSyntheticReport, useTheme, useTopic, useWall } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { panelPart } from '../../tile/view-offset';
import { PanelFrame } from '../panel-frame';
import { ArchipelagoInset } from './inset';
import { CODES_2008, CODES_2025, ONLY_2008 } from './codes';
import { ATTRIBUTION } from './geo-types';
import { classOf, legendClasses, mapData, quantileBreaks, rampColors } from './map-model';
import { feedSynthetic } from './map-feed-model';
import { mapMessages } from './messages';
import './map.css';

/** maplibre-gl and deck.gl load with the first map, as a chunk of their own. */
const MapView = lazy(() => import('./map-view'));

/** Legend and attribution boxes the map's labels keep clear of (map pixels, from map.css). */
const LEGEND_W = 330;
const ATTRIBUTION_H = 40;

/**
 * The map of Viet Nam: provinces of the panel's vintage coloured by the latest value of its
 * indicator (or raised as columns), the incidents and flows of the server's map feed, both archipelagos always drawn and
 * labelled, the drill-down focus flown to and outlined.
 */
export function MapPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'map') throw new Error(`map widget given a ${panel.type} panel`);
  const topic = latestTopic(panel.indicator);
  const latest = useTopic(topic);
  const lang = useLang();
  const theme = useTheme();
  const ind = useIndicator(panel.indicator);
  const focus = useWall((s) => s.state?.focus ?? null);
  const tx = mapMessages[lang].map;

  const codes = panel.vintage === '2025' ? CODES_2025 : CODES_2008;
  const data = useMemo(() => mapData(latest.points, panel.vintage, codes, ONLY_2008), [latest.points, codes, panel.vintage]);
  const model = useMemo(() => {
    const values = [...data.byCode.values()].map((p) => p.value);
    const bounds = quantileBreaks(values, panel.classes);
    const colors = rampColors(theme.ramp, Math.max(1, bounds.length - 1));
    const fills = new Map<string, string>();
    const heights = new Map<string, number>();
    const lo = Math.min(0, ...values);
    const hi = Math.max(...values, lo + 1e-9);
    for (const [code, p] of data.byCode) {
      fills.set(code, colors[classOf(p.value, bounds)]!);
      heights.set(code, (p.value - lo) / (hi - lo));
    }
    return { fills, heights, legend: legendClasses(bounds, colors, lang, ind.decimals) };
  }, [data, panel.classes, theme.ramp, lang, ind.decimals]);

  // The map is drawn with data once the topic has it; a map of the other vintage has none to wait for.
  const expectsData = data.usable;
  const waitingForData = latest.points.length === 0 && latest.version === 0;
  const renderKey = `${latest.version}:${panel.vintage}:${expectsData ? 1 : 0}`;
  const [painted, setPainted] = useState(false);
  const onRendered = useCallback(
    (key: string) => {
      if (!waitingForData || key.endsWith(':1')) setPainted(true);
    },
    [waitingForData],
  );
  const [archInView, setArchInView] = useState({ 'hoang-sa': true, 'truong-sa': true });
  const onArchipelagosInView = useCallback((v: { 'hoang-sa': boolean; 'truong-sa': boolean }) => {
    setArchInView((prev) => (prev['hoang-sa'] === v['hoang-sa'] && prev['truong-sa'] === v['truong-sa'] ? prev : v));
  }, []);

  usePanelPaint(panel.id, [{ topic, version: latest.version, point: latest.lastPoint }], painted);
  const mapFeed = useWall((s) => s.mapFeed);
  const synthetic = useMemo(() => feedSynthetic(mapFeed, panel.layers), [mapFeed, panel.layers]);
  useSyntheticReport(panel.id, data.synthetic || synthetic.events || synthetic.flows);

  // The map lives in a node of its own, moved into the panel body: it keeps drawing (hidden)
  // while the frame shows "waiting", and its WebGL contexts survive the switch to "ready".
  const [host] = useState(() => {
    const el = document.createElement('div');
    el.className = 'map-host';
    return el;
  });
  const marker = useRef<HTMLSpanElement>(null);
  const [body, setBody] = useState<Box | null>(null);
  useLayoutEffect(() => {
    const section = marker.current?.previousElementSibling as HTMLElement | null;
    const bodyEl = section?.querySelector<HTMLElement>(':scope > .panel-body');
    if (!section || !bodyEl) return;
    if (host.parentElement !== bodyEl) bodyEl.appendChild(host);
    const measure = () => {
      const b = { x: section.clientLeft + bodyEl.offsetLeft, y: section.clientTop + bodyEl.offsetTop, width: bodyEl.clientWidth, height: bodyEl.clientHeight };
      setBody((prev) => (prev && prev.x === b.x && prev.y === b.y && prev.width === b.width && prev.height === b.height ? prev : b));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(bodyEl);
    return () => ro.disconnect();
  }, [host, placed.width, placed.height]);

  // This tile's part of the map: the panel's part (panel pixels) within the body.
  const part = useMemo(
    () => (body ? panelPart({ x: body.x, y: body.y, w: body.width, h: body.height }, placed.part) : null),
    [body, placed.part.x, placed.part.y, placed.part.width, placed.part.height],
  );

  useLayoutEffect(() => {
    Object.assign(host.style, {
      left: `${part?.x ?? 0}px`,
      top: `${part?.y ?? 0}px`,
      width: `${part?.width ?? 0}px`,
      height: `${part?.height ?? 0}px`,
      visibility: painted ? 'visible' : 'hidden',
    });
  }, [host, part, painted]);

  const full = useMemo(() => (body ? { width: body.width, height: body.height } : null), [body?.width, body?.height]);
  const reserved = useMemo(
    () => (full ? [{ x0: full.width - LEGEND_W - 16, y0: 0, x1: full.width, y1: 60 + model.legend.length * 40 + 120 }, { x0: 0, y0: full.height - ATTRIBUTION_H, x1: 560, y1: full.height }] : []),
    [full, model.legend.length],
  );

  const insetShown = (['hoang-sa', 'truong-sa'] as const).filter((a) => !archInView[a]);
  const title = panel.title?.[lang] ?? ind.name;
  const subtitle = [panel.vintage === '2025' ? tx.vintage2025 : tx.vintage2008, data.period ? formatPeriod(data.period, lang) : null].filter(Boolean).join(' · ');
  const choropleth = panel.layers.includes('choropleth') || panel.layers.includes('columns');
  return (
    <>
      <PanelFrame placed={placed} state={painted ? 'ready' : 'waiting'} title={title} subtitle={subtitle}>
        {/* Legend and inset share the right column, one above the other: they never overprint.
            With the inset the legend is set tighter and names no period (the subtitle does). */}
        <div className={insetShown.length ? 'map-side with-inset' : 'map-side'}>
          <div className="map-legend" data-testid="map-legend">
            {choropleth ? (
              data.usable ? (
                <>
                  <div className="map-legend-head">{ind.unitLabel}</div>
                  {data.period && !insetShown.length ? <div className="map-legend-period">{formatPeriod(data.period, lang)}</div> : null}
                  {panel.layers.includes('columns') ? <div className="map-legend-note">{tx.columns}</div> : null}
                  {model.legend.map((c) => (
                    <div className="map-legend-row" key={c.label}>
                      <span className="map-swatch" style={{ background: c.color }} />
                      <span className="map-legend-range">{c.label}</span>
                    </div>
                  ))}
                </>
              ) : (
                <div className="map-legend-head">{tx.noData}</div>
              )
            ) : null}
            {panel.layers.includes('events') ? (
              <div className="map-legend-block" data-testid="map-events" data-count={mapFeed.incidents.length}>
                <div className="map-legend-note">{synthetic.events ? tx.eventsDemo : tx.events}</div>
                <div className="map-legend-events">
                  {(
                    [
                      [theme.bad, 22, tx.eventsHigh],
                      [theme.warn, 18, tx.eventsMedium],
                      [theme.neutral, 14, tx.eventsLow],
                    ] as const
                  ).map(([color, size, label]) => (
                    <span className="map-legend-event" key={label}>
                      <span className="map-dot" style={{ background: color, width: size, height: size }} />
                      {label}
                    </span>
                  ))}
                </div>
              </div>
            ) : null}
            {panel.layers.includes('flows') ? (
              <div className="map-legend-block">
                <span className="map-flow" style={{ background: `linear-gradient(90deg, ${theme.accent}, ${theme.warn})` }} />
                <span className="map-legend-note">{synthetic.flows ? tx.flowsDemo : tx.flows}</span>
              </div>
            ) : null}
          </div>
          <ArchipelagoInset lang={lang} theme={theme} show={insetShown} />
        </div>
        <div className="map-attribution">{ATTRIBUTION}</div>
      </PanelFrame>
      <span ref={marker} hidden />
      {full && part
        ? createPortal(
            <Suspense fallback={null}>
              <MapView
                panelId={panel.id}
                full={full}
                part={part}
                vintage={panel.vintage}
                layers={panel.layers}
                fills={model.fills}
                heights={model.heights}
                focus={focus}
                theme={theme}
                lang={lang}
                seaLabel={tx.sea}
                renderKey={renderKey}
                onRendered={onRendered}
                onArchipelagosInView={onArchipelagosInView}
                reserved={reserved}
                overlayRight={LEGEND_W + 24}
              />
            </Suspense>,
            host,
          )
        : null}
    </>
  );
}
