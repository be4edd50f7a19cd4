import type { Panel, Rect, Scene, Wall } from '@ioc/protocol';

/** The rectangle of the wall canvas one display shows, in wall-canvas pixels. */
export interface TileRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The tile of `displayId`, or null when the wall has no such display. */
export function tileRectOf(wall: Wall, displayId: string): TileRect | null {
  const display = wall.displays.find((d) => d.id === displayId);
  if (!display) return null;
  const { width, height } = wall.resolution;
  return { x: display.col * width, y: display.row * height, width, height };
}

/** True when the rectangles share some area (touching edges do not count). */
export function intersects(rect: Rect, tile: TileRect): boolean {
  return rect.x < tile.x + tile.width && rect.x + rect.w > tile.x && rect.y < tile.y + tile.height && rect.y + rect.h > tile.y;
}

/** A panel as this tile draws it: the panel's rect moved by the tile's origin. */
export interface PlacedPanel {
  panel: Panel;
  /** Position inside the tile, tile pixels (may be negative for a panel that starts on a tile to the left). */
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The panels of `scene` that this tile shows, in scene order. A panel spanning several tiles
 * is drawn whole in each, offset and clipped by the tile, so its parts line up.
 */
export function panelsOnTile(scene: Scene, tile: TileRect): PlacedPanel[] {
  return scene.panels
    .filter((p) => intersects(p.rect, tile))
    .map((panel) => ({ panel, left: panel.rect.x - tile.x, top: panel.rect.y - tile.y, width: panel.rect.w, height: panel.rect.h }));
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
