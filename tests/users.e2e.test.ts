import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createUser } from './support/room.js';
import { freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

const PASSWORD = 'control-room-42';

// Chromium at the console of the built server: an admin manages users on the Users screen; an
// operator is never offered it.
describe('console users screen', () => {
  const data = tempDataDir();
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    createUser(data.dir, 'minh', 'admin', PASSWORD, 'Trần Minh');
    createUser(data.dir, 'lan', 'operator', PASSWORD);
    server = await startServer({ dataDir: data.dir, port: await freePort() });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  async function signIn(username: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByTestId('login-username').fill(username);
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-password-submit').click();
    await page.getByTestId('whoami').waitFor();
    return page;
  }

  it('lets an admin create a user, change the role, bind them to a reporting unit and disable them', async () => {
    const page = await signIn('minh');
    await page.locator('[data-testid="nav-tab"][data-view="users"]').click();
    await expect.poll(() => page.locator('#users-title').textContent()).toBe('Người dùng và quyền');
    await page.getByTestId('user-new-username').fill('hoa');
    await page.getByTestId('user-new-display').fill('Nguyễn Thị Hoa');
    await page.getByTestId('user-new-role').selectOption('viewer');
    await page.getByTestId('user-new-password').fill('a-new-password-1');
    await page.getByTestId('user-create').click();
    const row = page.locator('[data-testid="user-row"][data-username="hoa"]');
    await expect.poll(() => row.getAttribute('data-role')).toBe('viewer');
    expect(await row.locator('strong').textContent()).toBe('Nguyễn Thị Hoa');

    await row.getByTestId('user-role').selectOption('operator');
    await expect.poll(() => row.getAttribute('data-role')).toBe('operator');
    // A unit's own account: bound to Hà Nội (01) from the catalog's units, listed with it after a reload.
    await row.getByTestId('user-unit').selectOption('01');
    await expect.poll(() => row.getAttribute('data-unit')).toBe('01');
    await page.reload();
    await page.locator('[data-testid="nav-tab"][data-view="users"]').click();
    await expect.poll(() => row.getByTestId('user-unit').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('01 · Hà Nội');
    await row.getByTestId('user-disable').click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('true');

    // An admin cannot lock themselves out: the refusal is shown in both languages.
    await page.locator('[data-testid="user-row"][data-username="minh"]').getByTestId('user-disable').click();
    await expect.poll(() => page.getByTestId('users-message').textContent()).toMatch(/Không thể tự vô hiệu hóa.*you cannot disable your own account/);
    await page.close();
  });

  it('offers no Users screen to an operator', async () => {
    const page = await signIn('lan');
    await page.locator('[data-testid="nav-tab"]').first().waitFor();
    expect(await page.locator('[data-testid="nav-tab"][data-view="users"]').count()).toBe(0);
    await page.close();
  });
});
