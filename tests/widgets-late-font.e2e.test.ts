// A widget that measures its text to decide what fits must lay out again when the wall's font
// arrives after its first drawing pass: a page whose font came late must end up looking exactly
// like one whose font was there first. (The multiples' golden image differed by 1.6% on one CI
// run: its y axis had been measured in the fallback font and was never measured again.)
import { PNG } from 'pngjs';
import type { Browser, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { compareImages, galleryUrl } from './support/golden.js';
import { drawCount, drawsSettled } from './support/settle.js';
import { freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

/** Widgets whose drawing measures text (draw-*.ts use getComputedTextLength or getBBox). */
const MEASURING = ['multiples', 'gauge', 'sparklines', 'ranking'];

async function settledShot(page: Page): Promise<PNG> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await drawsSettled(page, 400);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return PNG.sync.read(await page.locator('[data-testid=tile]').screenshot());
}

describe('a font that arrives after the first drawing pass', () => {
  let server: RunningServer;
  let browser: Browser;
  const data = tempDataDir();

  beforeAll(async () => {
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { WALL_AUTH: 'open' } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  for (const fixture of MEASURING) {
    it(`${fixture}: lays out again, and looks as if the font had been there first`, async () => {
      const url = galleryUrl(server.url, fixture, { lang: 'en' });
      const first = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await first.goto(url);
      await first.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
      const reference = await settledShot(first);
      await first.close();

      // The same page with every font file held back until the widget has drawn with the fallback.
      const late = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      const held: Route[] = [];
      let release = false;
      await late.route('**/*.woff2', (route) => (release ? route.continue() : void held.push(route)));
      await late.goto(url);
      await late.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
      const drawnWithFallback = await drawCount(late);
      expect(drawnWithFallback).toBeGreaterThan(0);
      expect(await late.evaluate(() => document.fonts.check('600 24px "Be Vietnam Pro"'))).toBe(false);
      release = true;
      for (const r of held.splice(0)) await r.continue();
      const shot = await settledShot(late);
      await late.close();

      expect(shot.width).toBe(reference.width);
      const { ratio } = compareImages(reference, shot);
      expect(ratio, 'pixels that differ from the page whose font came first').toBeLessThanOrEqual(0.001);
    });
  }
});
