import { describe, expect, it } from 'vitest';
import { panelsWithFocus, SceneSchema } from './index.js';

const scene = SceneSchema.parse({
  id: 'ops',
  name: { vi: 'Điều hành', en: 'Operations' },
  wall: 'main',
  panels: [
    { id: 'heat', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 40, y: 100, w: 1160, h: 940 } },
    { id: 'side', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 1240, y: 100, w: 600, h: 940 } },
  ],
  drilldown: {
    panels: [
      { id: 'focus-a', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 40, y: 100, w: 1160, h: 600 } },
      { id: 'focus-b', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 40, y: 720, w: 560, h: 320 } },
    ],
  },
});

describe('panelsWithFocus', () => {
  it('shows the scene as laid out without a focus', () => {
    expect(panelsWithFocus(scene, null).map((p) => p.id)).toEqual(['heat', 'side']);
  });

  it('hides the scene panels the drill-down set covers, so none of their text shows between its panels', () => {
    const shown = panelsWithFocus(scene, '79');
    expect(shown.map((p) => p.id)).toEqual(['side', 'focus-a', 'focus-b']);
    expect(shown.filter((p) => p.id.startsWith('focus')).map((p) => ('unit' in p ? p.unit : null))).toEqual(['79', '79']);
  });
});
