import { WallSchema, SceneSchema, type Scene, type Wall } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { readPageParams } from './page';
import { fitTile, intersects, pageViews, panelsOnTile, tileRectOf } from './tile-geometry';

const wall: Wall = WallSchema.parse({
  id: 'main',
  name: { vi: 'Màn hình chính', en: 'Main wall' },
  grid: { rows: 2, cols: 2 },
  resolution: { width: 1920, height: 1080 },
  displays: [
    { id: 'd1', row: 0, col: 0 },
    { id: 'd2', row: 0, col: 1 },
    { id: 'd3', row: 1, col: 0 },
    { id: 'd4', row: 1, col: 1 },
  ],
  defaultScene: 's',
});

const kpi = (id: string, x: number, y: number, w: number, h: number) => ({ id, type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x, y, w, h } });
const scene: Scene = SceneSchema.parse({
  id: 's',
  name: { vi: 'S', en: 'S' },
  wall: 'main',
  panels: [
    kpi('left', 40, 100, 440, 280),
    kpi('right', 1960, 100, 440, 280),
    kpi('span', 40, 410, 3760, 630),
    kpi('edge', 1480, 100, 440, 280), // ends exactly at x = 1920
    kpi('all4', 1800, 1000, 300, 200),
  ],
});

describe('tile geometry', () => {
  it('places each display at its grid cell', () => {
    expect(tileRectOf(wall, 'd1')).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(tileRectOf(wall, 'd2')).toEqual({ x: 1920, y: 0, width: 1920, height: 1080 });
    expect(tileRectOf(wall, 'd4')).toEqual({ x: 1920, y: 1080, width: 1920, height: 1080 });
    expect(tileRectOf(wall, 'd9')).toBeNull();
  });

  it('does not count touching edges as intersecting', () => {
    const d2 = tileRectOf(wall, 'd2')!;
    expect(intersects({ x: 1480, y: 100, w: 440, h: 280 }, d2)).toBe(false);
    expect(intersects({ x: 1480, y: 100, w: 441, h: 280 }, d2)).toBe(true);
  });

  it('keeps only the panels on the tile, offset by the tile origin', () => {
    const d1 = panelsOnTile(scene, tileRectOf(wall, 'd1')!);
    expect(d1.map((p) => [p.panel.id, p.left, p.top])).toEqual([
      ['left', 40, 100],
      ['span', 40, 410],
      ['edge', 1480, 100],
      ['all4', 1800, 1000],
    ]);
    const d2 = panelsOnTile(scene, tileRectOf(wall, 'd2')!);
    expect(d2.map((p) => [p.panel.id, p.left, p.top])).toEqual([
      ['right', 40, 100],
      ['span', -1880, 410],
      ['all4', -120, 1000],
    ]);
  });

  it('draws a spanning panel whole in each tile so its halves line up', () => {
    const [a] = panelsOnTile(scene, tileRectOf(wall, 'd1')!).filter((p) => p.panel.id === 'span');
    const [b] = panelsOnTile(scene, tileRectOf(wall, 'd2')!).filter((p) => p.panel.id === 'span');
    expect(a!.width).toBe(3760);
    // The same wall x maps to the same panel x on both tiles: tile.x + left is the panel's x.
    expect(0 + a!.left).toBe(1920 + b!.left);
    const d4 = panelsOnTile(scene, tileRectOf(wall, 'd4')!);
    expect(d4.map((p) => [p.panel.id, p.left, p.top])).toEqual([['all4', -120, -80]]);
  });

  it('fits a tile to any window, uniformly and centred', () => {
    expect(fitTile({ width: 1920, height: 1080 }, { width: 1920, height: 1080 })).toEqual({ scale: 1, offsetX: 0, offsetY: 0 });
    expect(fitTile({ width: 1920, height: 1080 }, { width: 3840, height: 2160 })).toEqual({ scale: 2, offsetX: 0, offsetY: 0 });
    expect(fitTile({ width: 1920, height: 1080 }, { width: 1280, height: 1024 })).toEqual({ scale: 2 / 3, offsetX: 0, offsetY: 152 });
  });

  it('takes the tile origin from the canvas viewport, so a panel is continuous across a bezel', () => {
    const bezelled: Wall = WallSchema.parse({ ...wall, size: { width: 1210, height: 681 }, bezel: 1.8, renderers: [{ id: 'top', displays: ['d1', 'd2'] }, { id: 'bottom', displays: ['d3', 'd4'] }] });
    const d2 = tileRectOf(bezelled, 'd2', { rendererId: '', canvas: false })!;
    expect(d2).toEqual({ x: 1926, y: 0, width: 1920, height: 1080 });
    const [span] = panelsOnTile(scene, d2).filter((p) => p.panel.id === 'span');
    // Canvas x 1926 (the first pixel of d2) is panel x 1886: the 6 px behind the bezel are not drawn.
    expect(span!.left).toBe(40 - 1926);
    // A renderer page covers its displays' bounding viewport, shown side by side in its window.
    expect(tileRectOf(bezelled, 'd1', { rendererId: 'top', canvas: false })).toEqual({ x: 0, y: 0, width: 3846, height: 1080 });
    expect(tileRectOf(bezelled, 'd3', { rendererId: 'top', canvas: false })).toBeNull();
    expect(pageViews(bezelled, 'd3', { rendererId: 'bottom', canvas: false })).toEqual({
      width: 3840,
      height: 1080,
      views: [
        { display: 'd3', viewport: { x: 0, y: 1086, width: 1920, height: 1080 }, window: { x: 0, y: 0, width: 1920, height: 1080 } },
        { display: 'd4', viewport: { x: 1926, y: 1086, width: 1920, height: 1080 }, window: { x: 1920, y: 0, width: 1920, height: 1080 } },
      ],
    });
    // The whole canvas, hidden pixels included, for previews and the golden-image test.
    expect(pageViews(bezelled, 'd1', { rendererId: '', canvas: true })).toEqual({
      width: 3846,
      height: 2166,
      views: [{ display: null, viewport: { x: 0, y: 0, width: 3846, height: 2166 }, window: { x: 0, y: 0, width: 3846, height: 2166 } }],
    });
  });

  it('reads the page params', () => {
    expect(readPageParams('?wall=main&display=d1')).toEqual({ wallId: 'main', displayId: 'd1', rendererId: '', canvas: false });
    expect(readPageParams('?wall=main&renderer=top&canvas=0')).toEqual({ wallId: 'main', displayId: '', rendererId: 'top', canvas: false });
    expect(readPageParams('?wall=main&canvas=1').canvas).toBe(true);
  });
});
