import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createUser } from './support/room.js';
import { createApiKey, enrollCodes, enrollDisplays, freePort, ingest, ROOT, startServer, tempDataDir, tempLayouts, wallPageUrl, type RunningServer } from './support/server.js';

// The spanning golden image: a 2x2 wall with 3.3 mm bezels (6 px at 1.1 mm per pixel), a line
// chart spanning all four displays. The four tiles, stitched with their bezel gaps, must equal
// one render of the whole canvas, and the chart's line must continue across both bezels.
const W = 800;
const H = 450;
const GAP = 6;
const CANVAS = { width: 2 * W + GAP, height: 2 * H + GAP };
const ACCENT = [0x4c, 0xc3, 0xff];

const wall = {
  id: 'span',
  name: { vi: 'Tường thử', en: 'Test wall' },
  grid: { rows: 2, cols: 2 },
  resolution: { width: W, height: H },
  size: { width: 880, height: 495 },
  bezel: 3.3,
  displays: [
    { id: 'd1', row: 0, col: 0 },
    { id: 'd2', row: 0, col: 1 },
    { id: 'd3', row: 1, col: 0 },
    { id: 'd4', row: 1, col: 1 },
  ],
  renderers: [
    { id: 'top', displays: ['d1', 'd2'] },
    { id: 'r3', displays: ['d3'] },
    { id: 'r4', displays: ['d4'] },
  ],
  defaultScene: 'span',
};
// Wide and low, so the line crosses the column bezel and the row bezel far from their corner.
const scene = { id: 'span', name: { vi: 'Thử', en: 'Span' }, wall: 'span', panels: [{ id: 'chart', type: 'line', indicator: 'cpi_yoy', unit: 'VN', periods: 12, rect: { x: 20, y: 270, w: 1560, h: 400 } }] };

const HIDE_CHROME = '.top-bar, .demo-watermark { visibility: hidden !important; }';
const OPERATOR_PASSWORD = 'mat-khau-dieu-hanh-01';

/** `img` reduced to width x height by averaging the source pixels each target pixel covers (a box filter). */
function shrink(img: Img, width: number, height: number): Img {
  const out = new PNG({ width, height });
  const sx = img.width / width;
  const sy = img.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let v = Math.floor(y * sy); v < Math.min(img.height, Math.ceil((y + 1) * sy)); v++) {
        for (let u = Math.floor(x * sx); u < Math.min(img.width, Math.ceil((x + 1) * sx)); u++) {
          const c = px(img, u, v);
          r += c[0]!;
          g += c[1]!;
          b += c[2]!;
          n++;
        }
      }
      const i = (y * width + x) * 4;
      out.data[i] = Math.round(r / n);
      out.data[i + 1] = Math.round(g / n);
      out.data[i + 2] = Math.round(b / n);
      out.data[i + 3] = 255;
    }
  }
  return out;
}

/**
 * How far two images of one size are apart: the mean absolute difference per channel (0-255),
 * and the share of pixels whose largest channel difference is over 64 (a quarter of the range).
 */
function distance(a: Img, b: Img): { mean: number; far: number } {
  let total = 0;
  let far = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    const d = [0, 1, 2].map((k) => Math.abs(a.data[i + k]! - b.data[i + k]!));
    total += d[0]! + d[1]! + d[2]!;
    if (Math.max(...d) > 64) far++;
  }
  const pixels = a.data.length / 4;
  return { mean: total / (pixels * 3), far: far / pixels };
}

/**
 * The console's preview against the wall's tiles stitched: both reduced to COMPARED_WIDTH pixels
 * wide (a box filter; one compared pixel is about 10x10 canvas pixels, so text drawn small in the
 * preview and drawn large on the wall compare alike, while a moved line or panel does not). The
 * stated tolerance: mean channel difference at most 2 (of 255) and at most 0.5 % of pixels more
 * than a quarter apart. Measured here: 1.1-1.3 and 0.06-0.11 % for the same picture; a preview
 * showing the data before a change against the wall after it, 3.1 and 1.3 %.
 */
const COMPARED_WIDTH = 160;
const PREVIEW_TOLERANCE = { mean: 2, far: 0.005 };
const apart = (preview: Img, stitched: Img) => {
  const h = Math.round((COMPARED_WIDTH * preview.height) / preview.width);
  return distance(shrink(preview, COMPARED_WIDTH, h), shrink(stitched, COMPARED_WIDTH, h));
};
const within = (d: { mean: number; far: number }) => d.mean <= PREVIEW_TOLERANCE.mean && d.far <= PREVIEW_TOLERANCE.far;

type Img = PNG;
const px = (img: Img, x: number, y: number) => {
  const i = (y * img.width + x) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
};
const isAccent = (c: number[]) => Math.hypot(c[0]! - ACCENT[0]!, c[1]! - ACCENT[1]!, c[2]! - ACCENT[2]!) < 60;

/**
 * Mean row of the accent (line stroke) pixels of column x between rows y0 and y1; null where
 * there are none, NaN where they are no thin stroke (the last value's circle and label).
 */
function lineCentre(img: Img, x: number, y0: number, y1: number): number | null {
  const ys: number[] = [];
  for (let y = y0; y < y1; y++) if (isAccent(px(img, x, y))) ys.push(y);
  if (ys.length === 0) return null;
  return ys.length > 10 || ys.at(-1)! - ys[0]! > 10 ? NaN : ys.reduce((a, b) => a + b, 0) / ys.length;
}

/** Writes the images of a failing comparison under test-results/wall-span/. */
function saveFailure(images: Record<string, Img>): void {
  const dir = join(ROOT, 'test-results/wall-span');
  mkdirSync(dir, { recursive: true });
  for (const [name, img] of Object.entries(images)) writeFileSync(join(dir, `${name}.png`), PNG.sync.write(img));
}

describe('a panel spanning a 2x2 wall with bezels', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([wall], [scene], { withRepo: true });
  let server: RunningServer;
  let browser: Browser;
  const shots = new Map<string, Img>();
  let d1Token: string;
  let ingestKey: string;
  // Each page is a device enrolled by its own single-use code: a display, the renderer `top`,
  // and the canvas preview joins as d1.
  const codeFor = (path: string) => {
    const renderer = /renderer=(\w+)/.exec(path)?.[1];
    const position = renderer ? `renderer:${renderer}` : (/display=(\w+)/.exec(path)?.[1] ?? 'd1');
    return enrollCodes(data.dir, 'span', [position], layouts.dir)[position]!;
  };

  async function render(path: string, size: { width: number; height: number }): Promise<Img> {
    const page: Page = await browser.newPage({ viewport: size });
    await page.goto(wallPageUrl(server.url, path.slice(1), codeFor(path)));
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30_000 });
    await page.locator('[data-panel-id="chart"][data-state="ready"]').first().waitFor({ timeout: 30_000 });
    await page.addStyleTag({ content: HIDE_CHROME });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    const png = PNG.sync.read(await page.screenshot({ animations: 'disabled' }));
    await page.close();
    return png;
  }

  beforeAll(async () => {
    createUser(data.dir, 'lan', 'operator', OPERATOR_PASSWORD);
    ingestKey = createApiKey(data.dir, 'e2e-span', 'ingest');
    const key = ingestKey;
    d1Token = enrollDisplays(data.dir, 'span', ['d1'], layouts.dir).d1!;
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir } });
    const observations = Array.from({ length: 12 }, (_, i) => ({ indicator: 'cpi_yoy', unit: 'VN', period: `2025-${String(i + 1).padStart(2, '0')}`, value: 1 + i, source: 'e2e' }));
    expect((await ingest(server.url, key, { observations })).status).toBe(200);
    browser = await launchChromium();
    for (const d of ['d1', 'd2', 'd3', 'd4']) shots.set(d, await render(`?wall=span&display=${d}`, { width: W, height: H }));
    shots.set('stitched', stitch(shots));
    shots.set('canvas', await render('?wall=span&canvas=1', CANVAS));
    shots.set('top', await render('?wall=span&renderer=top', { width: 2 * W, height: H }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    layouts.remove();
  });

  it('serves the geometry the tiles are stitched with', async () => {
    // Read as the wall's own device does: a device token gets its wall's geometry.
    const body = (await (await fetch(`${server.url}/api/v1/layouts`, { headers: { authorization: `Bearer ${d1Token}` } })).json()) as { geometry: Record<string, { canvas: unknown; displays: Array<{ id: string; viewport: { x: number; y: number } }> }> };
    const g = body.geometry['span']!;
    expect(g.canvas).toEqual(CANVAS);
    expect(g.displays.map((d) => [d.id, d.viewport.x, d.viewport.y])).toEqual([
      ['d1', 0, 0],
      ['d2', W + GAP, 0],
      ['d3', 0, H + GAP],
      ['d4', W + GAP, H + GAP],
    ]);
  });

  /** The four tiles at their places on the canvas, the hidden bezel pixels black (no display shows them). */
  function stitch(tiles: Map<string, Img>): Img {
    const stitched = new PNG({ width: CANVAS.width, height: CANVAS.height });
    for (let i = 3; i < stitched.data.length; i += 4) stitched.data[i] = 255;
    const origin: Record<string, [number, number]> = { d1: [0, 0], d2: [W + GAP, 0], d3: [0, H + GAP], d4: [W + GAP, H + GAP] };
    for (const [d, [x, y]] of Object.entries(origin)) PNG.bitblt(tiles.get(d)!, stitched, 0, 0, W, H, x, y);
    return stitched;
  }

  it('stitched with the bezel gaps, the four tiles are the canvas', () => {
    const canvas = shots.get('canvas')!;
    expect([canvas.width, canvas.height]).toEqual([CANVAS.width, CANVAS.height]);
    // Hidden pixels: taken from the canvas render, so only what the displays show is compared.
    const stitched = new PNG({ width: CANVAS.width, height: CANVAS.height });
    canvas.data.copy(stitched.data);
    const origin: Record<string, [number, number]> = { d1: [0, 0], d2: [W + GAP, 0], d3: [0, H + GAP], d4: [W + GAP, H + GAP] };
    for (const [d, [x, y]] of Object.entries(origin)) PNG.bitblt(shots.get(d)!, stitched, 0, 0, W, H, x, y);
    const diff = new PNG({ width: CANVAS.width, height: CANVAS.height });
    const different = pixelmatch(stitched.data, canvas.data, diff.data, CANVAS.width, CANVAS.height, { threshold: 0.1 });
    if (different > CANVAS.width * CANVAS.height * 0.0005) saveFailure({ stitched, canvas, diff });
    // Anti-aliasing may differ in a few pixels; a misplaced tile differs in thousands.
    expect(different).toBeLessThanOrEqual(CANVAS.width * CANVAS.height * 0.0005);
  });

  it('continues the line across both bezels within 1 px', () => {
    const canvas = shots.get('canvas')!;
    // Line centres, in canvas coordinates, of the columns each tile shows.
    const tiles = [
      { d: 'd1', x0: 0, y0: 0 },
      { d: 'd2', x0: W + GAP, y0: 0 },
      { d: 'd3', x0: 0, y0: H + GAP },
      { d: 'd4', x0: W + GAP, y0: H + GAP },
    ];
    const points: Array<{ x: number; y: number; d: string }> = [];
    let markerX = Infinity;
    for (const t of tiles) {
      const img = shots.get(t.d)!;
      for (let x = 0; x < W; x++) {
        const c = lineCentre(img, x, 0, H);
        if (Number.isNaN(c)) markerX = Math.min(markerX, t.x0 + x);
        // Columns where the stroke touches the tile's top or bottom edge are cut by the bezel.
        else if (c !== null && c > 4 && c < H - 5) points.push({ x: t.x0 + x, y: t.y0 + c, d: t.d });
      }
    }
    expect(markerX).toBeLessThan(CANVAS.width);
    // The straight line, fitted on the first tile it crosses (bottom-left), away from its ends.
    const fit = points.filter((p) => p.d === 'd3' && p.x > 300 && p.x < W - 10);
    expect(fit.length).toBeGreaterThan(200);
    const n = fit.length;
    const mx = fit.reduce((a, p) => a + p.x, 0) / n;
    const my = fit.reduce((a, p) => a + p.y, 0) / n;
    const slope = fit.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0) / fit.reduce((a, p) => a + (p.x - mx) ** 2, 0);
    const predict = (x: number) => my + slope * (x - mx);
    expect(slope).toBeLessThan(-0.05); // rising to the right
    // Where it crosses the column bezel (into d4) and the row bezel (into d2): far from their corner.
    const rowCrossX = mx + (H + GAP / 2 - my) / slope;
    expect(Math.abs(predict(W + GAP / 2) - (H + GAP / 2))).toBeGreaterThan(20);
    expect(Math.abs(rowCrossX - (W + GAP / 2))).toBeGreaterThan(60);
    // Beyond each bezel the line is where the straight line predicts (the last value's circle excepted).
    for (const d of ['d4', 'd2']) {
      const beyond = points.filter((p) => p.d === d && p.x < markerX - 10);
      expect(beyond.length, `line columns on ${d}`).toBeGreaterThan(50);
      const worst = Math.max(...beyond.map((p) => Math.abs(p.y - predict(p.x))));
      if (worst > 1) saveFailure({ canvas, [d]: shots.get(d)! });
      expect(worst, `largest distance of the line on ${d} from its straight continuation`).toBeLessThanOrEqual(1);
    }
    // The canvas render draws the same line through the hidden pixels.
    const hidden = lineCentre(canvas, W + GAP / 2, 0, CANVAS.height);
    expect(hidden).not.toBeNull();
    expect(Math.abs(hidden! - predict(W + GAP / 2))).toBeLessThanOrEqual(1);
  });

  it('draws a renderer covering two displays as those two tiles side by side', () => {
    const top = shots.get('top')!;
    expect([top.width, top.height]).toEqual([2 * W, H]);
    for (const [d, x] of [['d1', 0], ['d2', W]] as const) {
      const part = new PNG({ width: W, height: H });
      PNG.bitblt(top, part, x, 0, W, H, 0, 0);
      const different = pixelmatch(part.data, shots.get(d)!.data, undefined, W, H, { threshold: 0.1 });
      expect(different, `renderer window half ${d}`).toBeLessThanOrEqual(W * H * 0.0005);
    }
  });

  it("shows the wall on the console: its live preview, scaled up, is the tiles stitched, before and after a live data change", async () => {
    const consolePage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      await consolePage.goto(`${server.url}/console/`);
      await consolePage.getByTestId('login-username').fill('lan');
      await consolePage.getByTestId('login-password').fill(OPERATOR_PASSWORD);
      await consolePage.getByTestId('login-password-submit').click();
      const frame = consolePage.locator('[data-testid="wall-preview"][data-wall-id="span"] [data-testid="wall-preview-frame"]');
      await frame.waitFor();
      // The outlines over the picture are the console's own drawing: not part of the wall.
      await consolePage.addStyleTag({ content: '.wall-preview-outline { visibility: hidden !important; }' });
      const inFrame = async () => (await frame.elementHandle())!.contentFrame().then((f) => f!);
      const shoot = async (lastValue: string): Promise<Img> => {
        const f = await inFrame();
        await f.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30_000 });
        await f.locator('[data-panel-id="chart"][data-state="ready"]').first().waitFor({ timeout: 30_000 });
        await expect.poll(() => f.locator('[data-panel-id="chart"]').first().textContent(), { timeout: 15_000 }).toContain(lastValue);
        await f.addStyleTag({ content: HIDE_CHROME });
        await f.evaluate(() => document.fonts.ready.then(() => undefined));
        return PNG.sync.read(await frame.screenshot({ animations: 'disabled' }));
      };
      const compare = (preview: Img, stitched: Img, label: string) => {
        const d = apart(preview, stitched);
        if (!within(d)) saveFailure({ [`preview-${label}`]: preview, [`reference-${label}`]: shrink(stitched, preview.width, preview.height) });
        console.info(`preview ${label} (${preview.width}x${preview.height}) against the tiles stitched, at ${COMPARED_WIDTH} px wide: mean ${d.mean.toFixed(2)}, far ${(d.far * 100).toFixed(2)} %`);
        expect(d.mean, `${label}: mean channel difference`).toBeLessThanOrEqual(PREVIEW_TOLERANCE.mean);
        expect(d.far, `${label}: share of pixels far apart`).toBeLessThanOrEqual(PREVIEW_TOLERANCE.far);
      };

      const before = await shoot('12');
      expect(before.width).toBeGreaterThan(300);
      // The frame has the canvas's proportions: the picture fills it, nothing is letterboxed.
      expect(Math.abs(before.width / before.height - CANVAS.width / CANVAS.height)).toBeLessThan(0.02);
      compare(before, shots.get('stitched')!, 'before');

      // A live data change: a 13th month far above the rest moves the whole line on the wall and on the preview.
      expect((await ingest(server.url, ingestKey, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-01', value: 40, source: 'e2e' }] })).status).toBe(200);
      const after = await shoot('40');
      const tiles = new Map<string, Img>();
      for (const d of ['d1', 'd2', 'd3', 'd4']) tiles.set(d, await render(`?wall=span&display=${d}`, { width: W, height: H }));
      compare(after, stitch(tiles), 'after');
      // The tolerance tells the two apart: the preview before the change is not the wall after it.
      const stale = apart(before, stitch(tiles));
      console.info(`the preview before the change against the wall after it: mean ${stale.mean.toFixed(2)}, far ${(stale.far * 100).toFixed(2)} %`);
      expect(within(stale), `a stale preview passes for the wall: ${JSON.stringify(stale)}`).toBe(false);
    } finally {
      await consolePage.close();
    }
  }, 120_000);
});
