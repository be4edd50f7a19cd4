import { panelsWithFocus, wallGeometry, type Box, type Panel, type Rect, type Scene, type Wall, type WallGeometry, type WallState } from '@ioc/protocol';
import { ONE_DISPLAY, type PageScope } from './page';
import { panelPart } from './view-offset';

/** A rectangle of the wall canvas, in canvas pixels. */
export type TileRect = Box;

const geometries = new WeakMap<Wall, WallGeometry>();

/** The wall's geometry, computed once per wall object. */
export function geometryOf(wall: Wall): WallGeometry {
  let g = geometries.get(wall);
  if (!g) geometries.set(wall, (g = wallGeometry(wall)));
  return g;
}

/**
 * The canvas rectangle this page draws: the display's viewport (bezels included in the canvas
 * between displays), the bounding viewport of the page's renderer, or the whole canvas. Null
 * when the wall has no such display or renderer, or the display is not the renderer's.
 */
export function tileRectOf(wall: Wall, displayId: string, page: PageScope = ONE_DISPLAY): TileRect | null {
  const g = geometryOf(wall);
  const display = g.displays.find((d) => d.id === displayId);
  if (!display) return null;
  if (page.canvas) return { x: 0, y: 0, width: g.canvas.width, height: g.canvas.height };
  if (page.rendererId) {
    const r = g.renderers.find((x) => x.id === page.rendererId);
    return r && r.displays.includes(displayId) ? r.viewport : null;
  }
  return display.viewport;
}

/** One part of the page: a canvas rectangle drawn at a place of the window. */
export interface PageView {
  /** The display shown, or null for the whole canvas. */
  display: string | null;
  /** Canvas pixels shown. */
  viewport: Box;
  /** Where, in page pixels (before the page is fitted to the window). */
  window: Box;
}

/** The page's size and its views; null when the wall has no such display or renderer. */
export function pageViews(wall: Wall, displayId: string, page: PageScope = ONE_DISPLAY): { width: number; height: number; views: PageView[] } | null {
  const g = geometryOf(wall);
  const display = g.displays.find((d) => d.id === displayId);
  if (!display) return null;
  if (page.canvas) {
    const whole = { x: 0, y: 0, width: g.canvas.width, height: g.canvas.height };
    return { ...g.canvas, views: [{ display: null, viewport: whole, window: whole }] };
  }
  if (page.rendererId) {
    const r = g.renderers.find((x) => x.id === page.rendererId);
    if (!r || !r.displays.includes(displayId)) return null;
    return { ...r.window, views: r.placements.map((p) => ({ display: p.display, viewport: p.viewport, window: p.window })) };
  }
  const { width, height } = display.resolution;
  return { width, height, views: [{ display: display.id, viewport: display.viewport, window: { x: 0, y: 0, width, height } }] };
}

/** True when the rectangles share some area (touching edges do not count). */
export function intersects(rect: Rect, tile: TileRect): boolean {
  return panelPart(rect, tile) !== null;
}

/** A panel as this tile draws it: the panel's rect moved by the tile's origin. */
export interface PlacedPanel {
  panel: Panel;
  /** Position inside the tile, tile pixels (may be negative for a panel that starts on a tile to the left). */
  left: number;
  top: number;
  width: number;
  height: number;
  /**
   * The part of the panel this tile shows, in panel pixels (the panel's rect intersected with
   * the tile's viewport). WebGL widgets render only this part, with the whole panel's camera
   * (`view-offset.ts`); DOM and SVG widgets draw whole and are clipped by the tile.
   */
  part: { x: number; y: number; width: number; height: number };
}

const shown = new WeakMap<WallState, Scene>();

/**
 * The scene as the wall shows it: with a drill-down focus, the scene's panels and then its
 * drill-down set showing the focused province (drawn over them). Same object for the same state.
 */
export function shownScene(state: WallState): Scene {
  if (!state.focus || !state.scene.drilldown) return state.scene;
  let scene = shown.get(state);
  if (!scene) {
    scene = { ...state.scene, panels: panelsWithFocus(state.scene, state.focus) };
    shown.set(state, scene);
  }
  return scene;
}

/**
 * The panels of `scene` that this tile shows, in scene order. A panel spanning several tiles
 * is drawn whole in each, offset and clipped by the tile, so its parts line up.
 */
export function panelsOnTile(scene: Scene, tile: TileRect): PlacedPanel[] {
  return scene.panels.flatMap((panel) => {
    const part = panelPart(panel.rect, tile);
    return part ? [{ panel, left: panel.rect.x - tile.x, top: panel.rect.y - tile.y, width: panel.rect.w, height: panel.rect.h, part }] : [];
  });
}

/** How to fit a tile into a window of another size: uniform scale, centred. */
export interface TileFit {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export function fitTile(tile: { width: number; height: number }, viewport: { width: number; height: number }): TileFit {
  if (viewport.width <= 0 || viewport.height <= 0) return { scale: 1, offsetX: 0, offsetY: 0 };
  const scale = Math.min(viewport.width / tile.width, viewport.height / tile.height);
  return { scale, offsetX: (viewport.width - tile.width * scale) / 2, offsetY: (viewport.height - tile.height * scale) / 2 };
}
