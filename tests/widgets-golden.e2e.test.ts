// Golden images of every widget (issue 6): each gallery fixture in Vietnamese and English in the
// dark theme, and a few in the light and high-contrast themes, rendered in Debian's Chromium and
// compared with tests/golden/*.png (pixelmatch; at most 0.5% of pixels may differ, for text
// anti-aliasing). WebGL widgets (map, globe) render through SwiftShader. On the maps, Hoàng Sa and
// Trường Sa are a few hundred pixels, less than that 0.5%: their labels, islets and outlines are
// looked for in the screenshot itself, and their regions are compared with a tolerance of their own.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { ARCHIPELAGO_NAMES, drawnArchipelagos, inkOf, regionOf, type ArchipelagoId } from './support/archipelagos.js';
import { compareGolden, galleryUrl, type Region } from './support/golden.js';
import { drawsSettled } from './support/settle.js';
import { freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

/**
 * The fixtures (wall-app/renderer/src/gallery/fixtures) and whether they need WebGL; on a map,
 * where each archipelago must be drawn: on the map itself, or in the inset (out of the view).
 */
const FIXTURES: Array<{ id: string; webgl?: boolean; archipelagos?: Record<ArchipelagoId, 'map' | 'inset'> }> = [
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
  { id: 'map', webgl: true, archipelagos: { 'hoang-sa': 'map', 'truong-sa': 'map' } },
  { id: 'map-2008', webgl: true, archipelagos: { 'hoang-sa': 'map', 'truong-sa': 'map' } },
  { id: 'map-columns', webgl: true },
  { id: 'map-focus', webgl: true, archipelagos: { 'hoang-sa': 'map', 'truong-sa': 'inset' } },
  { id: 'map-2008-focus', webgl: true, archipelagos: { 'hoang-sa': 'inset', 'truong-sa': 'map' } },
];
/** Other themes are checked on these. */
const THEMED = ['line-forecast', 'ranking', 'gauge', 'heat-table', 'warnings'];
const MAX_RATIO = 0.005;
/**
 * Within the box around one archipelago (label, islets and outline, ~200x300 px), at most 1% of
 * pixels may differ: text anti-aliasing moves a few dozen of them at most, while a missing label
 * alone is ~10% of the box and a missing outline or set of islets several %.
 */
const ARCHIPELAGO_MAX_RATIO = 0.01;
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

/**
 * Each archipelago drawn once, where expected, labelled with its name, its islets and outline
 * visible in the screenshot. Returns the golden regions around them.
 */
async function expectArchipelagos(page: Page, png: Buffer, expected: Record<ArchipelagoId, 'map' | 'inset'>, lang: 'vi' | 'en'): Promise<Region[]> {
  const drawn = await drawnArchipelagos(page);
  const regions: Region[] = [];
  for (const [id, where] of Object.entries(expected) as Array<[ArchipelagoId, 'map' | 'inset']>) {
    const found = drawn[id] ?? [];
    expect(found.map((a) => a.where), `${id}: drawn on the map or in the inset`).toEqual([where]);
    const a = found[0]!;
    expect(a.label?.text.replace(/\n/g, ' '), `${id}: label`).toBe(ARCHIPELAGO_NAMES[id][lang]);
    const ink = inkOf(png, a);
    console.info(`${id} (${where}, ${lang}): ${JSON.stringify(ink)}`);
    // Thresholds about half of what a correct drawing shows (labels ~20-30% ink, every islet, ~70% of the outline).
    expect(ink.label, `${id}: share of the label's box in the text colour`).toBeGreaterThan(0.08);
    expect(ink.islets.of, `${id}: islets`).toBeGreaterThanOrEqual(5);
    expect(ink.islets.seen, `${id}: islets with a dot at their place`).toBe(ink.islets.of);
    expect(ink.outline, `${id}: share of the outline drawn`).toBeGreaterThan(0.3);
    regions.push(regionOf(id, a));
  }
  return regions;
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
    // The gallery is a page without a device: it reads the catalog as the `open` wall mode allows.
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { WALL_AUTH: 'open' } });
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
          const png = await shoot(page, galleryUrl(server.url, f.id, { lang }));
          const regions = f.archipelagos ? await expectArchipelagos(page, png, f.archipelagos, lang) : [];
          const r = compareGolden(`${f.id}.${lang}.dark`, png, regions);
          expect(r.ratio, `${r.different} pixels differ`).toBeLessThanOrEqual(MAX_RATIO);
          for (const reg of r.regions) expect(reg.ratio, `${reg.name}: ${reg.different} of ${reg.width}x${reg.height} pixels differ`).toBeLessThanOrEqual(ARCHIPELAGO_MAX_RATIO);
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
