import type { PanelType, ScenePanelSketch, WallOutline } from '@ioc/protocol';

/** A panel's family, coloured alike on a thumbnail: figures, charts, tables, maps, alerts. */
export type PanelTone = 'figure' | 'chart' | 'table' | 'map' | 'alert';

/** Every panel type's family (a new panel type is a compile error here until it has one). */
export const PANEL_TONE: Record<PanelType, PanelTone> = {
  kpi: 'figure',
  gauge: 'figure',
  line: 'chart',
  sparklines: 'chart',
  multiples: 'chart',
  table: 'table',
  'heat-table': 'table',
  ranking: 'table',
  map: 'map',
  globe: 'map',
  warnings: 'alert',
  ticker: 'alert',
};

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a scene's thumbnail draws, in canvas pixels (the SVG's viewBox). */
export interface SceneSketch {
  viewBox: string;
  displays: Array<Box & { id: string }>;
  panels: Array<Box & { id: string; tone: PanelTone }>;
}

/** Gap left around each panel, as a share of the canvas's shorter side: touching panels stay apart. */
const GAP = 0.008;

/**
 * A scene's thumbnail: the wall's displays (their places on the canvas, bezels between them)
 * and each panel, cut to the canvas and inset by a small gap. Null for a wall without a canvas.
 */
export function sceneSketch(outline: WallOutline, panels: readonly ScenePanelSketch[]): SceneSketch | null {
  const { width, height } = outline.canvas;
  if (width <= 0 || height <= 0) return null;
  const gap = Math.round(Math.min(width, height) * GAP);
  const cut = (x: number, y: number, w: number, h: number): Box | null => {
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(width, x + w);
    const y1 = Math.min(height, y + h);
    return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : null;
  };
  return {
    viewBox: `0 0 ${width} ${height}`,
    displays: outline.displays.map((d) => ({ id: d.id, ...d.viewport })),
    panels: panels.flatMap((p) => {
      const box = cut(p.rect.x, p.rect.y, p.rect.w, p.rect.h);
      if (!box) return [];
      const inset = Math.min(gap, box.width / 4, box.height / 4);
      return [{ id: p.id, tone: PANEL_TONE[p.type], x: box.x + inset, y: box.y + inset, width: box.width - 2 * inset, height: box.height - 2 * inset }];
    }),
  };
}
