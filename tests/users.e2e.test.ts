import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { describeDefects, textDefects } from './support/legibility.js';
import { createUser } from './support/room.js';
import { createApiKey, freePort, startServer, tempDataDir, type RunningServer } from './support/server.js';

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
    createUser(data.dir, 'tuan', 'technician', PASSWORD);
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

  it('shows an operator the record of their own actions, in the console\'s language, and nobody else\'s', async () => {
    const page = await signIn('lan');
    // A wall command run from the Walls screen, as an operator runs one.
    await page.locator('[data-testid="wall-language"][aria-pressed="false"]').first().click();
    await page.locator('[data-testid="toast"][data-kind="ok"]').first().waitFor();
    await page.locator('[data-testid="nav-tab"][data-view="mine"]').click();
    await expect.poll(() => page.locator('#mine-title').textContent()).toBe('Thao tác của tôi');
    const ran = page.locator('[data-testid="my-action"][data-action="command.wall.language"]').first();
    await ran.waitFor();
    expect(await ran.getAttribute('data-ok')).toBe('true');
    expect(await ran.getByTestId('my-action-outcome').textContent()).toBe('Thành công');
    expect(await ran.locator('code').textContent()).toBe('main');
    // Signing in is on the record too; the admin's sign-in (the first test) is not.
    await page.locator('[data-testid="my-action"][data-action="auth.login"]').first().waitFor();
    expect(await page.locator('[data-testid="my-action"][data-action="user.create"]').count()).toBe(0);
    await page.locator('[data-testid="ui-language"][data-language="en"]').click();
    await expect.poll(() => page.locator('#mine-title').textContent()).toBe('My actions');
    expect(await ran.getByTestId('my-action-outcome').textContent()).toBe('Done');
    expect(await ran.locator('.mine-what').textContent()).toMatch(/language/i);
    await page.close();
  });

  it("tells a technician, beside each wall control, that it is not theirs and whose it is; an operator's scenes carry no such note", async () => {
    const page = await signIn('tuan');
    const note = (command: string) => page.locator(`[data-testid="wall"] [data-testid="role-note"][data-command="${command}"]`).first();
    await note('wall.scene.show').waitFor();
    expect(await note('wall.scene.show').textContent()).toBe('Chỉ dành cho: Điều hành viên, Người trình bày, Quản trị viên');
    for (const command of ['wall.language', 'wall.theme', 'briefing.start', 'wall.drilldown']) expect(await note(command).isVisible(), command).toBe(true);
    expect(await page.locator('[data-testid="scene-button"]').first().isDisabled()).toBe(true);
    // Legible on a phone held upright, in both languages (tests/support/legibility.ts).
    await page.setViewportSize({ width: 360, height: 780 });
    const defects: string[] = [];
    for (const lng of ['vi', 'en'] as const) {
      await page.locator(`[data-testid="ui-language"][data-language="${lng}"]`).click();
      await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lng);
      await page.evaluate(() => document.fonts.ready);
      defects.push(...describeDefects(`technician walls ${lng}`, await textDefects(page, 'body', 1, { scrolls: true, controls: 'button, a.button, [role=switch]', titledEllipsis: true, selects: true })));
    }
    expect(defects).toEqual([]);
    await expect.poll(() => note('wall.scene.show').textContent()).toBe('Only for: Operator, Presenter, Administrator');
    await page.close();

    const operator = await signIn('lan');
    // Every control is disabled until the catalog arrives; then the operator's scenes are enabled.
    await expect.poll(() => operator.locator('[data-testid="scene-button"]').first().isDisabled(), { timeout: 10_000 }).toBe(false);
    expect(await operator.locator('[data-testid="role-note"][data-command="wall.scene.show"]').count()).toBe(0);
    await operator.close();
  });

  it("draws each scene's thumbnail on its button from the scene's layout: every panel where the scene puts it, the displays as outlines", async () => {
    const key = createApiKey(data.dir, 'e2e-thumbnails', 'reader');
    const layouts = (await (await fetch(`${server.url}/api/v1/layouts`, { headers: { authorization: `Bearer ${key}` } })).json()) as {
      walls: Array<{ id: string; displays: unknown[] }>;
      scenes: Array<{ id: string; wall: string; panels: Array<{ id: string; rect: { x: number; y: number; w: number; h: number } }> }>;
      geometry: Record<string, { canvas: { width: number; height: number } }>;
    };
    const page = await signIn('lan');
    const buttons = page.locator('[data-testid="scene-button"]');
    await buttons.first().waitFor();
    expect(await buttons.count()).toBeGreaterThan(1);
    for (const button of await buttons.all()) {
      const sceneId = await button.getAttribute('data-scene-id');
      const scene = layouts.scenes.find((s) => s.id === sceneId)!;
      const wall = layouts.walls.find((w) => w.id === scene.wall)!;
      const thumb = button.getByTestId('scene-thumb');
      expect(await thumb.locator('[data-testid="thumb-display"]').count(), scene.id).toBe(wall.displays.length);
      expect(await thumb.locator('[data-testid="thumb-panel"]').count(), scene.id).toBe(scene.panels.length);
      // Each panel drawn where it sits on the canvas, to within a pixel of the thumbnail.
      const canvas = layouts.geometry[wall.id]!.canvas;
      const box = (await thumb.boundingBox())!;
      const scale = Math.min(box.width / canvas.width, box.height / canvas.height);
      const left = box.x + (box.width - canvas.width * scale) / 2;
      const top = box.y + (box.height - canvas.height * scale) / 2;
      for (const panel of scene.panels) {
        const drawn = (await thumb.locator(`[data-panel-id="${panel.id}"]`).boundingBox())!;
        expect(Math.abs(drawn.x + drawn.width / 2 - (left + (panel.rect.x + panel.rect.w / 2) * scale)), `${scene.id}/${panel.id} x`).toBeLessThan(1.5);
        expect(Math.abs(drawn.y + drawn.height / 2 - (top + (panel.rect.y + panel.rect.h / 2) * scale)), `${scene.id}/${panel.id} y`).toBeLessThan(1.5);
      }
    }
    await page.close();
  });

  it('shows the wall live on the console: the same scene drawn by the wall page on its whole canvas, following a change, the displays outlined by their state', async () => {
    const page = await signIn('lan');
    const preview = page.locator('[data-testid="wall-preview"][data-wall-id="main"]');
    await preview.waitFor();
    const tile = page.frameLocator('[data-testid="wall-preview-frame"]').locator('[data-testid="tile"]');
    const current = await page.getByTestId('current-scene').getAttribute('data-scene-id');
    await expect.poll(() => tile.getAttribute('data-scene'), { timeout: 20_000 }).toBe(current);
    expect(await tile.getAttribute('data-canvas')).toBe('true');
    // No display is connected in this room: each outline says so, and the preview is not one.
    expect(await preview.locator('[data-testid="preview-display"]').count()).toBe(2);
    expect(await preview.locator('[data-testid="preview-display"][data-connected="false"]').count()).toBe(2);
    // A scene chosen on the console reaches the preview as it reaches the wall.
    const other = page.locator(`[data-testid="scene-button"]:not([data-scene-id="${current}"])`).first();
    const next = await other.getAttribute('data-scene-id');
    await other.click();
    await expect.poll(() => tile.getAttribute('data-scene'), { timeout: 20_000 }).toBe(next);
    // The frame fills the figure at the canvas's proportions, so the outlines fall on the picture.
    const frame = (await page.getByTestId('wall-preview-frame').boundingBox())!;
    const figure = (await preview.boundingBox())!;
    expect(Math.abs(frame.width - figure.width) + Math.abs(frame.height - figure.height)).toBeLessThan(1);
    await page.close();
  });
});
