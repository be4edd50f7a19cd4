import { useLayoutEffect, useMemo } from 'react';
import { DemoWatermark, TopBar } from '../chrome/top-bar';
import { SceneKeyContext } from '../paint/use-panel-paint';
import { useServices, useWall } from '../state/hooks';
import { PanelHost } from '../widgets/panel-host';
import { panelsOnTile, tileRectOf } from './tile-geometry';

/**
 * One display's part of the wall canvas: the panels that intersect it, moved by the tile's
 * origin and clipped at its edges, plus the chrome overlay. Rendered at the display's
 * resolution; TileViewport scales it to the window.
 */
export function Tile() {
  const { ready } = useServices();
  const wall = useWall((s) => s.wall);
  const state = useWall((s) => s.state);
  const displayId = useWall((s) => s.displayId);
  const lang = useWall((s) => s.language);
  const connection = useWall((s) => s.connection);
  const tile = useMemo(() => (wall ? tileRectOf(wall, displayId) : null), [wall, displayId]);
  const placed = useMemo(() => (tile && state ? panelsOnTile(state.scene, tile) : []), [tile, state?.scene]);
  const sceneId = state?.scene.id ?? '';
  const sceneKey = `${sceneId}|${placed.map((p) => p.panel.id).join(',')}`;
  useLayoutEffect(() => {
    ready.expect(
      sceneKey,
      placed.map((p) => p.panel.id),
    );
    // `placed` follows `sceneKey` for what matters here (the panel ids).
  }, [ready, sceneKey]);

  if (!wall || !state || !tile) return null;
  return (
    <div
      data-testid="tile"
      data-wall={wall.id}
      data-display={displayId}
      data-scene={sceneId}
      data-lang={lang}
      data-theme={state.theme}
      data-focus={state.focus ?? ''}
      data-connection={connection}
      className="tile"
      style={{ width: tile.width, height: tile.height }}
    >
      <SceneKeyContext.Provider value={sceneKey}>
        {placed.map((p) => (
          <PanelHost key={`${sceneId}:${p.panel.id}`} placed={p} />
        ))}
      </SceneKeyContext.Provider>
      <TopBar title={state.scene.name[lang]} />
      <DemoWatermark />
    </div>
  );
}
