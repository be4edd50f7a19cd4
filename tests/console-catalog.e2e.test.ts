import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { createUser, demoRoomLayouts, type DemoRoomLayouts } from './support/room.js';
import { freePort, sendCommand, startServer, tempDataDir, type RunningServer } from './support/server.js';

// The console as the catalog draws it, against a real server whose demo room serves an emulated
// device behind every device profile (real TCP and UDP sockets), in real headless Chromium.
describe('the console built from the command catalog, in the demo room', () => {
  const data = tempDataDir();
  const OPERATOR = { username: 'lan', password: 'mat-khau-dieu-hanh-01', name: 'Nguyễn Thị Lan' };
  const VIEWER = { username: 'khach', password: 'mat-khau-nguoi-xem-01' };
  const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-01' };
  let layouts: DemoRoomLayouts;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  const card = (p: Page, name: string) => p.locator(`[data-testid="command-card"][data-command="${name}"]`);
  const deviceCard = (p: Page, id: string) => p.locator(`[data-testid="device-card"][data-device-id="${id}"]`);
  const deviceState = (p: Page, id: string, key: string) => deviceCard(p, id).locator(`[data-testid="device-state"][data-key="${key}"]`);
  const view = (p: Page, name: 'walls' | 'devices' | 'commands') => p.locator(`[data-testid="nav-tab"][data-view="${name}"]`).click();
  const attr = (l: Locator, name: string) => async () => ((await l.count()) > 0 ? l.first().getAttribute(name) : null);

  async function dismissToasts(p: Page): Promise<void> {
    const close = p.locator('[data-testid="toast"] .toast-close');
    // A toast may leave on its own timer meanwhile; that is as good as closed.
    while ((await close.count()) > 0) await close.first().click({ timeout: 2000 }).catch(() => {});
  }

  async function signIn(p: Page, username: string, password: string): Promise<void> {
    await p.goto(`${server.url}/console/`);
    await p.getByTestId('login-username').fill(username);
    await p.getByTestId('login-password').fill(password);
    await p.getByTestId('login-password-submit').click();
  }

  /** Fills a command card's form: `choices` by select, `options` by segmented button, `toggles` on. */
  async function fill(c: Locator, form: { choices?: Record<string, string>; options?: Record<string, string>; toggles?: Record<string, boolean> }) {
    for (const [field, value] of Object.entries(form.choices ?? {})) await c.locator(`[data-field="${field}"] select`).selectOption(value);
    for (const [field, value] of Object.entries(form.options ?? {})) await c.locator(`[data-field="${field}"] [data-testid="field-option"][data-value="${value}"]`).click();
    for (const [field, on] of Object.entries(form.toggles ?? {})) {
      const toggle = c.locator(`[data-field="${field}"] [role="switch"]`);
      if ((await toggle.getAttribute('aria-checked')) !== String(on)) await toggle.click();
    }
  }

  beforeAll(async () => {
    layouts = await demoRoomLayouts();
    createUser(data.dir, OPERATOR.username, 'operator', OPERATOR.password, OPERATOR.name);
    createUser(data.dir, VIEWER.username, 'viewer', VIEWER.password);
    createUser(data.dir, ADMIN.username, 'admin', ADMIN.password);
    server = await startServer({ dataDir: data.dir, port: await freePort(), demo: false, env: { LAYOUTS_DIR: layouts.dir, DEMO_ROOM: '1' } });
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    layouts?.remove();
    data.remove();
  });

  it('refuses a wrong password in both languages, and the console language still switches', async () => {
    await page.goto(`${server.url}/console/`);
    await expect.poll(() => page.locator('.login h2').textContent()).toBe('Đăng nhập bảng điều khiển');
    await page.getByTestId('login-username').fill(OPERATOR.username);
    await page.getByTestId('login-password').fill('not-the-password');
    await page.getByTestId('login-password-submit').click();
    const error = page.getByTestId('login-error');
    await expect.poll(() => error.getAttribute('data-reason')).toBe('invalid');
    expect(await error.locator('[lang="vi"]').textContent()).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(await error.locator('[lang="en"]').textContent()).toBe('Wrong user name or password.');
    // The password field is cleared for the next try.
    expect(await page.getByTestId('login-password').inputValue()).toBe('');

    await page.locator('[data-testid="ui-language"][data-language="en"]').click();
    await expect.poll(() => page.locator('.login h2').textContent()).toBe('Sign in to the console');
    expect(await page.getByTestId('login-password-submit').textContent()).toBe('Sign in');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('[data-testid="ui-language"][data-language="vi"]').click();
    await expect.poll(() => page.getByTestId('login-password-submit').textContent()).toBe('Đăng nhập');
  });

  it('signs an operator in with a password and shows the devices coming online', async () => {
    await signIn(page, OPERATOR.username, OPERATOR.password);
    await expect.poll(() => page.getByTestId('whoami-name').textContent()).toBe(OPERATOR.name);
    expect(await page.getByTestId('whoami-role').textContent()).toBe('Điều hành viên');
    // The token is a session token, kept for this tab only.
    expect(await page.evaluate(() => sessionStorage.getItem('ioc.console.key'))).toMatch(/^ios_/);

    await view(page, 'devices');
    const cards = page.getByTestId('device-card');
    await expect.poll(() => cards.count()).toBe(layouts.deviceIds.length);
    await expect
      .poll(() => cards.evaluateAll((els) => els.filter((e) => e.getAttribute('data-status') !== 'online').map((e) => `${e.getAttribute('data-device-id')}=${e.getAttribute('data-status')}`)))
      .toEqual([]);
    expect(await deviceCard(page, 'display-left').locator('h3').textContent()).toBe('Màn hình ghép trái');
  });

  it('asks for the confirmation the server requires for display.power, then powers the display on', async () => {
    await view(page, 'commands');
    const power = card(page, 'display.power');
    await fill(power, { choices: { device: 'display-left' }, toggles: { on: true } });
    await power.getByTestId('command-run').click();

    const dialog = page.getByTestId('confirm-dialog');
    await expect.poll(() => dialog.getByTestId('confirm-prompt').textContent()).toBe('Xác nhận: Nguồn màn hình — Màn hình ghép trái?');
    expect(await dialog.textContent()).toContain('Màn hình ghép trái');
    // While the operator decides, the card's button is busy.
    expect(await power.getByTestId('command-run').getAttribute('data-pending')).toBe('true');
    await dialog.getByTestId('confirm-yes').click();

    const done = page.locator('[data-testid="toast"][data-kind="ok"]', { hasText: 'Đã thực hiện: Nguồn màn hình' });
    await expect.poll(() => done.count()).toBeGreaterThan(0);
    expect(await dialog.count()).toBe(0);
    await view(page, 'devices');
    await expect.poll(attr(deviceState(page, 'display-left', 'power'), 'data-value')).toBe('on');
    expect(await deviceState(page, 'display-left', 'power').locator('dd').textContent()).toBe('Bật');
  });

  it('undoes display.input from the toast, and the device card shows the input back', async () => {
    await view(page, 'commands');
    const input = card(page, 'display.input');
    await fill(input, { choices: { device: 'display-left' }, options: { source: 'hdmi1' } });
    await input.getByTestId('command-run').click();
    await expect.poll(() => input.getByTestId('command-outcome').getAttribute('data-ok')).toBe('true');
    await expect.poll(() => input.getByTestId('command-run').getAttribute('data-pending')).toBe('false');

    // Only this run's toast on screen, so the undo tapped is the one for hdmi1 -> dp.
    await dismissToasts(page);
    await fill(input, { options: { source: 'dp' } });
    await input.getByTestId('command-run').click();
    const undo = page.locator('[data-testid="toast"][data-kind="ok"][data-command="display.input"] [data-testid="toast-undo"]');
    await expect.poll(() => undo.count()).toBe(1);

    await view(page, 'devices');
    await expect.poll(attr(deviceState(page, 'display-left', 'input'), 'data-value')).toBe('dp');
    await undo.click();
    await expect.poll(attr(deviceState(page, 'display-left', 'input'), 'data-value')).toBe('hdmi1');
  });

  it('runs the briefing room mode after a confirmation and shows each step’s result', async () => {
    await view(page, 'commands');
    const macro = card(page, 'room.mode.briefing');
    expect(await macro.getAttribute('data-kind')).toBe('macro');
    expect(await page.locator('[data-testid="command-group"]').first().getAttribute('data-system')).toBe('room');
    await macro.getByTestId('command-run').click();

    const dialog = page.getByTestId('confirm-dialog');
    await expect.poll(() => dialog.getByTestId('confirm-prompt').textContent()).toBe('Xác nhận: Chế độ họp giao ban?');
    await dialog.getByTestId('confirm-yes').click();

    const steps = macro.getByTestId('step-result');
    await expect.poll(() => steps.count()).toBe(11);
    const statuses = await steps.evaluateAll((els) => els.map((e) => `${e.getAttribute('data-command') || 'delay'}=${e.getAttribute('data-status')}`));
    expect(statuses.filter((s) => s.endsWith('=failed'))).toEqual([]);
    expect(statuses.filter((s) => s.endsWith('=done')).length).toBeGreaterThanOrEqual(10);
    expect(statuses[0]).toBe('display.power=done');
    expect(statuses.at(-1)).toBe('wall.scene.show=done');
    await expect.poll(() => page.locator('[data-testid="toast"][data-type="macro-done"]').count()).toBeGreaterThan(0);

    await view(page, 'devices');
    await expect.poll(attr(deviceState(page, 'display-right', 'input'), 'data-value')).toBe('hdmi2');
    await expect.poll(attr(deviceState(page, 'matrix', 'routes'), 'data-value')).toMatch(/"1":3/);
  });

  it('switches the wall theme, drills down to a province found without accents, and steps through a briefing', async () => {
    await view(page, 'walls');
    const wall = page.locator('[data-testid="wall"][data-wall-id="main"]');
    await page.locator('[data-testid="wall-theme"][data-theme="high-contrast"]').click();
    await expect.poll(() => wall.getAttribute('data-theme')).toBe('high-contrast');
    expect(await page.locator('[data-testid="wall-theme"][data-theme="high-contrast"]').getAttribute('aria-pressed')).toBe('true');

    await page.getByTestId('unit-search').fill('da nang');
    const units = page.locator('[data-testid="unit-button"]:not([data-unit=""])');
    await expect.poll(() => units.count()).toBe(1);
    const daNang = units.first();
    expect(await daNang.textContent()).toBe('Đà Nẵng');
    await daNang.click();
    await expect.poll(() => page.getByTestId('current-focus').textContent()).toBe('Đà Nẵng');
    await page.locator('[data-testid="unit-button"][data-unit=""]').click();
    await expect.poll(() => page.getByTestId('current-focus').getAttribute('data-unit')).toBe('');
    expect(await page.getByTestId('current-focus').textContent()).toBe('Toàn quốc');

    const briefing = wall.getByTestId('briefing');
    await page.getByTestId('briefing-choice').selectOption('weekly-economy');
    await page.getByTestId('briefing-start').click();
    await expect.poll(() => page.getByTestId('briefing-progress').textContent()).toBe('Bước 1 / 4');
    expect(await page.getByTestId('briefing-prev').isDisabled()).toBe(true);
    await page.getByTestId('briefing-next').click();
    await expect.poll(() => page.getByTestId('briefing-progress').textContent()).toBe('Bước 2 / 4');
    await expect.poll(() => page.getByTestId('current-scene').getAttribute('data-scene-id')).toBe('economy');
    // Ending a briefing asks first (the catalog says so, the server enforces it).
    await page.getByTestId('briefing-end').click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => briefing.getAttribute('data-briefing-id')).toBe('');
    await expect.poll(() => page.getByTestId('current-scene').getAttribute('data-scene-id')).toBe('overview');
  });

  it('lets a viewer see the room but run nothing', async () => {
    const viewerContext = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    try {
      const v = await viewerContext.newPage();
      await signIn(v, VIEWER.username, VIEWER.password);
      await expect.poll(() => v.getByTestId('whoami-role').textContent()).toBe('Người xem');
      expect(await v.getByTestId('viewer-note').count()).toBe(1);

      // The walls: visible, every control disabled.
      await expect.poll(() => v.getByTestId('scene-button').count()).toBeGreaterThan(0);
      for (const id of ['scene-button', 'wall-language', 'wall-theme', 'unit-button']) {
        expect(await v.getByTestId(id).evaluateAll((els) => els.every((e) => (e as HTMLButtonElement).disabled)), id).toBe(true);
      }

      await view(v, 'devices');
      await expect.poll(() => v.getByTestId('device-card').count()).toBe(layouts.deviceIds.length);
      // Live state reaches viewers too: display-left was powered on by the operator.
      await expect.poll(attr(deviceState(v, 'display-left', 'power'), 'data-value')).toBe('on');

      await view(v, 'commands');
      const runs = v.getByTestId('command-run');
      await expect.poll(() => runs.count()).toBeGreaterThan(20);
      expect(await runs.evaluateAll((els) => els.filter((e) => !(e as HTMLButtonElement).disabled).map((e) => e.getAttribute('data-command')))).toEqual([]);
      expect(await card(v, 'display.power').getByTestId('role-note').textContent()).toBe('Chỉ dành cho: Điều hành viên, Kỹ thuật viên, Quản trị viên');
    } finally {
      await viewerContext.close();
    }
  });

  it('shows an admin the failed device commands, and sends one again from the console', async () => {
    const adminContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    try {
      const a = await adminContext.newPage();
      await signIn(a, ADMIN.username, ADMIN.password);
      await expect.poll(() => a.getByTestId('whoami-role').textContent()).toBe('Quản trị viên');
      // A route to an output the 8x8 matrix does not have: the switcher answers with an error.
      const token = await a.evaluate(() => sessionStorage.getItem('ioc.console.key'));
      const res = await sendCommand(server.url, token!, 'matrix.route', { device: 'matrix', input: 1, output: 99 }, 'e2e-route-bad-output');
      expect(res.status).toBe(502);
      await view(a, 'devices');
      await a.getByTestId('failed-refresh').click();
      const failed = a.locator('[data-testid="failed-command"][data-command="matrix.route"]');
      await expect.poll(() => failed.count()).toBe(1);
      expect(await failed.first().getAttribute('data-client-id')).toBe('e2e-route-bad-output');
      await failed.first().getByTestId('failed-resend').click();
      // The re-send fails the same way: an error toast, and the list shows the new run linked to the first.
      await expect.poll(() => a.locator('[data-testid="toast"][data-kind="error"]').count()).toBeGreaterThan(0);
      await expect.poll(() => failed.count()).toBe(2);
      expect(await failed.first().textContent()).toContain('e2e-route-bad-output');
    } finally {
      await adminContext.close();
    }
  });

  it('signs out: the session ends on the server and the login screen is back', async () => {
    const token = await page.evaluate(() => sessionStorage.getItem('ioc.console.key'));
    expect(token).toMatch(/^ios_/);
    const me = () => fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await me()).toBe(200);
    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('login-username').count()).toBe(1);
    expect(await page.evaluate(() => sessionStorage.getItem('ioc.console.key'))).toBeNull();
    await expect.poll(me).toBe(401);
  });

  // Last: the limiter also counts failures by address, and every test signs in from 127.0.0.1.
  it('says how long to wait once sign-ins are rate-limited', async () => {
    for (let i = 0; i < 10; i++) {
      const res = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: OPERATOR.username, password: `guess-${i}` }) });
      if (res.status === 429) break;
      expect(res.status).toBe(401);
    }
    await page.getByTestId('login-username').fill(OPERATOR.username);
    await page.getByTestId('login-password').fill(OPERATOR.password);
    await page.getByTestId('login-password-submit').click();
    const error = page.getByTestId('login-error');
    await expect.poll(() => error.getAttribute('data-reason')).toBe('rate-limited');
    expect(await error.locator('[lang="vi"]').textContent()).toMatch(/^Đăng nhập sai quá nhiều lần\. Hãy thử lại sau \d+ giây\.$/);
    expect(await error.locator('[lang="en"]').textContent()).toMatch(/^Too many failed sign-ins\. Try again in \d+ seconds?\.$/);
  });
});
