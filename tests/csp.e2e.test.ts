// The Content-Security-Policy is one the pages actually satisfy (issue 14): a wall tile drawing a
// WebGL map (MapLibre and its blob: workers) and a d3 chart, and the console signed in, raise no
// `securitypolicyviolation` event and log no CSP error in real Chromium.
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createUser } from './support/room.js';
import { createApiKey, freePort, ingest, startServer, tempDataDir, tempLayouts, type RunningServer } from './support/server.js';

const wall = {
  id: 'csp',
  name: { vi: 'Tường thử CSP', en: 'CSP test wall' },
  grid: { rows: 1, cols: 1 },
  resolution: { width: 1280, height: 720 },
  size: { width: 1400, height: 790 },
  bezel: 3,
  displays: [{ id: 'd1', row: 0, col: 0 }],
  defaultScene: 'csp-scene',
};
const scenes = [
  {
    id: 'csp-scene',
    name: { vi: 'Bản đồ và biểu đồ', en: 'Map and chart' },
    wall: 'csp',
    panels: [
      { id: 'map', type: 'map', indicator: 'cpi_yoy', layers: ['choropleth', 'events'], rect: { x: 20, y: 60, w: 700, h: 640 } },
      { id: 'line', type: 'line', indicator: 'cpi_yoy', unit: '01', periods: 12, rect: { x: 740, y: 60, w: 520, h: 640 } },
    ],
  },
];

interface Violations {
  events: Array<{ directive: string; blocked: string; source: string }>;
  console: string[];
}

/** Records CSP violations from the first script on: the page's own events and Chromium's console lines. */
async function watch(page: Page): Promise<Violations> {
  const seen: Violations = { events: [], console: [] };
  await page.exposeFunction('__cspViolation', (v: Violations['events'][number]) => seen.events.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (v: unknown) => void }).__cspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, source: `${e.sourceFile}:${e.lineNumber}` });
    });
  });
  page.on('console', (m: ConsoleMessage) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.console.push(m.text());
  });
  return seen;
}

describe('the Content-Security-Policy in Chromium', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([wall], scenes, { withRepo: true });
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    const key = createApiKey(data.dir, 'e2e-csp', 'ingest');
    createUser(data.dir, 'csp-operator', 'operator', 'csp-e2e-Passw0rd!');
    server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, WALL_AUTH: 'open' } });
    const periods = ['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'];
    const observations = [
      ...['01', '79', '48', '92'].map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: '2026-10', value: 2 + i * 0.3, source: 'e2e' })),
      ...periods.slice(0, -1).map((period, i) => ({ indicator: 'cpi_yoy', unit: '01', period, value: 2.5 + Math.sin(i) / 2, source: 'e2e' })),
    ];
    expect((await ingest(server.url, key, { observations })).status).toBe(200);
    browser = await launchChromium({ webgl: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
    layouts.remove();
  });

  it('is sent with the pages', async () => {
    const res = await fetch(`${server.url}/wall/`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('lets a wall tile draw its map and chart without a violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const seen = await watch(page);
    await page.goto(`${server.url}/wall/?wall=csp&display=d1`);
    await page.locator('[data-testid=map-events]').waitFor({ timeout: 90_000 });
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 90_000 });
    // The map's canvas is WebGL and the chart an SVG with its line drawn.
    expect(await page.locator('[data-panel-id="map"] canvas').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-panel-id="line"] svg path').count()).toBeGreaterThan(0);
    expect(seen).toEqual({ events: [], console: [] });
    await page.close();
  });

  it('lets the console sign in and show its views without a violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const seen = await watch(page);
    await page.goto(`${server.url}/console/`);
    await page.getByTestId('login-username').fill('csp-operator');
    await page.getByTestId('login-password').fill('csp-e2e-Passw0rd!');
    await page.getByTestId('login-password-submit').click();
    await page.locator('[data-testid="nav-tab"]').first().waitFor({ timeout: 30_000 });
    for (const view of ['walls', 'devices', 'commands']) await page.locator(`[data-testid="nav-tab"][data-view="${view}"]`).click();
    expect(seen).toEqual({ events: [], console: [] });
    await page.close();
  });
});
