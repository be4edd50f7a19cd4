// Drill-down (issue 6): `wall.drilldown` to a province opens the scene's province panel set on
// the wall, showing that province, and the ranking keeps the province on screen, highlighted;
// drilling back to the whole country closes the set. Two renderer pages of one wall.
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { compareImages } from './support/golden.js';
import { drawCount, drawsSettled } from './support/settle.js';
import { createApiKey, freePort, ingest, sendCommand, startServer, tempDataDir, tempLayouts, type RunningServer } from './support/server.js';

const W = 960;
const H = 540;
const wall = {
  id: 'dd',
  name: { vi: 'Tường thử', en: 'Test wall' },
  grid: { rows: 1, cols: 2 },
  resolution: { width: W, height: H },
  displays: [
    { id: 'd1', row: 0, col: 0 },
    { id: 'd2', row: 0, col: 1 },
  ],
  defaultScene: 'dd',
};
const scene = {
  id: 'dd',
  name: { vi: 'Điều hành', en: 'Operations' },
  wall: 'dd',
  panels: [
    { id: 'kpi-vn', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 40, y: 100, w: 600, h: 300 } },
    { id: 'rank', type: 'ranking', indicator: 'cpi_yoy', top: 3, order: 'desc', rect: { x: 1000, y: 100, w: 880, h: 400 } },
  ],
  drilldown: { panels: [{ id: 'focus-cpi', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', title: { vi: 'Tỉnh đang xem', en: 'Province in focus' }, rect: { x: 40, y: 100, w: 600, h: 300 } }] },
};
/** The same wall with the map (WebGL) across both displays, for the fly-to. */
const mapScene = {
  id: 'ddmap',
  name: { vi: 'Bản đồ', en: 'Map' },
  wall: 'dd',
  panels: [{ id: 'map', type: 'map', indicator: 'cpi_yoy', rect: { x: 40, y: 90, w: 1840, h: 440 } }],
};
const PROVINCES: Array<[string, number]> = [
  ['01', 3.1],
  ['79', 3.6],
  ['31', 2.9],
  ['48', 3.3],
  ['96', 2.2],
];

describe('drill-down to a province', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([wall], [scene, mapScene], { withRepo: true });
  let server: RunningServer;
  let browser: Browser;
  let operator: string;
  const pages: Page[] = [];
  const command = async (name: string, args: object) => {
    const res = await sendCommand(server.url, operator, name, args);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  const drill = (unit: string | null) => command('wall.drilldown', { wallId: 'dd', unit });

  beforeAll(async () => {
    const key = createApiKey(data.dir, 'e2e-dd', 'ingest');
    operator = createApiKey(data.dir, 'e2e-dd-op', 'operator');
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, WALL_AUTH: 'open' } });
    const observations = [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 3.4, source: 'e2e' }, ...PROVINCES.map(([unit, value]) => ({ indicator: 'cpi_yoy', unit, period: '2026-10', value, source: 'e2e' }))];
    expect((await ingest(server.url, key, { observations })).status).toBe(200);
    browser = await launchChromium();
    for (const d of ['d1', 'd2']) {
      const page = await browser.newPage({ viewport: { width: W, height: H } });
      await page.goto(`${server.url}/wall/?wall=dd&display=${d}`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
      pages.push(page);
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    layouts.remove();
  });

  it('opens the province panel set showing the province, keeps it in the ranking, and closes it again', async () => {
    const [d1, d2] = pages as [Page, Page];
    await expect.poll(() => d1.locator('[data-panel-id=focus-cpi]').count()).toBe(0);

    await drill('96');
    // Cà Mau: its panel set opens on the display it is laid out on, showing its own value.
    await expect.poll(() => d1.locator('[data-testid=tile]').getAttribute('data-focus')).toBe('96');
    const focusPanel = d1.locator('[data-panel-id=focus-cpi]');
    await expect.poll(() => focusPanel.locator('[data-testid=kpi-value]').textContent(), { timeout: 10_000 }).toBe('2,20');
    await expect.poll(() => focusPanel.locator('.panel-title').textContent()).toBe('Tỉnh đang xem');
    // The ranking (top 3) keeps Cà Mau on screen as its last row, with its rank (5th of 5), outlined.
    const rank = d2.locator('[data-panel-id=rank]');
    await expect.poll(() => rank.locator('.ranking-focus').count()).toBe(1);
    await expect.poll(() => rank.locator('text').allTextContents()).toEqual(expect.arrayContaining(['5', 'Cà Mau']));

    await drill(null);
    await expect.poll(() => d1.locator('[data-panel-id=focus-cpi]').count()).toBe(0);
    await expect.poll(() => rank.locator('.ranking-focus').count()).toBe(0);
    await expect.poll(() => rank.locator('text').allTextContents()).not.toContain('Cà Mau');
  }, 60_000);

  it('switches the whole wall to another theme from a command, charts included', async () => {
    const bars = (p: Page) => p.locator('[data-panel-id=rank] svg rect[rx="6"]').first().getAttribute('fill');
    const dark = await bars(pages[1]!);
    await command('wall.theme', { wallId: 'dd', theme: 'light' });
    for (const p of pages) await expect.poll(() => p.locator('[data-testid=tile]').getAttribute('data-theme')).toBe('light');
    // The d3 ranking redrew in the light palette (theme.ts lightTheme.barLead), and the panels are light.
    await expect.poll(() => bars(pages[1]!)).toBe('#0a5fb4');
    expect(dark).not.toBe('#0a5fb4');
    const panelBg = await pages[0]!.locator('[data-panel-id=kpi-vn]').evaluate((el) => getComputedStyle(el).backgroundImage);
    expect(panelBg).toContain('rgb(255, 255, 255)');
    await command('wall.theme', { wallId: 'dd', theme: 'dark' });
    await expect.poll(() => bars(pages[1]!)).toBe(dark);
  }, 60_000);

  it('flies the map to the province and back, keeping Hoàng Sa and Trường Sa labelled in an inset when out of view', async () => {
    await command('wall.scene.show', { wallId: 'dd', sceneId: 'ddmap' });
    const gl = await launchChromium({ webgl: true });
    try {
      const page = await gl.newPage({ viewport: { width: W, height: H } });
      await page.goto(`${server.url}/wall/?wall=dd&display=d1`);
      const map = page.locator('[data-panel-id=map][data-state=ready]');
      await map.waitFor({ timeout: 90_000 });
      const settled = async (focus: string) => {
        await expect.poll(() => page.locator('[data-testid=tile]').getAttribute('data-focus')).toBe(focus);
        // No drawing pass for 600 ms: the flight (1.2 s of wall time) is over.
        await drawsSettled(page, 600);
        return PNG.sync.read(await page.locator('[data-panel-id=map] canvas').first().screenshot());
      };
      /** Pixels of the dark theme's accent (#4cc3ff), the drill-down outline. */
      const accentPixels = (img: PNG) => {
        let n = 0;
        for (let i = 0; i < img.data.length; i += 4) if (Math.hypot(img.data[i]! - 0x4c, img.data[i + 1]! - 0xc3, img.data[i + 2]! - 0xff) < 40) n++;
        return n;
      };
      const differ = (a: PNG, b: PNG) => compareImages(a, b).ratio;
      const country = await settled('');
      const drawsBefore = await drawCount(page);

      await drill('96');
      const focused = await settled('96');
      // The camera moved and the province is outlined in the accent colour, drawn over several
      // frames of the flight; the country view had none.
      expect(differ(country, focused)).toBeGreaterThan(0.01);
      expect(accentPixels(focused)).toBeGreaterThan(accentPixels(country) + 1000);
      expect(await drawCount(page)).toBeGreaterThan(drawsBefore + 3);
      // Cà Mau's view leaves both archipelagos out: they are drawn and labelled in the inset.
      const inset = page.locator('[data-testid=map-inset]');
      await expect.poll(() => inset.locator('[data-archipelago]').evaluateAll((els) => els.map((e) => e.getAttribute('data-archipelago')).sort())).toEqual(['hoang-sa', 'truong-sa']);
      await expect.poll(() => inset.textContent()).toMatch(/Hoàng Sa.*Trường Sa|Trường Sa.*Hoàng Sa/);

      await drill(null);
      const back = await settled('');
      expect(differ(country, back)).toBeLessThan(0.01);
      await page.close();
    } finally {
      await gl.close();
      await command('wall.scene.show', { wallId: 'dd', sceneId: 'dd' });
    }
  }, 240_000);
});
