import type { ScenePanelSketch, WallOutline } from '@ioc/protocol';
import { useMemo } from 'react';
import { sceneSketch } from '../scene-sketch.js';

/**
 * A scene's thumbnail on its button: the wall's displays as outlines (the bezels between them
 * left dark) and each panel where the scene puts it, coloured by its family (figures, charts,
 * tables, maps, alerts). Drawn from the layout, not a screenshot; decorative (the button's name
 * says which scene it is).
 */
export function SceneThumbnail({ outline, panels }: { outline: WallOutline; panels: readonly ScenePanelSketch[] }) {
  const sketch = useMemo(() => sceneSketch(outline, panels), [outline, panels]);
  if (!sketch) return null;
  return (
    <svg className="scene-thumb" viewBox={sketch.viewBox} preserveAspectRatio="xMidYMid meet" aria-hidden="true" focusable="false" data-testid="scene-thumb">
      {sketch.displays.map((d) => (
        <rect key={d.id} className="thumb-display" data-testid="thumb-display" data-display-id={d.id} x={d.x} y={d.y} width={d.width} height={d.height} />
      ))}
      {sketch.panels.map((p) => (
        <rect key={p.id} className={`thumb-panel tone-${p.tone}`} data-testid="thumb-panel" data-panel-id={p.id} x={p.x} y={p.y} width={p.width} height={p.height} />
      ))}
      {/* The displays' edges again, over the panels: where a bezel cuts a panel shows. */}
      {sketch.displays.map((d) => (
        <rect key={`edge-${d.id}`} className="thumb-edge" x={d.x} y={d.y} width={d.width} height={d.height} />
      ))}
    </svg>
  );
}
