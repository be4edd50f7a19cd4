import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { enrollCodes, enrollDisplays, freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

// A wall page opened with a single-use enrollment code (`ops wall-device enroll`), never a token
// in its address: the code leaves the address, the page reads with its device token. A token
// in the address is dropped unread: the page shows its pairing screen and says why.
describe('a wall page opened with an enrollment code', () => {
  const data = tempDataDir();
  let server: RunningServer;
  let browser: Browser;
  let code: string;
  const reads: Array<{ url: string; authorization: string | null }> = [];
  const tile = (page: Page) => page.locator('[data-testid="tile"]');

  beforeAll(async () => {
    code = enrollCodes(data.dir, 'main', ['d1']).d1!;
    server = await startServer({ dataDir: data.dir, port: await freePort() });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it('trades the code, drops it from the address, and reads the layouts with its device token', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('request', (r) => {
      if (r.url().includes('/api/v1/')) reads.push({ url: new URL(r.url()).pathname, authorization: r.headers()['authorization'] ?? null });
    });
    await page.goto(`${server.url}/wall/?wall=main&display=d1&code=${code}`);
    await expect.poll(() => tile(page).getAttribute('data-scene'), { timeout: 30_000 }).toBe('overview');
    expect(new URL(page.url()).search).toBe('?wall=main&display=d1');
    expect(reads.map((r) => r.url)).toContain('/api/v1/wall-devices/exchange');
    const layouts = reads.filter((r) => r.url === '/api/v1/layouts');
    expect(layouts.length).toBeGreaterThan(0);
    expect(layouts.every((r) => /^Bearer iow_/.test(r.authorization ?? ''))).toBe(true);
    await page.close();
  });

  it('refuses the same code a second time: a fresh page shows a pairing code', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall/?wall=main&display=d1&code=${code}`);
    await expect.poll(() => page.getByTestId('pairing-screen').getAttribute('data-code'), { timeout: 30_000 }).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(new URL(page.url()).search).not.toContain('code=');
    await page.close();
  });

  it('ignores a valid device token in its address: dropped at once, never sent, the pairing screen says codes replace it', async () => {
    const token = enrollDisplays(data.dir, 'main', ['d2']).d2!;
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const carried: string[] = [];
    page.on('request', (r) => {
      // The address typed in is the browser's to load; what counts is what the page sends after.
      if (r.isNavigationRequest()) return;
      if (r.url().includes(token) || Object.values(r.headers()).some((v) => v.includes(token))) carried.push(r.url());
    });
    page.on('websocket', (ws) => ws.on('framesent', (f) => void (String(f.payload).includes(token) && carried.push(`ws: ${ws.url()}`))));
    await page.goto(`${server.url}/wall/?wall=main&display=d2&token=${token}`);
    // Not connected as that device: a fresh pairing code, which only an unenrolled page is given.
    await expect.poll(() => page.getByTestId('pairing-screen').getAttribute('data-code'), { timeout: 30_000 }).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(new URL(page.url()).search).toBe('?wall=main&display=d2');
    const note = page.getByTestId('pairing-token-note');
    await expect.poll(() => note.textContent()).toContain('Địa chỉ không còn mang mã thiết bị (token=)');
    expect(await note.textContent()).toContain('use a single-use code (code=) printed by “ops wall-device enroll”');
    expect(await page.getByTestId('tile').count()).toBe(0);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);
    expect(carried).toEqual([]);
    await page.close();
  });
});
