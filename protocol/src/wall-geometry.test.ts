import { describe, expect, it } from 'vitest';
import { WallSchema, placeDisplays, wallGeometry, wallWarnings, type Wall } from './index.js';

const name = { vi: 'Tường', en: 'Wall' };

function gridWall(rows: number, cols: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const displays = [];
  for (let row = 0; row < rows; row++) for (let col = 0; col < cols; col++) displays.push({ id: `r${row}c${col}`, row, col });
  return { id: 'w', name, grid: { rows, cols }, resolution: { width: 1920, height: 1080 }, displays, defaultScene: 's', ...extra };
}

const parse = (json: Record<string, unknown>): Wall => WallSchema.parse(json);
const problems = (json: Record<string, unknown>) => {
  const r = WallSchema.safeParse(json);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
};

describe('wall geometry without bezels', () => {
  it('is the grid of resolutions, as before bezels existed', () => {
    const g = wallGeometry(parse({ id: 'main', name, grid: { rows: 1, cols: 2 }, resolution: { width: 1920, height: 1080 }, displays: [{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 0, col: 1 }], defaultScene: 'o' }));
    expect(g.canvas).toEqual({ width: 3840, height: 1080 });
    expect(g.displays.map((d) => [d.id, d.viewport])).toEqual([
      ['d1', { x: 0, y: 0, width: 1920, height: 1080 }],
      ['d2', { x: 1920, y: 0, width: 1920, height: 1080 }],
    ]);
    // One renderer per display by default, nothing hidden.
    expect(g.renderers.map((r) => [r.id, r.displays, r.hidden, r.window])).toEqual([
      ['d1', ['d1'], [], { width: 1920, height: 1080 }],
      ['d2', ['d2'], [], { width: 1920, height: 1080 }],
    ]);
  });
});

describe('bezel compensation', () => {
  // 1210 x 681 mm for 1920 x 1080 px: 0.6302 mm per pixel; two 1.8 mm bezels = 5.71 px.
  const wall = parse(gridWall(3, 4, { size: { width: 1210, height: 681 }, bezel: 1.8 }));
  const g = wallGeometry(wall);
  const vp = (id: string) => g.displays.find((d) => d.id === id)!.viewport;

  it('hides the bezels: each gap is the two bezels in pixels, with no drift along the wall', () => {
    const gapPx = 3.6 / (1210 / 1920);
    for (let col = 1; col < 4; col++) {
      const left = vp(`r0c${col - 1}`);
      const right = vp(`r0c${col}`);
      expect(Math.abs(right.x - (left.x + left.width) - gapPx)).toBeLessThanOrEqual(1);
      // positions are rounded once from mm, so the error never exceeds half a pixel
      expect(Math.abs(right.x - col * (1920 + gapPx))).toBeLessThanOrEqual(0.5);
    }
    expect(vp('r0c1')).toEqual({ x: 1926, y: 0, width: 1920, height: 1080 });
    expect(vp('r1c0')).toEqual({ x: 0, y: 1086, width: 1920, height: 1080 });
    expect(vp('r2c3')).toEqual({ x: 5777, y: 2171, width: 1920, height: 1080 });
    expect(g.canvas).toEqual({ width: 5777 + 1920, height: 2171 + 1080 });
  });

  it('keeps a line straight: every display shows the canvas pixels at its physical place', () => {
    const placed = placeDisplays(wall);
    const pitch = 1210 / 1920;
    for (const p of placed) {
      const v = vp(p.id);
      expect(Math.abs((p.x - placed[0]!.x) / pitch - v.x)).toBeLessThanOrEqual(0.5);
    }
  });

  it('accepts each side separately and per display', () => {
    const g2 = wallGeometry(parse(gridWall(1, 2, { size: { width: 1210, height: 681 }, bezel: { top: 1, right: 6.3, bottom: 1, left: 0 } })));
    expect(g2.displays[1]!.viewport.x).toBe(1930); // 6.3 mm right + 0 mm left = 10 px
    const own = gridWall(1, 2, { size: { width: 1210, height: 681 } });
    (own['displays'] as Array<Record<string, unknown>>)[1]!['bezel'] = { top: 0, right: 0, bottom: 0, left: 3.15 };
    expect(wallGeometry(parse(own)).displays[1]!.viewport.x).toBe(1925);
  });

  it('gives a renderer its bounding viewport, the hidden strips and a window of its outputs side by side', () => {
    const rows = parse(gridWall(2, 2, { size: { width: 1210, height: 681 }, bezel: 1.8, renderers: [{ id: 'all', displays: ['r0c0', 'r0c1', 'r1c0', 'r1c1'] }] }));
    const [r] = wallGeometry(rows).renderers;
    expect(r!.viewport).toEqual({ x: 0, y: 0, width: 3846, height: 2166 });
    expect(r!.hidden).toEqual([
      { x: 1920, y: 0, width: 6, height: 1080 },
      { x: 0, y: 1080, width: 3846, height: 6 },
      { x: 1920, y: 1086, width: 6, height: 1080 },
    ]);
    expect(r!.window).toEqual({ width: 3840, height: 2160 });
    expect(r!.placements.map((p) => [p.display, p.window.x, p.window.y, p.viewport.x, p.viewport.y])).toEqual([
      ['r0c0', 0, 0, 0, 0],
      ['r0c1', 1920, 0, 1926, 0],
      ['r1c0', 0, 1080, 0, 1086],
      ['r1c1', 1920, 1080, 1926, 1086],
    ]);
  });
});

describe('displays placed by position (mm)', () => {
  const at = (id: string, x: number, y: number) => ({ id, position: { x, y } });
  const base = { id: 'w', name, resolution: { width: 1920, height: 1080 }, size: { width: 1210, height: 681 }, bezel: 1.8, defaultScene: 's' };

  it('gives the same canvas as the grid when the bezels touch', () => {
    const g = wallGeometry(parse({ ...base, displays: [at('a', 0, 0), at('b', 1213.6, 0), at('c', 0, 684.6), at('d', 1213.6, 684.6)] }));
    expect(g.displays.map((d) => [d.id, d.row, d.col, d.viewport.x, d.viewport.y])).toEqual([
      ['a', 0, 0, 0, 0],
      ['b', 0, 1, 1926, 0],
      ['c', 1, 0, 0, 1086],
      ['d', 1, 1, 1926, 1086],
    ]);
  });

  it('reports overlapping displays and gaps that are not bezels', () => {
    expect(problems({ ...base, displays: [at('a', 0, 0), at('b', 1200, 0)] })).toEqual([
      { path: 'displays.1.position', message: 'overlaps display a by 13.6 mm x 684.6 mm (active areas with their bezels)' },
    ]);
    expect(problems({ ...base, displays: [at('a', 0, 0), at('b', 1250, 0), at('c', 0, 700)] })).toEqual([
      { path: 'displays.1.position.x', message: 'a gap of 36.4 mm between display a and display b is not bezel; expected x = 1213.6 mm so that their bezels touch' },
      { path: 'displays.2.position.y', message: 'a gap of 15.4 mm between display a and display c is not bezel; expected y = 684.6 mm so that their bezels touch' },
    ]);
  });

  it('needs the active-area size', () => {
    const { size: _, ...noSize } = base;
    expect(problems({ ...noSize, bezel: 0, displays: [at('a', 0, 0)] })).toEqual([
      { path: 'displays.0.size', message: 'expected size (active area, mm) on the display or the wall: a display placed by position needs it' },
    ]);
  });
});

describe('wall validation', () => {
  it('refuses a bezel it cannot convert to pixels', () => {
    expect(problems(gridWall(1, 2, { bezel: 2 }))).toEqual([{ path: 'bezel', message: 'expected size (active area, mm) with a bezel: bezels are converted to pixels with the pixel pitch' }]);
  });

  it('refuses displays placed both ways, or not at all', () => {
    const w = gridWall(1, 2);
    const displays = w['displays'] as Array<Record<string, unknown>>;
    displays[1] = { id: 'x', position: { x: 0, y: 0 } };
    expect(problems({ ...w, size: { width: 1210, height: 681 } })).toEqual([{ path: 'displays.1', message: 'expected every display placed the same way: the first display has a grid cell' }]);
    displays[1] = { id: 'x' };
    expect(problems(w)).toEqual([{ path: 'displays.1', message: 'expected a grid cell (row, col) or a position on the wall (x, y of the active area, mm)' }]);
  });

  it('checks the renderers: every display in exactly one, each a rectangle of adjacent displays', () => {
    const w = (renderers: unknown) => problems(gridWall(2, 2, { renderers }));
    expect(w([{ id: 'top', displays: ['r0c0', 'r0c1'] }, { id: 'bottom', displays: ['r1c0', 'r1c1'] }])).toEqual([]);
    expect(w([{ id: 'a', displays: ['r0c0', 'r0c1', 'r1c0'] }, { id: 'b', displays: ['r1c1', 'r0c1', 'zz'] }])).toEqual([
      { path: 'renderers.0.displays', message: 'expected a rectangle of adjacent displays; renderer a (r0c0, r0c1, r1c0) leaves out r1c1 at (1,1)' },
      { path: 'renderers.1.displays.1', message: 'display r0c1 is already shown by renderer a; a display belongs to exactly one renderer' },
      { path: 'renderers.1.displays.2', message: 'unknown display "zz" (displays: r0c0, r0c1, r1c0, r1c1)' },
    ]);
    expect(w([{ id: 'a', displays: ['r0c0', 'r1c1'] }])).toEqual([
      { path: 'renderers.0.displays', message: 'expected a rectangle of adjacent displays; renderer a (r0c0, r1c1) leaves out r0c1 at (0,1), r1c0 at (1,0)' },
      { path: 'renderers', message: 'displays r0c1, r1c0 are in no renderer; every display must be shown by exactly one' },
    ]);
  });

  it('warns about mixed pixel pitches, which no line can cross straight', () => {
    const w = gridWall(1, 2, { size: { width: 1210, height: 681 } });
    (w['displays'] as Array<Record<string, unknown>>)[1]!['size'] = { width: 1330, height: 748 };
    const wall = parse(w);
    expect(wallWarnings(wall)).toEqual([{ path: ['displays', 1], message: expect.stringMatching(/^mixed pixel pitch: display r0c1 has 0.693 x 0.693 mm per pixel, the canvas 0.63 x 0.631; its picture is scaled by 1.099 x 1.098/) }]);
    expect(wallGeometry(wall).displays[1]!.viewport).toEqual({ x: 1920, y: 0, width: 2110, height: 1186 });
    expect(wallWarnings(parse(gridWall(2, 2, { size: { width: 1210, height: 681 }, bezel: 1.8 })))).toEqual([]);
  });
});
