import { describe, expect, it } from 'vitest';
import { sceneSketch } from './scene-sketch.js';
import { STATE } from './testing/fixtures.js';

describe("a scene's thumbnail", () => {
  const wall = STATE.walls[0]!;
  const overview = STATE.scenes.find((s) => s.id === 'overview')!;

  it('draws the displays where they sit on the canvas, bezel gap included, and each panel inset within its place', () => {
    const sketch = sceneSketch(wall.outline, overview.panels)!;
    expect(sketch.viewBox).toBe('0 0 3880 1080');
    expect(sketch.displays).toEqual([
      { id: 'd1', x: 0, y: 0, width: 1920, height: 1080 },
      { id: 'd2', x: 1960, y: 0, width: 1920, height: 1080 },
    ]);
    // 0.8 % of the shorter side (1080): a 9-pixel gap all round.
    expect(sketch.panels).toEqual([
      { id: 'gdp', tone: 'figure', x: 9, y: 9, width: 1902, height: 522 },
      { id: 'map', tone: 'map', x: 1969, y: 9, width: 1902, height: 1062 },
    ]);
  });

  it('cuts a panel to the canvas, leaves out one wholly outside, and draws nothing for a wall without a canvas', () => {
    const sketch = sceneSketch(wall.outline, [
      { id: 'wide', type: 'ticker', rect: { x: 3000, y: 1000, w: 2000, h: 200 } },
      { id: 'gone', type: 'kpi', rect: { x: 5000, y: 0, w: 100, h: 100 } },
    ])!;
    expect(sketch.panels).toEqual([{ id: 'wide', tone: 'alert', x: 3009, y: 1009, width: 862, height: 62 }]);
    expect(sceneSketch({ canvas: { width: 0, height: 0 }, displays: [] }, overview.panels)).toBeNull();
  });
});
