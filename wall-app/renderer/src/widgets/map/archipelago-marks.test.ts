import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { darkTheme } from '../../theme';
import { archipelagoMarks } from './archipelago-marks';
import type { VnGeo } from './geo-types';
import { mapTexts, viewportOf } from './map-layers';
import { COUNTRY_BOUNDS } from './map-model';
import { WebMercatorViewport } from '@deck.gl/core';

const geo = JSON.parse(readFileSync(fileURLToPath(new URL('./generated/vn-geo.json', import.meta.url)), 'utf8')) as VnGeo;
const full = { width: 1200, height: 900 };
const fit = new WebMercatorViewport(full).fitBounds(
  [
    [COUNTRY_BOUNDS[0], COUNTRY_BOUNDS[1]],
    [COUNTRY_BOUNDS[2], COUNTRY_BOUNDS[3]],
  ],
  { padding: 36 },
);
const camera = { longitude: fit.longitude, latitude: fit.latitude, zoom: fit.zoom, pitch: 0, bearing: 0 };
const vp = viewportOf(camera, full);
const texts = mapTexts({ vp, full, provinces: geo.provinces2025, geo, lang: 'vi', focus: null, theme: darkTheme, reserved: [], seaLabel: 'Biển Đông' });

describe('archipelago marks (the map test hook)', () => {
  it('places each label above its outline and every islet inside the view, in the part\'s pixels', () => {
    const hook = archipelagoMarks(vp, geo, texts, { x: 0, y: 0, width: full.width, height: full.height }, darkTheme);
    expect(hook.ink).toEqual({ label: darkTheme.text, islet: darkTheme.text, outline: darkTheme.muted });
    for (const id of ['hoang-sa', 'truong-sa'] as const) {
      const m = hook.marks[id]!;
      expect(m.label?.text).toMatch(/^Quần đảo (Hoàng|Trường) Sa\n\(/);
      expect(m.islets.length).toBeGreaterThanOrEqual(5);
      for (const [x, y] of m.islets) expect(x >= 0 && x <= full.width && y >= 0 && y <= full.height).toBe(true);
      const top = Math.min(...m.outline.map((p) => p[1]));
      expect(m.label!.y1).toBeLessThanOrEqual(top);
      expect(Math.abs(m.label!.y1 - m.label!.y0 - 2 * 22 * 1.15)).toBeLessThanOrEqual(1);
    }
  });

  it('moves with the tile\'s part, and has no label for an archipelago the texts leave out', () => {
    const whole = archipelagoMarks(vp, geo, texts, { x: 0, y: 0, width: 1200, height: 900 }, darkTheme);
    const part = archipelagoMarks(vp, geo, texts.filter((t) => t.id !== 'arch-hoang-sa'), { x: 600, y: 100, width: 600, height: 800 }, darkTheme);
    expect(part.marks['hoang-sa']!.label).toBeNull();
    const [wx, wy] = whole.marks['truong-sa']!.islets[0]!;
    const [px, py] = part.marks['truong-sa']!.islets[0]!;
    expect(px).toBeCloseTo(wx - 600, 5);
    expect(py).toBeCloseTo(wy - 100, 5);
  });
});
