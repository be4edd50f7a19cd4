// The operations map on a production server (DEMO=0): its events layer draws only what a source
// posted to the map feed (issue 13). Nothing is posted: no incident, and the legend does not say
// demo; an incident posted with an ingest key reaches the wall's map at once.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnTimestamp } from '@ioc/protocol';
import { launchChromium } from './support/browser.js';
import { createApiKey, freePort, ingest, startServer, tempDataDir, tempLayouts, type RunningServer } from './support/server.js';

const wall = {
  id: 'ops',
  name: { vi: 'Tường thử', en: 'Test wall' },
  grid: { rows: 1, cols: 1 },
  resolution: { width: 1280, height: 720 },
  size: { width: 1400, height: 790 },
  bezel: 3,
  displays: [{ id: 'd1', row: 0, col: 0 }],
  defaultScene: 'opsmap',
};
const scenes = [
  { id: 'opsmap', name: { vi: 'Bản đồ', en: 'Map' }, wall: 'ops', panels: [{ id: 'map', type: 'map', indicator: 'cpi_yoy', layers: ['choropleth', 'events'], rect: { x: 40, y: 80, w: 1200, h: 620 } }] },
];

describe('the operations map on a server without demo data', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([wall], scenes, { withRepo: true });
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let key: string;

  beforeAll(async () => {
    key = createApiKey(data.dir, 'e2e-incidents', 'ingest');
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, WALL_AUTH: 'open' } });
    // Figures for the choropleth, so that the panel is drawn (an empty map waits for data).
    const observations = ['01', '79', '48', '92'].map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: '2026-10', value: 2 + i * 0.3, source: 'e2e' }));
    expect((await ingest(server.url, key, { observations })).status).toBe(200);
    browser = await launchChromium({ webgl: true });
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(`${server.url}/wall/?wall=ops&display=d1`);
    await page.locator('[data-testid=map-events]').waitFor({ timeout: 90_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    layouts.remove();
  });

  it('draws no invented incident, and labels nothing demo', async () => {
    const legend = page.locator('[data-testid=map-events]');
    expect(await legend.getAttribute('data-count')).toBe('0');
    expect(await legend.innerText()).not.toContain('demo');
  });

  it('shows an incident a source posts, as soon as it is stored', async () => {
    const res = await fetch(`${server.url}/api/v1/map-feed`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ incidents: [{ id: 'flood-1', province: '48', severity: 'high', occurredAt: formatVnTimestamp(Date.now() - 60_000), source: 'e2e' }] }),
    });
    expect(res.status).toBe(200);
    await page.waitForFunction(() => document.querySelector('[data-testid=map-events]')?.getAttribute('data-count') === '1', null, { timeout: 10_000 });
    expect(await page.locator('[data-testid=map-events]').innerText()).not.toContain('demo');
  });
});
