import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createUser } from './support/room.js';
import { freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

const PASSWORD = 'control-room-42';

// Chromium at the console of the built server: an admin makes a group granting `operator` on the
// Groups screen and adds a viewer to it; that viewer, signing in anew, has an operator's console.
describe('console groups screen', () => {
  const data = tempDataDir();
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    createUser(data.dir, 'minh', 'admin', PASSWORD, 'Trần Minh');
    createUser(data.dir, 'hoa', 'viewer', PASSWORD, 'Nguyễn Thị Hoa');
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

  it('lets an admin grant operator to a viewer through a group; the viewer signs in as an operator', async () => {
    const before = await signIn('hoa');
    await expect.poll(() => before.getByTestId('whoami-role').textContent()).toBe('Người xem');
    expect(await before.getByTestId('viewer-note').count()).toBe(1);
    // A viewer is offered no Groups screen.
    expect(await before.locator('[data-testid="nav-tab"][data-view="groups"]').count()).toBe(0);
    await before.close();

    const page = await signIn('minh');
    await page.locator('[data-testid="nav-tab"][data-view="groups"]').click();
    await expect.poll(() => page.locator('#groups-title').textContent()).toBe('Nhóm và quyền được cấp');
    await page.getByTestId('group-new-name').fill('truc-ban');
    await page.getByTestId('group-new-display').fill('Trực ban');
    await page.getByTestId('group-new-role').selectOption('operator');
    await page.getByTestId('group-new-idp').fill('ioc-duty, ioc-night');
    await page.getByTestId('group-create').click();
    const row = page.locator('[data-testid="group-row"][data-name="truc-ban"]');
    await expect.poll(() => row.getAttribute('data-role')).toBe('operator');
    expect(await row.locator('strong').textContent()).toBe('Trực ban');
    expect(await row.locator('.enroll-meta').textContent()).toContain('ioc-duty, ioc-night');

    await row.getByTestId('group-member-username').fill('hoa');
    await row.getByTestId('group-member-add').click();
    await expect.poll(() => row.getAttribute('data-members')).toBe('1');
    expect(await row.locator('[data-testid="group-member"][data-username="hoa"]').textContent()).toContain('Nguyễn Thị Hoa');

    // An unknown user is refused, and the reason shown in both languages.
    await row.getByTestId('group-member-username').fill('nobody');
    await row.getByTestId('group-member-add').click();
    await expect.poll(() => page.getByTestId('groups-message').textContent()).toMatch(/Không có người dùng "nobody".*no user named "nobody"/);
    await page.close();

    const after = await signIn('hoa');
    await expect.poll(() => after.getByTestId('whoami-role').textContent()).toBe('Điều hành viên');
    expect(await after.getByTestId('viewer-note').count()).toBe(0);
    // An operator's controls: the walls' scene buttons may be pressed.
    await expect.poll(() => after.getByTestId('scene-button').count()).toBeGreaterThan(0);
    expect(await after.getByTestId('scene-button').evaluateAll((els) => els.some((e) => !(e as HTMLButtonElement).disabled))).toBe(true);
    await after.close();
  });
});
