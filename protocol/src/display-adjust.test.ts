import { describe, expect, it } from 'vitest';
import { COMMANDS_BY_NAME, DisplayAdjustArgsSchema, WallCalibrateArgsSchema, WallSchema, WallStateSchema, isIdentityColor, wallGeometry } from './index.js';

const name = { vi: 'Tường', en: 'Wall' };
const wallJson = (displays: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => ({
  id: 'w',
  name,
  grid: { rows: 1, cols: 2 },
  resolution: { width: 1920, height: 1080 },
  size: { width: 1210, height: 681 },
  bezel: 1.8,
  displays,
  renderers: [{ id: 'both', displays: ['d1', 'd2'] }],
  defaultScene: 's',
  ...extra,
});

describe('display offsets in the wall geometry', () => {
  const plain = wallGeometry(WallSchema.parse(wallJson([{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 0, col: 1 }])));
  const moved = wallGeometry(WallSchema.parse(wallJson([{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 0, col: 1, offset: { x: 3, y: -2 } }])));

  it("moves only that display's viewport, by the offset", () => {
    expect(plain.displays[1]!.viewport).toEqual({ x: 1926, y: 0, width: 1920, height: 1080 });
    expect(moved.displays[1]!.viewport).toEqual({ x: 1929, y: -2, width: 1920, height: 1080 });
    expect(moved.displays[0]!.viewport).toEqual(plain.displays[0]!.viewport);
  });

  it('keeps the canvas and the renderer window where they were', () => {
    expect(moved.canvas).toEqual(plain.canvas);
    const r = moved.renderers[0]!;
    expect(r.window).toEqual({ width: 3840, height: 1080 });
    expect(r.placements.map((p) => [p.display, p.window.x, p.viewport.x, p.viewport.y])).toEqual([
      ['d1', 0, 0, 0],
      ['d2', 1920, 1929, -2],
    ]);
    expect(r.viewport).toEqual({ x: 0, y: -2, width: 3849, height: 1082 });
  });
});

describe('display calibration values in a wall file', () => {
  const color = { gain: { r: 1, g: 0.95, b: 1.05 }, brightness: 0.9, gamma: 1.1 };

  it('accepts an offset and a colour correction, and refuses values out of range', () => {
    expect(WallSchema.safeParse(wallJson([{ id: 'd1', row: 0, col: 0, offset: { x: 1, y: 0 }, color }, { id: 'd2', row: 0, col: 1 }])).success).toBe(true);
    const bad = WallSchema.safeParse(wallJson([{ id: 'd1', row: 0, col: 0, color: { ...color, gamma: 9 } }, { id: 'd2', row: 0, col: 1 }]));
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['displays', 0, 'color', 'gamma']);
    expect(WallSchema.safeParse(wallJson([{ id: 'd1', row: 0, col: 0, offset: { x: 1.5, y: 0 } }, { id: 'd2', row: 0, col: 1 }])).success).toBe(false);
  });

  it('tells a correction that changes nothing', () => {
    expect(isIdentityColor(undefined)).toBe(true);
    expect(isIdentityColor({ gain: { r: 1, g: 1, b: 1 }, brightness: 1, gamma: 1 })).toBe(true);
    expect(isIdentityColor(color)).toBe(false);
  });

  it('carries the calibration mode and the wall in the wall state, both optional', () => {
    const scene = { id: 's', name, wall: 'w', panels: [{ id: 'p', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 0, y: 0, w: 100, h: 100 } }] };
    const base = { wallId: 'w', scene, language: 'vi', theme: 'dark', focus: null, briefing: null, changedAt: 1, applyAt: 2 };
    expect(WallStateSchema.safeParse(base).success).toBe(true);
    const on = WallStateSchema.parse({ ...base, calibration: { pattern: 'bars', by: 'user:tech' }, wall: wallJson([{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 0, col: 1 }]) });
    expect(on.calibration?.pattern).toBe('bars');
    expect(WallStateSchema.safeParse({ ...base, calibration: { pattern: 'stripes', by: 'x' } }).success).toBe(false);
  });
});

describe('calibration commands', () => {
  it('are for technicians and admins, and undoable', () => {
    for (const n of ['wall.calibrate', 'wall.display.adjust']) {
      const def = COMMANDS_BY_NAME.get(n)!;
      expect(def.roles).toEqual(['technician', 'admin']);
      expect(def.confirm).toBe(false);
      expect(def.undo).not.toBeNull();
    }
  });

  it('wall.calibrate: on/off with a pattern (grid by default)', () => {
    expect(WallCalibrateArgsSchema.parse({ wallId: 'main', on: true })).toEqual({ wallId: 'main', on: true, pattern: 'grid' });
    expect(WallCalibrateArgsSchema.safeParse({ wallId: 'main', on: true, pattern: 'ramp' }).success).toBe(true);
    expect(WallCalibrateArgsSchema.safeParse({ wallId: 'main', on: true, pattern: 'noise' }).success).toBe(false);
    expect(WallCalibrateArgsSchema.safeParse({ wallId: 'main' }).success).toBe(false);
  });

  it('wall.display.adjust: at least one correction, each checked, null to remove', () => {
    const ok = (a: Record<string, unknown>) => DisplayAdjustArgsSchema.safeParse({ wallId: 'main', displayId: 'd1', ...a }).success;
    expect(ok({ bezel: { top: 1, right: 1.2, bottom: 1, left: 0.8 } })).toBe(true);
    expect(ok({ offset: { x: -4, y: 2 }, color: null })).toBe(true);
    expect(ok({ color: { gain: { r: 1, g: 1, b: 1 }, brightness: 1.1, gamma: 0.9 } })).toBe(true);
    expect(ok({})).toBe(false);
    expect(ok({ offset: { x: 900, y: 0 } })).toBe(false);
    expect(ok({ bezel: { top: -1, right: 1, bottom: 1, left: 1 } })).toBe(false);
    expect(ok({ color: { gain: { r: 3, g: 1, b: 1 }, brightness: 1, gamma: 1 } })).toBe(false);
    expect(ok({ offset: { x: 1, y: 1 }, extra: true })).toBe(false);
  });
});
