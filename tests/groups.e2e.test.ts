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

  // The console's own dialogs, not the browser's: a password typed for someone is masked, the
  // question is in the console's language, and "Hủy / Cancel" changes nothing.
  it('asks in its own dialogs: a masked new password, provider groups, and a delete that Cancel keeps', async () => {
    createUser(data.dir, 'tam', 'viewer', PASSWORD, 'Lê Văn Tâm');
    const page = await signIn('minh');
    const native: string[] = [];
    page.on('dialog', (d) => (native.push(d.message()), void d.dismiss()));

    await page.locator('[data-testid="nav-tab"][data-view="users"]').click();
    const tam = page.locator('[data-testid="user-row"][data-username="tam"]');
    await tam.getByTestId('user-reset').click();
    const input = page.getByTestId('ask-input');
    expect(await input.getAttribute('type')).toBe('password');
    expect(await page.locator('#ask-title').textContent()).toBe('Đặt lại mật khẩu');
    await input.fill('short');
    expect(await page.getByTestId('ask-yes').isDisabled()).toBe(true);
    await input.fill('mat-khau-moi-cua-tam-2026');
    await page.getByTestId('ask-yes').click();
    await expect.poll(() => page.getByTestId('users-message').textContent()).toBe('Đã lưu.');
    expect(await page.getByTestId('ask-dialog').count()).toBe(0);
    const signedIn = await (await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tam', password: 'mat-khau-moi-cua-tam-2026' }) })).json();
    expect(signedIn).toMatchObject({ token: expect.stringMatching(/^ios_/) });

    await page.locator('[data-testid="nav-tab"][data-view="groups"]').click();
    const row = page.locator('[data-testid="group-row"][data-name="truc-ban"]');
    await row.getByTestId('group-idp').click();
    expect(await page.getByTestId('ask-input').inputValue()).toBe('ioc-duty, ioc-night');
    await page.getByTestId('ask-input').fill('ioc-duty, ioc-weekend');
    await page.getByTestId('ask-yes').click();
    await expect.poll(() => row.locator('.enroll-meta').textContent()).toContain('ioc-duty, ioc-weekend');

    await row.getByTestId('group-delete').click();
    expect(await page.getByTestId('ask-text').textContent()).toContain('Xóa nhóm truc-ban?');
    await page.getByTestId('ask-no').click();
    expect(await page.getByTestId('ask-dialog').count()).toBe(0);
    await page.getByTestId('ui-language').and(page.locator('[data-language="en"]')).click();
    await row.getByTestId('group-delete').click();
    expect(await page.getByTestId('ask-text').textContent()).toContain('Delete group truc-ban?');
    await page.getByTestId('ask-yes').click();
    await expect.poll(() => page.locator('[data-testid="group-row"][data-name="truc-ban"]').count()).toBe(0);
    expect(native).toEqual([]);
    await page.close();
  });
});
