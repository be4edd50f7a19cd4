import type { Scene, Wall, WallCalibration } from '@ioc/protocol';
import { useLayoutEffect, useMemo } from 'react';
import { CalibrationLayer, ColorFilters, colorFilterOf, useWallFromState } from '../calibration';
import { DemoWatermark, TopBar } from '../chrome/top-bar';
import { SceneKeyContext } from '../paint/use-panel-paint';
import { useServices, useWall } from '../state/hooks';
import { PanelHost } from '../widgets/panel-host';
import { geometryOf, pageViews, panelsOnTile, shownScene, type PageView } from './tile-geometry';

/**
 * What this page shows of the wall canvas: one display's viewport, the viewports of a
 * renderer's displays side by side (as the machine's outputs are), or the whole canvas. In
 * each view the panels that intersect it are drawn whole, moved by the view's canvas origin
 * and clipped at its edges, so a panel spanning displays is continuous across the bezels (the
 * canvas pixels behind a bezel are in no view). Laid out in page pixels; TileViewport scales
 * the page to the window.
 */
export function Tile() {
  const { ready, store } = useServices();
  useWallFromState(store);
  const wall = useWall((s) => s.wall);
  const state = useWall((s) => s.state);
  const displayId = useWall((s) => s.displayId);
  const lang = useWall((s) => s.language);
  const connection = useWall((s) => s.connection);
  const page = useWall((s) => s.page);
  const layout = useMemo(() => (wall ? pageViews(wall, displayId, page) : null), [wall, displayId, page]);
  // With a drill-down focus the scene's province panel set is shown too (tile-geometry.ts).
  const scene = state ? shownScene(state) : null;
  const panelIds = useMemo(() => {
    if (!layout || !scene) return [];
    const ids = layout.views.flatMap((v) => panelsOnTile(scene, v.viewport).map((p) => p.panel.id));
    return scene.panels.map((p) => p.id).filter((id) => ids.includes(id));
  }, [layout, scene]);
  const sceneId = state?.scene.id ?? '';
  const sceneKey = `${sceneId}|${panelIds.join(',')}`;
  useLayoutEffect(() => {
    ready.expect(sceneKey, panelIds);
    // `panelIds` follows `sceneKey`.
  }, [ready, sceneKey]);

  if (!wall || !state || !scene || !layout) return null;
  const canvas = geometryOf(wall).canvas;
  const calibration = state.calibration ?? null;
  return (
    <div
      data-testid="tile"
      data-wall={wall.id}
      data-display={displayId}
      data-renderer={page.rendererId}
      data-canvas={page.canvas ? 'true' : 'false'}
      data-scene={sceneId}
      data-lang={lang}
      data-theme={state.theme}
      data-focus={state.focus ?? ''}
      data-connection={connection}
      data-calibration={calibration?.pattern ?? ''}
      className="tile"
      style={{ width: layout.width, height: layout.height }}
    >
      <ColorFilters wall={wall} />
      <SceneKeyContext.Provider value={sceneKey}>
        {layout.views.map((v) => (
          <View key={v.display ?? 'canvas'} view={v} scene={scene} canvas={canvas} title={state.scene.name[lang]} wall={wall} calibration={calibration} />
        ))}
      </SceneKeyContext.Provider>
    </div>
  );
}

/**
 * One view: its canvas rectangle at its place in the page. The wall background is laid over
 * the whole canvas too, so it is continuous across views. A display whose pixel pitch differs
 * from the canvas's shows its viewport scaled to its resolution.
 */
function View({ view, scene, canvas, title, wall, calibration }: { view: PageView; scene: Scene; canvas: { width: number; height: number }; title: string; wall: Wall; calibration: WallCalibration | null }) {
  const { viewport, window: box } = view;
  const placed = useMemo(() => panelsOnTile(scene, viewport), [scene, viewport]);
  const sx = box.width / viewport.width;
  const sy = box.height / viewport.height;
  return (
    <div className="tile-view" data-testid="tile-view" data-view-display={view.display ?? ''} style={{ left: box.x, top: box.y, width: box.width, height: box.height, filter: colorFilterOf(wall, view.display) }}>
      <div
        className="tile-canvas"
        style={{
          width: viewport.width,
          height: viewport.height,
          backgroundSize: `${canvas.width}px ${canvas.height}px`,
          backgroundPosition: `${-viewport.x}px ${-viewport.y}px`,
          transform: sx === 1 && sy === 1 ? undefined : `scale(${sx}, ${sy})`,
        }}
      >
        {placed.map((p) => (
          <PanelHost key={`${scene.id}:${p.panel.id}`} placed={p} />
        ))}
      </div>
      <TopBar title={title} />
      <DemoWatermark />
      {calibration && <CalibrationLayer view={view} geometry={geometryOf(wall)} pattern={calibration.pattern} />}
    </div>
  );
}
