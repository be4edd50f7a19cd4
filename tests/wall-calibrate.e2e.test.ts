import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createApiKey, freePort, ingest, sendCommand, startServer, tempDataDir, tempLayouts, type RunningServer } from './support/server.js';

// Technician calibration on a 1x2 wall with 3.3 mm bezels (6 hidden px at 1.1 mm per pixel):
// the grid pattern on every tile, continuous across the bezel, and a colour adjustment that
// reaches the tile's filter.
// 900 px wide, so that no two 45-degree lines of the pattern cross at the bezel (x 900).
const W = 900;
const H = 450;
const GAP = 6;
const wall = {
  id: 'cal',
  name: { vi: 'Tường cân chỉnh', en: 'Calibration wall' },
  grid: { rows: 1, cols: 2 },
  resolution: { width: W, height: H },
  size: { width: 990, height: 495 },
  bezel: 3.3,
  displays: [
    { id: 'd1', row: 0, col: 0 },
    { id: 'd2', row: 0, col: 1 },
  ],
  defaultScene: 'cal',
};
const scene = { id: 'cal', name: { vi: 'Cân chỉnh', en: 'Calibration' }, wall: 'cal', panels: [{ id: 'k', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 40, y: 100, w: 400, h: 200 } }] };

const px = (img: PNG, x: number, y: number) => {
  const i = (y * img.width + x) * 4;
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!] as const;
};
/** The 45-degree lines of the grid pattern are blue (#3a7bd5), over black. */
const isBlue = ([r, g, b]: readonly number[]) => b! > 90 && b! > r! + 50 && b! > g! + 25;
/** Mean row of the blue pixels of column x within rows y0..y1; null where none. */
function blueRow(img: PNG, x: number, y0: number, y1: number): number | null {
  const ys: number[] = [];
  for (let y = y0; y <= y1; y++) if (isBlue(px(img, x, y))) ys.push(y);
  return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : null;
}

describe('technician calibration mode on a wall with bezels', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([wall], [scene], { withRepo: true });
  let server: RunningServer;
  let browser: Browser;
  let admin: string;
  const pages = new Map<string, Page>();
  const command = async (name: string, args: unknown) => {
    const res = await sendCommand(server.url, admin, name, args);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  const shot = async (d: string) => PNG.sync.read(await pages.get(d)!.screenshot({ animations: 'disabled' }));

  beforeAll(async () => {
    const key = createApiKey(data.dir, 'e2e-cal', 'ingest');
    admin = createApiKey(data.dir, 'e2e-cal-admin', 'admin');
    // Calibration is what this file tests; renderer enrollment has its own e2e test.
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, WALL_AUTH: 'open', DEMO_ROOM: '1' } });
    expect((await ingest(server.url, key, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2025-01', value: 3.2, source: 'e2e' }] })).status).toBe(200);
    browser = await launchChromium();
    for (const d of ['d1', 'd2']) {
      const page = await browser.newPage({ viewport: { width: W, height: H } });
      await page.goto(`${server.url}/wall/?wall=cal&display=${d}`);
      await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30_000 });
      pages.set(d, page);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    layouts.remove();
  });

  it('shows the grid pattern on every tile once a technician turns calibration on', async () => {
    await command('wall.calibrate', { wallId: 'cal', on: true, pattern: 'grid' });
    for (const [d, page] of pages) {
      await page.locator('[data-testid=calibration][data-pattern=grid]').waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid=tile]').getAttribute('data-calibration')).toBe('grid');
      const card = page.locator(`[data-testid=calibration-identity][data-display=${d}]`);
      expect(await card.textContent()).toContain(`${d}Hàng 1, cột ${d === 'd1' ? 1 : 2} · ${W} × ${H} px`);
    }
  });

  it('draws a grid line that continues across the bezel, the hidden pixels skipped', async () => {
    const [left, right] = [await shot('d1'), await shot('d2')];
    // The 45-degree line y = x - 800 (canvas px) leaves d1 near (900, 100) and enters d2, whose
    // first column is canvas x 906, at y 106: away from the other lines and the identity cards.
    let columns = 0;
    for (const [img, x0, from, to] of [[left, 0, 860, 895], [right, W + GAP, 4, 40]] as const) {
      for (let x = from; x <= to; x++) {
        // Within 12 rows of where the line should be (the other 45-degree lines are further away).
        const expected = x0 + x - 800;
        const row = blueRow(img, x, Math.max(0, expected - 12), Math.min(H - 1, expected + 12));
        expect(row, `blue line in column ${x} of the tile at canvas x ${x0}`).not.toBeNull();
        expect(Math.abs(row! - expected), `column ${x} of the tile at canvas x ${x0}`).toBeLessThanOrEqual(1.5);
        columns++;
      }
    }
    expect(columns).toBe(36 + 37);
  });

  it('applies a colour adjustment as a filter on that tile only, and undoes it', async () => {
    const majorLine = (img: PNG) => px(img, 1000 - (W + GAP) + 1, 50); // the white line at canvas x 1000, on d2
    expect(majorLine(await shot('d2'))[0]).toBeGreaterThan(230);
    const done = await command('wall.display.adjust', { wallId: 'cal', displayId: 'd2', color: { gain: { r: 1, g: 1, b: 1 }, brightness: 0.5, gamma: 1 } });
    const d2 = pages.get('d2')!;
    const view = d2.locator('[data-testid=tile-view][data-view-display=d2]');
    await expect.poll(() => view.evaluate((el) => getComputedStyle(el).filter), { timeout: 10_000 }).toBe('url("#ioc-color-d2")');
    expect(await d2.locator('#ioc-color-d2 feFuncR').getAttribute('amplitude')).toBe('0.5');
    const dimmed = majorLine(await shot('d2'));
    expect(dimmed[0]).toBeGreaterThan(110);
    expect(dimmed[0]).toBeLessThan(145);
    expect(await pages.get('d1')!.locator('[data-testid=tile-view]').evaluate((el) => getComputedStyle(el).filter)).toBe('none');
    await command(done.undo!.name, done.undo!.args);
    await expect.poll(() => view.evaluate((el) => getComputedStyle(el).filter), { timeout: 10_000 }).toBe('none');
  });

  it("drives the pattern and a display's offset from the console's calibration panel", async () => {
    const consolePage = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await consolePage.goto(`${server.url}/console/#key=${encodeURIComponent(admin)}`);
    const panel = consolePage.locator('[data-testid=calibration-wall][data-wall-id=cal]');
    await panel.waitFor({ timeout: 15_000 });
    await panel.locator('[data-testid=calibration-pattern][data-pattern=bars]').click();
    for (const page of pages.values()) await page.locator('[data-testid=calibration][data-pattern=bars]').waitFor({ timeout: 10_000 });
    await panel.locator('[data-testid=calibration-display][data-display=d2]').click();
    await panel.locator('[data-testid=calibration-fields][data-display=d2] [data-field=offset-x] input[type=number]').fill('2');
    const d2x = async () => {
      const body = (await (await fetch(`${server.url}/api/v1/layouts`)).json()) as { geometry: Record<string, { displays: Array<{ id: string; viewport: { x: number } }> }> };
      return body.geometry['cal']!.displays.find((d) => d.id === 'd2')!.viewport.x;
    };
    await expect.poll(d2x, { timeout: 10_000 }).toBe(W + GAP + 2);
    await consolePage.locator('[data-testid=toast][data-command="wall.display.adjust"] [data-testid=toast-undo]').click();
    await expect.poll(d2x, { timeout: 10_000 }).toBe(W + GAP);
    // No device shows this wall's displays: brightness is the renderer's filter. The demo room's
    // left wall display is a Samsung linked to main/d1: its brightness goes to the display itself.
    expect(await panel.locator('[data-testid=brightness-route]').getAttribute('data-route')).toBe('renderer');
    const main = consolePage.locator('[data-testid=calibration-wall][data-wall-id=main]');
    await main.locator('[data-testid=calibration-display][data-display=d1]').click();
    const route = main.locator('[data-testid=brightness-route]');
    expect([await route.getAttribute('data-route'), await route.getAttribute('data-device')]).toEqual(['device', 'display-left']);
    await consolePage.close();
  });
});
