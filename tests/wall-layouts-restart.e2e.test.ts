import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createApiKey, enrollCodes, freePort, startServer, tempDataDir, tempLayouts, wallPageUrl, type RunningServer } from './support/server.js';

// Issue 14: "One invalid scene file plus a restart removed the wall and every scene: the walls
// went blank." A real wall page keeps its scene across a restart with that scene file broken.
describe('a wall across a restart with its scene file broken', () => {
  const data = tempDataDir();
  const layouts = tempLayouts([], [], { withRepo: true });
  let server: RunningServer;
  let port: number;
  let browser: Browser;
  let page: Page;
  let adminKey: string;
  const tile = () => page.locator('[data-testid="tile"]');

  beforeAll(async () => {
    adminKey = createApiKey(data.dir, 'e2e-admin', 'admin');
    const codes = enrollCodes(data.dir, 'main', ['d1']);
    port = await freePort();
    server = await startServer({ dataDir: data.dir, port, env: { LAYOUTS_DIR: layouts.dir } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(wallPageUrl(server.url, 'wall=main&display=d1', codes['d1']!));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    layouts.remove();
    data.remove();
  });

  it('shows the default scene again after the restart, from its last good version', async () => {
    await expect.poll(() => tile().getAttribute('data-scene')).toBe('overview');
    await expect.poll(() => tile().getAttribute('data-connection')).toBe('online');
    const title = await page.getByTestId('scene-title').textContent();
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    await server.stop();
    writeFileSync(join(layouts.dir, 'scenes/overview.json'), '{ "id": "overview", "panels": [');
    await expect.poll(() => tile().getAttribute('data-connection')).toBe('offline');
    server = await startServer({ dataDir: data.dir, port, env: { LAYOUTS_DIR: layouts.dir } });

    await expect.poll(() => tile().getAttribute('data-connection'), { timeout: 30_000 }).toBe('online');
    await expect.poll(() => page.getByTestId('stale-badge').count()).toBe(0);
    expect(await tile().getAttribute('data-scene')).toBe('overview');
    expect(await page.getByTestId('scene-title').textContent()).toBe(title);
    expect(await page.locator('[data-testid="panel"]').count()).toBeGreaterThan(0);
    const errors = await fetch(`${server.url}/api/v1/layouts/errors`, { headers: { authorization: `Bearer ${adminKey}` } }).then((r) => r.json() as Promise<{ errors: Array<{ file: string }> }>);
    expect(errors.errors.every((e) => e.file === 'scenes/overview.json')).toBe(true);
  });
});
