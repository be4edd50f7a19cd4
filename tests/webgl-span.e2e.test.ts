// WebGL panels spanning displays (issues 5 and 6): the map (maplibre + deck.gl) and the globe
// (three.js) each span the bezel of a 1x2 wall. Every display renders only its part of the
// panel with the whole panel's camera (tile/view-offset.ts); stitched with the bezel gap, the
// two displays must show what one render of the whole canvas shows. Rendered with SwiftShader.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { compareImages } from './support/golden.js';
import { drawsSettled } from './support/settle.js';
import { createApiKey, freePort, ingest, ROOT, sendCommand, startServer, tempDataDir, tempLayouts, type RunningServer } from './support/server.js';

const W = 800;
const H = 450;
const GAP = 6;
const CANVAS = { width: 2 * W + GAP, height: H };
const wall = {
  id: 'glspan',
  name: { vi: 'Tường thử', en: 'Test wall' },
  grid: { rows: 1, cols: 2 },
  resolution: { width: W, height: H },
  size: { width: 880, height: 495 },
  bezel: 3.3,
  displays: [
    { id: 'd1', row: 0, col: 0 },
    { id: 'd2', row: 0, col: 1 },
  ],
  defaultScene: 'glmap',
};
const scenes = [
  { id: 'glmap', name: { vi: 'Bản đồ', en: 'Map' }, wall: 'glspan', panels: [{ id: 'map', type: 'map', indicator: 'cpi_yoy', rect: { x: 300, y: 20, w: 1000, h: 420 } }] },
  { id: 'glglobe', name: { vi: 'Quả cầu', en: 'Globe' }, wall: 'glspan', panels: [{ id: 'globe', type: 'globe', measure: 'income', turnSeconds: 0, rect: { x: 400, y: 10, w: 800, h: 430 } }] },
];
const HIDE_CHROME = '.top-bar, .demo-watermark { visibility: hidden !important; }';

describe('WebGL panels spanning a bezel', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([wall], scenes, { withRepo: true });
  let server: RunningServer;
  let browser: Browser;
  let operator: string;

  async function render(scene: string, panel: string, query: string, size: { width: number; height: number }): Promise<PNG> {
    const page = await browser.newPage({ viewport: size });
    await page.goto(`${server.url}/wall/?wall=glspan&${query}`);
    await page.waitForFunction((s) => document.querySelector('[data-testid=tile]')?.getAttribute('data-scene') === s, scene, { timeout: 60_000 });
    await page.locator(`[data-panel-id="${panel}"][data-state="ready"]`).first().waitFor({ timeout: 90_000 });
    await page.addStyleTag({ content: HIDE_CHROME });
    // Settled: fonts loaded (they size the legend, and so the WebGL box) and no drawing pass for 600 ms.
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await drawsSettled(page, 600);
    const png = PNG.sync.read(await page.screenshot({ animations: 'disabled' }));
    await page.close();
    return png;
  }

  async function compare(scene: string, panel: string): Promise<number> {
    expect((await sendCommand(server.url, operator, 'wall.scene.show', { wallId: 'glspan', sceneId: scene })).status).toBe(200);
    const d1 = await render(scene, panel, 'display=d1', { width: W, height: H });
    const d2 = await render(scene, panel, 'display=d2', { width: W, height: H });
    const canvas = await render(scene, panel, 'canvas=1', CANVAS);
    const stitched = new PNG({ width: CANVAS.width, height: CANVAS.height });
    canvas.data.copy(stitched.data);
    PNG.bitblt(d1, stitched, 0, 0, W, H, 0, 0);
    PNG.bitblt(d2, stitched, 0, 0, W, H, W + GAP, 0);
    const diff = new PNG({ width: CANVAS.width, height: CANVAS.height });
    const { ratio } = compareImages(stitched, canvas, diff);
    if (ratio > 0.002) {
      // Kept for a person to look at when it gets close.
      const dir = join(ROOT, 'test-results/webgl-span');
      mkdirSync(dir, { recursive: true });
      for (const [name, img] of Object.entries({ stitched, canvas, diff })) writeFileSync(join(dir, `${scene}-${name}.png`), PNG.sync.write(img));
    }
    return ratio;
  }

  beforeAll(async () => {
    const key = createApiKey(data.dir, 'e2e-glspan', 'ingest');
    operator = createApiKey(data.dir, 'e2e-glspan-op', 'operator');
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, WALL_AUTH: 'open' } });
    const codes = ['01', '79', '31', '48', '92', '96', '04', '56'];
    const observations = codes.map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: '2026-10', value: 2 + i * 0.3, source: 'e2e' }));
    expect((await ingest(server.url, key, { observations })).status).toBe(200);
    browser = await launchChromium({ webgl: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    layouts.remove();
  });

  // Thin strokes rasterised through a cropped projection differ from the whole render in a few
  // pixels (0.27% for the map, measured); the second display's part moved by one pixel differs
  // in 0.79%, by two in 1.5%, and a wrong camera everywhere.
  const MAX_RATIO = 0.005;

  it('the map: the two displays stitched are the whole-canvas render', async () => {
    expect(await compare('glmap', 'map')).toBeLessThan(MAX_RATIO);
  }, 240_000);

  it('the globe: the two displays stitched are the whole-canvas render', async () => {
    expect(await compare('glglobe', 'globe')).toBeLessThan(MAX_RATIO);
  }, 240_000);
});
