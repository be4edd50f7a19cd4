import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createApiKey, enrollCodes, freePort, ingest, startServer, tempDataDir, wallPageUrl, type RunningServer } from './support/server.js';

// The live path end to end: a real server process, real SQLite, real socket.io, two wall tiles
// and the console in real headless Chromium.
describe('a 2x1 wall and the console', () => {
  const data = tempDataDir();
  let server: RunningServer;
  let port: number;
  let browser: Browser;
  let tiles: Page[];
  let consolePage: Page;
  let ingestKey: string;
  let readerKey: string;
  let syntheticKey: string;

  const tile = (p: Page) => p.locator('[data-testid="tile"]');
  const obs = (value: number, period = '2026-10') => ({ indicator: 'cpi_yoy', unit: 'VN', period, value, source: 'e2e' });

  beforeAll(async () => {
    ingestKey = createApiKey(data.dir, 'e2e-ingest', 'ingest');
    readerKey = createApiKey(data.dir, 'e2e-reader', 'reader');
    syntheticKey = createApiKey(data.dir, 'e2e-generator', 'ingest', { synthetic: true });
    const operatorKey = createApiKey(data.dir, 'e2e-operator', 'operator');
    const codes = enrollCodes(data.dir, 'main', ['d1', 'd2']);
    port = await freePort();
    server = await startServer({ dataDir: data.dir, port });
    browser = await launchChromium();
    tiles = [];
    for (const display of ['d1', 'd2']) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(wallPageUrl(server.url, `wall=main&display=${display}`, codes[display]!));
      tiles.push(page);
    }
    consolePage = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    await consolePage.goto(`${server.url}/console/#key=${operatorKey}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('shows the default scene on both tiles, online', async () => {
    for (const [i, page] of tiles.entries()) {
      await expect.poll(() => tile(page).getAttribute('data-scene')).toBe('overview');
      await expect.poll(() => tile(page).getAttribute('data-connection')).toBe('online');
      expect(await tile(page).getAttribute('data-display')).toBe(`d${i + 1}`);
      expect(await page.getByTestId('scene-title').textContent()).toContain('Tổng quan kinh tế - xã hội');
    }
  });

  it('paints an ingested value on both tiles, in Vietnamese number format', async () => {
    const res = await ingest(server.url, ingestKey, { observations: [obs(12.34)] });
    expect(res).toEqual({ status: 200, body: expect.objectContaining({ accepted: 1 }) });
    const kpi = tiles[0]!.locator('[data-panel-id="kpi-cpi"] [data-testid="kpi-value"]');
    const cell = tiles[1]!.locator('[data-panel-id="table-national"] [data-testid="table-row"][data-indicator="cpi_yoy"] [data-testid="table-value"]');
    await expect.poll(() => kpi.textContent()).toContain('12,34');
    await expect.poll(() => cell.textContent()).toContain('12,34');
  });

  it('labels synthetic data on the wall, and only synthetic data', async () => {
    expect(await tiles[0]!.getByTestId('demo-watermark').count()).toBe(0);
    const res = await ingest(server.url, syntheticKey, { observations: [{ indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', value: 6.5, source: 'generator' }] });
    expect(res.status).toBe(200);
    await expect.poll(() => tiles[0]!.getByTestId('demo-watermark').textContent()).toBe('DỮ LIỆU MÔ PHỎNG / DEMO DATA');
    expect(await tiles[1]!.getByTestId('demo-watermark').textContent()).toBe('DỮ LIỆU MÔ PHỎNG / DEMO DATA');
  });

  it('refuses an invalid batch whole and shows nothing of it', async () => {
    const bad = await ingest(server.url, ingestKey, {
      observations: [obs(55.5), { ...obs(1), indicator: 'no_such_indicator' }, { ...obs(2), unit: 'ZZ' }],
    });
    expect([400, 422]).toContain(bad.status);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ index: 1, field: 'indicator' }));
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ index: 2, field: 'unit' }));

    const shape = await ingest(server.url, ingestKey, { observations: [obs(55.5), { ...obs(3), value: 'three' }] });
    expect(shape.status).toBe(400);
    expect(shape.body.errors).toContainEqual(expect.objectContaining({ index: 1, field: 'value' }));

    expect((await ingest(server.url, 'ioc_wrongwrongwrongwrongwrong', { observations: [obs(55.5)] })).status).toBe(401);
    expect((await ingest(server.url, ingestKey, '{"observations": [', {})).status).toBe(400);
    expect((await ingest(server.url, ingestKey, JSON.stringify({ observations: [obs(55.5)] }), { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = JSON.stringify({ observations: [obs(55.5)] }) + ' '.repeat(3 * 1024 * 1024);
    const big = await ingest(server.url, ingestKey, huge);
    expect(big.status).toBe(413);
    expect(big.body.errors?.length).toBeGreaterThan(0);

    const series = await (await fetch(`${server.url}/api/v1/series?indicator=cpi_yoy&unit=VN`, { headers: { authorization: `Bearer ${readerKey}` } })).json();
    expect(series.points.map((p: { value: number }) => p.value)).toEqual([12.34]);
    expect(await tiles[0]!.locator('[data-panel-id="kpi-cpi"] [data-testid="kpi-value"]').textContent()).toContain('12,34');
  });

  it('switches both tiles when a scene is tapped in the console', async () => {
    const button = consolePage.locator('[data-testid="scene-button"][data-scene-id="economy"]');
    await button.tap();
    for (const page of tiles) await expect.poll(() => tile(page).getAttribute('data-scene')).toBe('economy');
    await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
    for (const page of tiles) expect(await page.getByTestId('scene-title').textContent()).toContain('Kinh tế vĩ mô');
  });

  it('switches the whole wall to English and back from the console', async () => {
    await consolePage.locator('[data-testid="wall-language"][data-language="en"]').tap();
    for (const page of tiles) {
      await expect.poll(() => tile(page).getAttribute('data-lang')).toBe('en');
      expect(await page.getByTestId('scene-title').textContent()).toContain('Macro-economy and trade');
    }
    await consolePage.locator('[data-testid="wall-language"][data-language="vi"]').tap();
    for (const page of tiles) await expect.poll(() => page.getByTestId('scene-title').textContent()).toContain('Kinh tế vĩ mô');
  });

  it('shows every display connected in the console', async () => {
    const status = consolePage.locator('[data-testid="display-status"]');
    await expect.poll(() => status.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-display-id')}=${e.getAttribute('data-connected')}`).sort())).toEqual(['d1=true', 'd2=true']);
  });

  it('keeps the last frame with a stale badge when the server stops, and recovers without a reload', async () => {
    for (const page of tiles) await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await server.stop();
    for (const page of tiles) {
      await expect.poll(() => tile(page).getAttribute('data-connection')).toBe('offline');
      await expect(page.getByTestId('stale-badge').isVisible()).resolves.toBe(true);
      // the badge tells the age of what is shown, e.g. "Mất kết nối - dữ liệu cách đây 3 giây"
      await expect.poll(() => page.getByTestId('stale-badge').textContent()).toMatch(/Mất kết nối.*\d+\s*giây/);
      expect(await page.locator('[data-testid="panel"]').count()).toBeGreaterThan(0);
    }

    server = await startServer({ dataDir: data.dir, port });
    for (const page of tiles) {
      await expect.poll(() => tile(page).getAttribute('data-connection'), { timeout: 30_000 }).toBe('online');
      await expect.poll(() => page.getByTestId('stale-badge').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
      expect(await tile(page).getAttribute('data-scene')).toBe('economy');
    }

    // Data keeps flowing after the restart (a new server epoch: fresh snapshots).
    expect((await ingest(server.url, ingestKey, { observations: [obs(7.89, '2026-11')] })).status).toBe(200);
    const kpi = tiles[1]!.locator('[data-panel-id="kpi-cpi"] [data-testid="kpi-value"]');
    await expect.poll(() => kpi.textContent()).toContain('7,89');
  });
});
