import type { Box } from '@ioc/protocol';
import { lazy, Suspense, useCallback, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useLang, useSyntheticReport, useTheme } from '../../state/hooks';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { PanelFrame } from '../panel-frame';
// As text: the renderer's tsconfig lists no JSON files (the data is parsed once, on load).
import globeDataText from './data/globe-data.json?raw';
import './globe.css';
import { legendText } from './globe-legend';
import { summarize, VIETNAM, type GlobeBar, type GlobeData } from './globe-model';

const GlobeView = lazy(() => import('./globe-view'));

const DATA = JSON.parse(globeDataText) as GlobeData;
const TOP = 5;
/** Panels at least this much wider than tall put the legend beside the globe, others below it. */
const SIDE_LEGEND_ASPECT = 1.3;

/** International comparison: Gapminder's real figures as 3D bars on a turning globe, Viet Nam highlighted. */
export function GlobePanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'globe') throw new Error(`globe widget given a ${panel.type} panel`);
  const lang = useLang();
  const theme = useTheme();
  const summary = useMemo(() => summarize(DATA, panel.measure, TOP), [panel.measure]);
  const vietnam = useMemo<GlobeBar>(() => {
    const bar = summary.bars.find((b) => b.vietnam);
    const c = DATA.countries.find((x) => x.name === VIETNAM)!;
    return bar ?? { name: VIETNAM, lat: c.lat, lon: c.lon, height: 0, vietnam: true };
  }, [summary]);
  const text = legendText(DATA, summary, lang);
  const [drawn, setDrawn] = useState(false);
  const onDrawn = useCallback(() => setDrawn(true), []);
  // Real Gapminder figures, bundled: no live topic, never demo data.
  usePanelPaint(panel.id, [], drawn);
  useSyntheticReport(panel.id, false);

  const stage = useRef<HTMLDivElement>(null);
  const box = useBoxInPanel(stage, placed.width);
  const side = placed.width >= placed.height * SIDE_LEGEND_ASPECT;

  return (
    <PanelFrame placed={placed} state="ready" title={panel.title?.[lang] ?? text.title}>
      <div className={`globe-layout ${side ? 'globe-layout-side' : 'globe-layout-below'}`} data-measure={panel.measure}>
        <div ref={stage} className="globe-stage">
          {box ? (
            <Suspense fallback={null}>
              <GlobeView panelId={panel.id} box={box} part={placed.part} bars={summary.bars} vietnam={vietnam} theme={theme} turnSeconds={panel.turnSeconds} label={text.label} onDrawn={onDrawn} />
            </Suspense>
          ) : null}
        </div>
        <div className="globe-legend" data-testid="globe-legend">
          <div className="globe-key">
            <strong>{text.measure}</strong> · {text.unit} · {text.year}
          </div>
          <div className="globe-top">
            <div className="globe-muted">{text.topHeader}</div>
            <ol>
              {text.top.map((r) => (
                <li key={r.name}>
                  <span className="globe-rank">{r.rank}</span>
                  <span className="globe-name">{r.name}</span>
                  <span className="globe-value">{r.value}</span>
                </li>
              ))}
            </ol>
          </div>
          <div className="globe-vn" data-testid="globe-vietnam">
            <div className="globe-vn-name">{text.vietnam}</div>
            {text.vietnamRank ? <div className="globe-vn-rank">{text.vietnamRank}</div> : null}
            <div className="globe-vn-value">{text.vietnamValue}</div>
          </div>
          <div className="globe-source">
            {text.heights} · {text.source}
          </div>
        </div>
      </div>
    </PanelFrame>
  );
}

/**
 * The element's box in panel pixels (the panel's rect, border included, at 0,0), measured on
 * layout and whenever its size changes; the tile may be scaled to fit its window, which the
 * measurement undoes.
 */
function useBoxInPanel(ref: RefObject<HTMLDivElement | null>, panelWidth: number): Box | null {
  const [box, setBox] = useState<Box | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    const section = el?.closest<HTMLElement>('[data-testid=panel]');
    if (!el || !section) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      const s = section.getBoundingClientRect();
      const scale = s.width > 0 && panelWidth > 0 ? s.width / panelWidth : 1;
      const next = { x: Math.round((r.left - s.left) / scale), y: Math.round((r.top - s.top) / scale), width: Math.round(r.width / scale), height: Math.round(r.height / scale) };
      if (next.width <= 0 || next.height <= 0) return;
      setBox((prev) => (prev && prev.x === next.x && prev.y === next.y && prev.width === next.width && prev.height === next.height ? prev : next));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref, panelWidth]);
  return box;
}
