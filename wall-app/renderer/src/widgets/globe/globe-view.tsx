// The three.js part of the globe panel, loaded lazily (its own chunk, with three.js and the
// world-atlas outlines): the wall's first paint does not wait for it.
import type { Box } from '@ioc/protocol';
import { useCallback, useLayoutEffect, useRef } from 'react';
import { countDraw } from '../../paint/draw-count';
import { useWallNow } from '../../state/hooks';
import type { Theme } from '../../theme';
import { useWallAnimation } from '../use-wall-animation';
import { turnAngle, visibleSubRect, type GlobeBar } from './globe-model';
import { GlobeScene } from './globe-scene';

export interface GlobeViewProps {
  panelId: string;
  /** The globe's box in the panel, panel pixels. */
  box: Box;
  /** The part of the panel this tile shows, panel pixels (`placed.part`). */
  part: Box;
  bars: readonly GlobeBar[];
  /** Where the Viet Nam label points. */
  vietnam: GlobeBar | null;
  theme: Theme;
  turnSeconds: number;
  /** The Viet Nam label's text, in the wall's language. */
  label: string;
  /** Called after the first render (the panel has painted). */
  onDrawn: () => void;
}

/**
 * Renders on demand: when bars, theme, size or the tile's part change, and, while the globe turns
 * (turnSeconds > 0), once per animation frame whose wall time gives a new angle. A frozen clock
 * (the gallery) gives one stable picture.
 */
export default function GlobeView({ panelId, box, part, bars, vietnam, theme, turnSeconds, label, onDrawn }: GlobeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const labelRef = useRef<HTMLDivElement>(null);
  const sceneRef = useRef<GlobeScene | null>(null);
  const drawn = useRef<{ angle: number } | null>(null);
  const onDrawnRef = useRef(onDrawn);
  onDrawnRef.current = onDrawn;
  const now = useWallNow();
  const visible = visibleSubRect(part, box);

  const draw = useCallback(
    (wallNow: number, force: boolean) => {
      const scene = sceneRef.current;
      if (!scene) return;
      const angle = turnAngle(wallNow, turnSeconds);
      if (!force && drawn.current?.angle === angle) return;
      const spot = scene.render(angle);
      countDraw(panelId, 'three');
      const el = labelRef.current;
      if (el) {
        el.style.visibility = spot ? 'visible' : 'hidden';
        if (spot) el.style.transform = `translate(${Math.round(spot.x)}px, ${Math.round(spot.y)}px)`;
      }
      const first = drawn.current === null;
      drawn.current = { angle };
      if (first) onDrawnRef.current();
    },
    [panelId, turnSeconds],
  );

  useLayoutEffect(() => {
    const scene = new GlobeScene();
    sceneRef.current = scene;
    host.current!.prepend(scene.canvas);
    return () => {
      scene.dispose();
      sceneRef.current = null;
      drawn.current = null;
    };
  }, []);

  const { x, y, width, height } = box;
  const vis = visible ? `${visible.x},${visible.y},${visible.width},${visible.height}` : '';
  useLayoutEffect(() => {
    const scene = sceneRef.current;
    if (!scene) return;
    if (!visible) {
      // This tile shows none of the globe (only the legend): nothing to render, but painted.
      onDrawnRef.current();
      return;
    }
    scene.setTheme(theme);
    scene.setBars(bars, vietnam);
    scene.setView({ x, y, width, height }, visible);
    draw(now(), true);
    // `visible` is compared by value through `vis`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme, bars, vietnam, x, y, width, height, vis, draw, now]);

  useWallAnimation(turnSeconds > 0 && visible !== null, (t) => draw(t, false));

  return (
    <div ref={host} className="globe-view" style={{ width, height }}>
      <div ref={labelRef} className="globe-label" data-testid="globe-vietnam-label" style={{ visibility: 'hidden' }}>
        <span className="globe-label-leader" aria-hidden="true" />
        <span className="globe-label-text">{label}</span>
      </div>
    </div>
  );
}
