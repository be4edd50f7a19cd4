import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { usePanelPaint } from '../../paint/use-panel-paint';
import { useLang, useSyntheticReport, useTheme, useWall, useWallNow } from '../../state/hooks';
import { anySyntheticWarning } from '../warnings/warnings-list-model';
import type { PlacedPanel } from '../../tile/tile-geometry';
import { inkOn } from '../heat-table/heat-model';
import { PanelFrame } from '../panel-frame';
import { useWallAnimation } from '../use-wall-animation';
import { severityColor } from '../warnings/warnings-list-model';
import { copiesNeeded, tickerItems, tickerOffset } from './ticker-model';

const NO_TOPICS: readonly [] = [];
const FONT = 28;

/**
 * A news strip moving left by wall time: the scene's messages and the open warnings, separated
 * by dots, repeated. Only a CSS transform changes per frame (no layout); with nothing to show
 * nothing moves.
 */
export function TickerPanel({ placed }: { placed: PlacedPanel }) {
  const { panel } = placed;
  if (panel.type !== 'ticker') throw new Error(`ticker widget given a ${panel.type} panel`);
  const lang = useLang();
  const theme = useTheme();
  const now = useWallNow();
  const warnings = useWall((s) => s.warnings);
  const items = useMemo(() => tickerItems(panel.messages, warnings, panel.warnings, lang), [panel.messages, warnings, panel.warnings, lang]);
  useSyntheticReport(panel.id, panel.warnings && anySyntheticWarning(warnings));

  // Width of one copy of the content (layout pixels, fractional), measured once laid out.
  const content = useRef<HTMLDivElement>(null);
  const viewport = useRef<HTMLDivElement>(null);
  const strip = useRef<HTMLDivElement>(null);
  const [contentWidth, setContentWidth] = useState(0);
  const [viewportWidth, setViewportWidth] = useState(0);
  useLayoutEffect(() => {
    const el = content.current;
    const vp = viewport.current;
    if (!el || !vp || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      for (const e of entries) {
        const w = e.borderBoxSize?.[0]?.inlineSize ?? (e.target as HTMLElement).offsetWidth;
        if (e.target === el) setContentWidth(w);
        else setViewportWidth(w);
      }
    });
    ro.observe(el);
    ro.observe(vp);
    return () => ro.disconnect();
  }, [items.length > 0]);

  const lastTransform = useRef('');
  const lastNode = useRef<HTMLDivElement | null>(null);
  const place = (t: number): void => {
    const node = strip.current;
    if (!node) return;
    if (node !== lastNode.current) {
      lastNode.current = node;
      lastTransform.current = '';
    }
    const transform = `translate3d(${tickerOffset(t, panel.pxPerSecond, contentWidth).toFixed(2)}px, 0, 0)`;
    if (transform === lastTransform.current) return;
    lastTransform.current = transform;
    node.style.transform = transform;
  };
  // Placed before the first paint of new content, then by each animation frame.
  useLayoutEffect(() => place(now()), [contentWidth, panel.pxPerSecond, items]);
  const moving = items.length > 0 && contentWidth > 0;
  useWallAnimation(moving, place);
  usePanelPaint(panel.id, NO_TOPICS, items.length === 0 || contentWidth > 0);

  const copies = copiesNeeded(viewportWidth || placed.width, contentWidth);
  const label = panel.title?.[lang];
  const copy = (n: number) => (
    <div key={n} ref={n === 0 ? content : undefined} aria-hidden={n > 0 ? true : undefined} style={{ display: 'flex', alignItems: 'center', flexShrink: 0, whiteSpace: 'nowrap' }}>
      {items.map((item) => (
        <span key={item.key} data-testid={n === 0 ? 'ticker-item' : undefined} style={{ display: 'inline-flex', alignItems: 'center' }}>
          {item.severity && item.badge ? (
            <span
              style={{
                background: severityColor(item.severity, theme),
                color: inkOn(severityColor(item.severity, theme)),
                fontSize: 20,
                fontWeight: 700,
                letterSpacing: '0.04em',
                padding: '1px 9px',
                borderRadius: 6,
                marginRight: 12,
              }}
            >
              {item.badge}
            </span>
          ) : null}
          <span style={{ color: theme.text, fontSize: FONT, fontWeight: 600 }}>{item.text}</span>
          <span aria-hidden="true" style={{ color: theme.accent, fontSize: FONT, fontWeight: 700, padding: '0 28px' }}>
            •
          </span>
        </span>
      ))}
    </div>
  );

  return (
    <PanelFrame placed={placed} state="ready" title="">
      <div style={{ flex: 1, minHeight: 0, display: 'flex', alignItems: 'stretch', gap: 16 }}>
        {label ? (
          <div style={{ flexShrink: 0, display: 'flex', alignItems: 'center', padding: '0 14px', borderRadius: 8, background: theme.accent, color: inkOn(theme.accent), fontSize: 24, fontWeight: 700 }}>
            {label}
          </div>
        ) : null}
        <div ref={viewport} data-testid="ticker-viewport" data-marquee style={{ position: 'relative', flex: 1, minWidth: 0, overflow: 'hidden' }}>
          {items.length > 0 ? (
            <div ref={strip} data-testid="ticker-strip" style={{ position: 'absolute', left: 0, top: 0, bottom: 0, display: 'flex', alignItems: 'center', willChange: 'transform' }}>
              {Array.from({ length: copies }, (_, n) => copy(n))}
            </div>
          ) : null}
        </div>
      </div>
    </PanelFrame>
  );
}
