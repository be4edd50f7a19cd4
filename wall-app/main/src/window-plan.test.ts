import { describe, expect, it } from 'vitest';
import type { WallShellConfig } from './config.js';
import { orderScreens, planWindows, wallUrl } from './window-plan.js';

const screens = [
  { id: 22, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } },
  { id: 11, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
];
const config: WallShellConfig = {
  serverUrl: 'http://ioc-server:8080',
  wallId: 'main',
  displays: [{ displayId: 'd1' }, { displayId: 'd2' }],
};

describe('window plan', () => {
  it('orders screens top to bottom, then left to right', () => {
    const grid = [
      { id: 4, bounds: { x: 1920, y: 1080, width: 1920, height: 1080 } },
      { id: 3, bounds: { x: 0, y: 1080, width: 1920, height: 1080 } },
      { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } },
      { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } },
    ];
    expect(orderScreens(grid).map((s) => s.id)).toEqual([1, 2, 3, 4]);
  });

  it('puts one window per display on the screen of its list position', () => {
    const plan = planWindows(config, screens);
    expect(plan.unplaced).toEqual([]);
    expect(plan.windows).toEqual([
      { displayId: 'd1', screenId: 11, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, url: 'http://ioc-server:8080/wall/?wall=main&display=d1' },
      { displayId: 'd2', screenId: 22, bounds: { x: 1920, y: 0, width: 1920, height: 1080 }, url: 'http://ioc-server:8080/wall/?wall=main&display=d2' },
    ]);
  });

  it('honours screenIndex', () => {
    const plan = planWindows({ ...config, displays: [{ displayId: 'd2', screenIndex: 1 }, { displayId: 'd1', screenIndex: 0 }] }, screens);
    expect(plan.windows.map((w) => [w.displayId, w.screenId])).toEqual([
      ['d2', 22],
      ['d1', 11],
    ]);
  });

  it('reports displays without a screen, and screens claimed twice', () => {
    const one = planWindows(config, [screens[1]!]);
    expect(one.windows.map((w) => w.displayId)).toEqual(['d1']);
    expect(one.unplaced).toEqual([{ displayId: 'd2', reason: 'no screen at index 1 (1 connected)' }]);
    const twice = planWindows({ ...config, displays: [{ displayId: 'd1', screenIndex: 0 }, { displayId: 'd2', screenIndex: 0 }] }, screens);
    expect(twice.windows).toHaveLength(1);
    expect(twice.unplaced[0]?.displayId).toBe('d2');
    expect(planWindows(config, []).unplaced).toHaveLength(2);
  });

  it('builds the wall URL whatever the server URL looks like', () => {
    expect(wallUrl('https://ioc.gov.vn/', 'main', 'd1')).toBe('https://ioc.gov.vn/wall/?wall=main&display=d1');
    expect(wallUrl('http://10.0.0.5:8080/ignored/path', 'west wall', 'd 1')).toBe('http://10.0.0.5:8080/wall/?wall=west+wall&display=d+1');
  });
});
