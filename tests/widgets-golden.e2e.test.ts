// Golden images of every widget (issue 6): each gallery fixture in Vietnamese and English in the
// dark theme, and a few in the light and high-contrast themes, rendered in Debian's Chromium and
// compared with tests/golden/*.png (pixelmatch; at most 0.5% of pixels may differ, for text
// anti-aliasing). WebGL widgets (map, globe) render through SwiftShader.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { compareGolden, galleryUrl } from './support/golden.js';
import { drawsSettled } from './support/settle.js';
import { freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

/** The fixtures (wall-app/renderer/src/gallery/fixtures) and whether they need WebGL. */
const FIXTURES: Array<{ id: string; webgl?: boolean }> = [
  { id: 'kpi' },
  { id: 'line' },
  { id: 'line-forecast' },
  { id: 'gauge' },
  { id: 'sparklines' },
  { id: 'multiples' },
  { id: 'ranking' },
  { id: 'ranking-focus' },
  { id: 'table' },
  { id: 'heat-table' },
  { id: 'warnings' },
  { id: 'warnings-empty' },
  { id: 'ticker' },
  { id: 'globe', webgl: true },
  { id: 'map', webgl: true },
  { id: 'map-2008', webgl: true },
  { id: 'map-columns', webgl: true },
  { id: 'map-focus', webgl: true },
];
/** Other themes are checked on these. */
const THEMED = ['line-forecast', 'ranking', 'gauge', 'heat-table', 'warnings'];
const MAX_RATIO = 0.005;
/** The gallery's hook (wall-app/renderer/src/gallery/gallery-state.ts). */
type Gallery = { __gallery: { set(patch: { theme?: string; language?: string }): void } };
/** docs/wall-typography.md: no text on the wall below this (canvas px; the gallery draws at 1:1). */
const MIN_TEXT_PX = 18;

/** Texts the page shows (HTML or SVG) whose computed font size is below the minimum. */
async function smallTexts(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.querySelector('[data-testid=tile]')!, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim() ?? '';
      const el = n.parentElement;
      if (!text || !el) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      const px = parseFloat(style.fontSize);
      if (px < min) out.push(`"${text.slice(0, 40)}" at ${px} px`);
    }
    return out;
  }, MIN_TEXT_PX);
}

async function shoot(page: Page, url: string): Promise<Buffer> {
  await page.goto(url);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Settled: no drawing pass for 400 ms (a late layout, e.g. a font, may redraw a chart once).
  await drawsSettled(page, 400);
  // Two frames: whatever the last pass drew is on screen.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.locator('[data-testid=tile]').screenshot();
}

describe('widget golden images', () => {
  let server: RunningServer;
  let browser: Browser;
  let webglBrowser: Browser | null = null;
  const data = tempDataDir();

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, port: await freePort() });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await webglBrowser?.close();
    await server?.stop();
    data.remove();
  });

  const pageFor = async (webgl: boolean): Promise<Page> => {
    if (webgl) webglBrowser ??= await launchChromium({ webgl: true });
    return (webgl ? webglBrowser! : browser).newPage({ viewport: { width: 1920, height: 1080 } });
  };

  for (const f of FIXTURES) {
    for (const lang of ['vi', 'en'] as const) {
      it(`${f.id} in ${lang}, dark theme`, async () => {
        const page = await pageFor(f.webgl ?? false);
        try {
          const r = compareGolden(`${f.id}.${lang}.dark`, await shoot(page, galleryUrl(server.url, f.id, { lang })));
          expect(r.ratio, `${r.different} pixels differ`).toBeLessThanOrEqual(MAX_RATIO);
          expect(await smallTexts(page), 'texts below the wall minimum').toEqual([]);
        } finally {
          await page.close();
        }
      }, 90_000);
    }
  }

  for (const id of THEMED) {
    for (const theme of ['light', 'high-contrast']) {
      it(`${id} in the ${theme} theme`, async () => {
        const page = await pageFor(false);
        try {
          const r = compareGolden(`${id}.vi.${theme}`, await shoot(page, galleryUrl(server.url, id, { theme })));
          expect(r.ratio, `${r.different} pixels differ`).toBeLessThanOrEqual(MAX_RATIO);
        } finally {
          await page.close();
        }
      }, 90_000);
    }
  }

  it('switches theme and language live, redrawing the chart without a reload', async () => {
    const page = await pageFor(false);
    try {
      await shoot(page, galleryUrl(server.url, 'line-forecast', { lang: 'vi' }));
      const stroke = () => page.locator('svg.line-chart path[fill="none"]').first().getAttribute('stroke');
      const darkStroke = await stroke();
      await page.evaluate(() => (window as unknown as Gallery).__gallery.set({ theme: 'light' }));
      await expect.poll(stroke).not.toBe(darkStroke);
      expect(await page.locator('[data-testid=tile]').getAttribute('data-theme')).toBe('light');
      // The same picture as a page opened in the light theme.
      const r = compareGolden('line-forecast.vi.light', await page.locator('[data-testid=tile]').screenshot());
      expect(r.ratio, `${r.different} pixels differ`).toBeLessThanOrEqual(MAX_RATIO);
      await page.evaluate(() => (window as unknown as Gallery).__gallery.set({ language: 'en' }));
      await expect.poll(() => page.locator('.panel-title').textContent()).toMatch(/Consumer price/i);
      await expect.poll(() => page.locator('svg.line-chart').textContent()).toMatch(/3\.65/);
    } finally {
      await page.close();
    }
  }, 90_000);
});
