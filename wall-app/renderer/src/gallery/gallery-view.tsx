import { useLayoutEffect } from 'react';
import { SceneKeyContext } from '../paint/use-panel-paint';
import { useServices, useWall } from '../state/hooks';
import { PanelHost } from '../widgets/panel-host';
import type { GalleryFixture } from './fixture';

/** The fixture's panel alone, at the top left of a tile of its size, in the wall's theme and language. */
export function GalleryView({ fixture }: { fixture: GalleryFixture }) {
  const { ready } = useServices();
  const state = useWall((s) => s.state);
  const catalog = useWall((s) => s.catalog);
  const { panel } = fixture;
  const width = panel.rect.w;
  const height = panel.rect.h;
  useLayoutEffect(() => {
    ready.expect('gallery', [panel.id]);
  }, [ready, panel.id]);
  if (!state || !catalog) return null;
  return (
    <div data-testid="tile" data-fixture={fixture.id} data-theme={state.theme} data-lang={state.language} className="tile gallery-tile" style={{ width, height }}>
      <SceneKeyContext.Provider value="gallery">
        <PanelHost placed={{ panel: { ...panel, rect: { ...panel.rect, x: 0, y: 0 } }, left: 0, top: 0, width, height, part: { x: 0, y: 0, width, height } }} />
      </SceneKeyContext.Provider>
    </div>
  );
}
