// A legible console (issue 14): every screen an admin reaches, and the sign-in screen with single
// sign-on offered, at the console's sizes (a phone upright, the room's touch tablet, a desktop),
// in Vietnamese and English, in real Chromium: no text overprints another, none is cut off, no
// label sticks out of its button, and no select cuts its chosen option. The console has one
// colour scheme of its own; the three themes are the wall's, which the Walls screen switches and
// shows, so that screen is checked with each of them chosen. See tests/support/legibility.ts.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { describeDefects, textDefects, type TextCheckOptions } from './support/legibility.js';
import { startIdp, type RunningIdp } from './support/oidc-idp.js';
import { createUser, demoRoomLayouts, type DemoRoomLayouts } from './support/room.js';
import { createApiKey, enrollDisplays, freePort, ingest, sendCommand, startServer, tempDataDir, type RunningServer } from './support/server.js';

const LANGUAGES = ['vi', 'en'] as const;
const WALL_THEMES = ['dark', 'high-contrast', 'light'] as const;
/** control-console/README.md: the room's touch tablet, a desktop, and a phone held upright. */
const SIZES = [
  { name: 'phone 360x780', width: 360, height: 780, touch: true },
  { name: 'tablet 1280x800', width: 1280, height: 800, touch: true },
  { name: 'desktop 1920x1080', width: 1920, height: 1080, touch: false },
] as const;
const CHECK: TextCheckOptions = { scrolls: true, controls: 'button, a.button, [role=switch]', titledEllipsis: true, selects: true };

const ADMIN = { username: 'quantri', password: 'mat-khau-quan-tri-01', name: 'Nguyễn Văn Quản Trị Viên' };

/** What a screen may need of the test's room. */
interface Room {
  deviceCount: number;
  wallTheme: (theme: string) => Promise<void>;
}

interface Screen {
  name: string;
  /** Brings the screen up from any other and waits until it shows what it is checked with. */
  open: (page: Page, room: Room) => Promise<void>;
  /**
   * Looks of the screen to check in turn, instead of the one it opens with; each sets one up and
   * names it, with the part of the page to check where it lays something over the rest (a dialog,
   * a toast: covering the screen under them is their purpose).
   */
  looks?: (page: Page, room: Room) => AsyncGenerator<Look>;
}

type Look = string | { look: string; root: string };

async function dismissToasts(p: Page): Promise<void> {
  const close = p.locator('[data-testid="toast"] .toast-close');
  // A toast may leave on its own timer meanwhile; that is as good as closed.
  while ((await close.count()) > 0) await close.first().click({ timeout: 2000 }).catch(() => {});
}

const tab = (page: Page, view: string) => page.locator(`[data-testid="nav-tab"][data-view="${view}"]`).click();
const atLeast = async (page: Page, selector: string, n: number) => expect.poll(() => page.locator(selector).count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(n);

/** Every screen of a signed-in admin, one entry each: a new screen is added here. */
const SCREENS: Screen[] = [
  {
    name: 'walls',
    open: async (p) => {
      await tab(p, 'walls');
      await atLeast(p, '[data-testid="wall"]', 1);
      await atLeast(p, '[data-testid="calibration-fields"]', 1);
      await atLeast(p, '[data-testid="pending-code"]', 1);
      await atLeast(p, '[data-testid="wall-device"]', 1);
    },
    looks: async function* (p, room) {
      for (const theme of WALL_THEMES) {
        await room.wallTheme(theme);
        await expect.poll(() => p.locator(`[data-testid="wall-theme"][data-theme="${theme}"]`).first().getAttribute('aria-pressed')).toBe('true');
        yield `wall theme ${theme}`;
      }
      // A wall command run here: its toast, with "Hoàn tác / Undo".
      await p.locator('[data-testid="wall-language"][aria-pressed="false"]').first().click();
      await p.locator('[data-testid="toast"][data-kind="ok"]').first().waitFor();
      yield { look: 'toast', root: '.toasts' };
      await dismissToasts(p);
    },
  },
  { name: 'warnings', open: async (p) => (await tab(p, 'warnings'), await atLeast(p, '[data-testid="warning"]', 2), await atLeast(p, '[data-testid="warning-acked"]', 1)) },
  {
    name: 'devices',
    open: async (p, room) => {
      await tab(p, 'devices');
      await expect.poll(() => p.locator('[data-testid="device-card"][data-status="online"]').count(), { timeout: 15_000 }).toBe(room.deviceCount);
      await atLeast(p, '[data-testid="failed-command"]', 1);
    },
  },
  {
    name: 'commands',
    open: async (p) => (await tab(p, 'commands'), await atLeast(p, '[data-testid="command-card"]', 20)),
    looks: async function* (p) {
      yield 'catalog';
      // The server's confirmation for display.power, answered "no": nothing is sent.
      const power = p.locator('[data-testid="command-card"][data-command="display.power"]');
      await power.locator('[data-field="device"] select').selectOption('display-left');
      await power.getByTestId('command-run').click();
      await p.getByTestId('confirm-dialog').waitFor();
      yield { look: 'confirmation', root: '[data-testid="confirm-dialog"]' };
      await p.getByTestId('confirm-no').click();
      await p.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    },
  },
  {
    name: 'mine',
    open: async (p) => {
      await tab(p, 'mine');
      await p.getByTestId('mine-refresh').click();
      await atLeast(p, '[data-testid="my-action"]', 3);
      // The confirmation answered "no" above: a refused line with its reason.
      await atLeast(p, '[data-testid="my-action"][data-ok="false"]', 1);
    },
  },
  {
    name: 'users',
    open: async (p) => {
      await tab(p, 'users');
      await atLeast(p, '[data-testid="user-row"]', 3);
      await atLeast(p, '[data-testid="group-grant"]', 1);
      // A unit's own account (its unit's name in the select) and a role given by a group.
      await atLeast(p, '[data-testid="user-row"][data-unit="01"]', 1);
      await atLeast(p, '[data-testid="user-effective-role"]', 1);
    },
    looks: async function* (p) {
      yield 'list';
      // The console's own question: a new password for a person.
      await p.locator('[data-testid="user-row"][data-username="lan"]').getByTestId('user-reset').click();
      await p.getByTestId('ask-dialog').waitFor();
      yield { look: 'new password', root: '[data-testid="ask-dialog"]' };
      await p.getByTestId('ask-no').click();
      await p.getByTestId('ask-dialog').waitFor({ state: 'detached' });
    },
  },
  { name: 'groups', open: async (p) => (await tab(p, 'groups'), await atLeast(p, '[data-testid="group-row"]', 2), await atLeast(p, '[data-testid="group-member"]', 2)) },
];

describe('a legible console', () => {
  const data = tempDataDir();
  let layouts: DemoRoomLayouts;
  let idp: RunningIdp;
  let server: RunningServer;
  let browser: Browser;
  let adminKey: string;

  beforeAll(async () => {
    layouts = await demoRoomLayouts();
    createUser(data.dir, ADMIN.username, 'admin', ADMIN.password, ADMIN.name);
    createUser(data.dir, 'lan', 'operator', 'mat-khau-dieu-hanh-01', 'Nguyễn Thị Lan');
    createUser(data.dir, 'khach', 'viewer', 'mat-khau-nguoi-xem-01');
    adminKey = createApiKey(data.dir, 'e2e-legible-admin', 'admin');
    const ingestKey = createApiKey(data.dir, 'e2e-legible-ingest', 'ingest');
    enrollDisplays(data.dir, 'main', ['d1'], layouts.dir);
    const port = await freePort();
    idp = await startIdp(`http://127.0.0.1:${port}/api/v1/auth/oidc/callback`, {});
    const secretFile = join(data.dir, 'oidc-secret');
    writeFileSync(secretFile, idp.clientSecret);
    server = await startServer({
      dataDir: data.dir,
      port,
      env: {
        LAYOUTS_DIR: layouts.dir,
        DEMO_ROOM: '1',
        ...{ OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET_FILE: secretFile, OIDC_SCOPES: 'openid profile groups' },
        OIDC_ROLE_MAP: '{"ioc-quan-tri-he-thong":"admin","ioc-dieu-hanh":"operator"}',
      },
    });
    browser = await launchChromium();

    // Warnings to list, one raised and one acknowledged with a note: a threshold crossed, in the
    // whole country and in the province with the longest name.
    const catalog = ((await (await fetch(`${server.url}/api/v1/catalog`, { headers: { authorization: `Bearer ${adminKey}` } })).json()) as { indicators: Array<{ id: string }> }).indicators;
    const put = await fetch(`${server.url}/api/v1/catalog/indicators/cpi_yoy`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify({ ...catalog.find((i) => i.id === 'cpi_yoy'), thresholds: { warnAbove: 4.5 }, targets: {} }),
    });
    expect(put.status).toBe(200);
    const obs = (period: string, value: number, unit: string) => ({ indicator: 'cpi_yoy', unit, period, value, source: 'GSO' });
    expect((await ingest(server.url, ingestKey, { observations: [obs('2026-09', 4.1, 'VN'), obs('2026-10', 5.2, 'VN'), obs('2026-10', 5.6, '79')] })).status).toBe(200);
    const auth = { authorization: `Bearer ${adminKey}` };
    const raised = ((await (await fetch(`${server.url}/api/v1/warnings`, { headers: auth })).json()) as { warnings: Array<{ id: number; unit: string }> }).warnings;
    expect(raised.map((w) => w.unit).sort()).toEqual(['79', 'VN']);
    const ack = await fetch(`${server.url}/api/v1/warnings/${raised.find((w) => w.unit === '79')!.id}/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ note: 'Đã báo cáo lãnh đạo trung tâm và Sở Tài chính' }),
    });
    expect(ack.status).toBe(200);
    // Groups to list, one with a provider group and members; a unit's own account.
    const admin = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, { method, headers: { ...auth, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
      expect(res.ok, `${method} ${path}: ${res.status}`).toBe(true);
      return res.json() as Promise<{ group?: { id: number } }>;
    };
    const duty = (await admin('POST', '/api/v1/groups', { name: 'truc-ban-ky-thuat', displayName: 'Trực ban kỹ thuật trung tâm điều hành', role: 'technician', idpGroups: ['ioc-ky-thuat-vien-truc-ban'] })).group!;
    await admin('PUT', `/api/v1/groups/${duty.id}/members/lan`);
    await admin('PUT', `/api/v1/groups/${duty.id}/members/khach`);
    await admin('POST', '/api/v1/groups', { name: 'lanh-dao', displayName: 'Lãnh đạo Văn phòng Chính phủ', role: 'viewer' });
    await admin('PATCH', '/api/v1/users/khach', { unit: '01' });
    // A failed device command to list: the 8x8 matrix has no output 99.
    expect((await sendCommand(server.url, adminKey, 'matrix.route', { device: 'matrix', input: 1, output: 99 }, 'e2e-legible-bad-route')).status).toBe(502);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await idp?.close();
    layouts?.remove();
    data.remove();
  });

  const check = async (page: Page, context: string, root = 'body') => {
    await page.evaluate(() => document.fonts.ready);
    // textDefects finds nothing in a part that is not there: it must be there, with text.
    expect(await page.locator(root).first().innerText(), `${context}: ${root}`).not.toBe('');
    return describeDefects(context, await textDefects(page, root, 1, CHECK));
  };
  const newContext = (size: (typeof SIZES)[number]) => browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: size.touch });
  const language = async (page: Page, lng: string) => {
    await page.locator(`[data-testid="ui-language"][data-language="${lng}"]`).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lng);
  };

  // The check itself, on a page made for it: a green run above means nothing if it sees nothing.
  it('the check finds a label out of its button, a cut select, a cut label and text beyond the side; not a titled name, scrolled text or text below the fold', async () => {
    const page = await browser.newPage({ viewport: { width: 400, height: 300 } });
    try {
      await page.setContent(`<style>body{margin:0;font:16px sans-serif} .cut{width:60px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}</style>
        <button style="width:40px;white-space:nowrap">Commands</button>
        <select style="width:90px;font:16px sans-serif"><option>Weekly economic briefing</option></select>
        <div class="cut">Brightness route</div><div class="cut" title="Nguyễn Văn Quản Trị Viên">Nguyễn Văn Quản Trị Viên</div>
        <div style="width:60px;overflow-x:auto;white-space:nowrap">Scrolled along</div>
        <p style="white-space:nowrap;margin-left:300px">Beyond the side</p><p style="margin-top:900px">Below the fold</p>`);
      const found = describeDefects('test', await textDefects(page, 'body', 1, CHECK)).map((d) => d.replace(/ \(.*$/, ''));
      expect(found).toEqual([
        'test BUTTON: spills "Commands" sticks out of <button>',
        'test cut: clipped "Brightness route" cut by <div .cut>',
        'test P: clipped "Beyond the side" cut by the window',
        'test SELECT: clipped "Weekly economic briefing" cut by <select>',
      ]);
    } finally {
      await page.close();
    }
  });

  it.each(SIZES)('the sign-in screen at $name: single sign-on, password, refusal and access key, in vi and en', async (size) => {
    const context = await newContext(size);
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/console/`);
      await expect.poll(() => page.getByTestId('login-sso').textContent()).toBe('Đăng nhập một lần / Single sign-on');
      const found: string[] = [];
      for (const lng of LANGUAGES) {
        await language(page, lng);
        found.push(...(await check(page, `sign-in ${lng} ${size.name}`)));
      }
      await page.getByTestId('login-username').fill(ADMIN.username);
      await page.getByTestId('login-password').fill('not-the-password');
      await page.getByTestId('login-password-submit').click();
      await page.getByTestId('login-error').waitFor();
      await page.getByTestId('login-use-key').click();
      await page.getByTestId('login-key').waitFor();
      for (const lng of LANGUAGES) {
        await language(page, lng);
        found.push(...(await check(page, `sign-in (refused, access key) ${lng} ${size.name}`)));
      }
      expect(found).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it.each(SIZES)('every screen of an admin at $name, in vi and en: no text overprints another or is cut off', async (size) => {
    // A display waiting to be enrolled, for the pending codes on the Walls screen.
    const pairing = await browser.newPage({ viewport: { width: 640, height: 360 } });
    const context = await newContext(size);
    try {
      await pairing.goto(`${server.url}/wall/?wall=main&display=d2`);
      const page = await context.newPage();
      await page.goto(`${server.url}/console/`);
      await page.getByTestId('login-username').fill(ADMIN.username);
      await page.getByTestId('login-password').fill(ADMIN.password);
      await page.getByTestId('login-password-submit').click();
      await page.getByTestId('whoami').waitFor();
      const room: Room = {
        deviceCount: layouts.deviceIds.length,
        wallTheme: async (theme) => expect((await sendCommand(server.url, adminKey, 'wall.theme', { wallId: 'main', theme })).status).toBe(200),
      };
      const found: string[] = [];
      for (const lng of LANGUAGES) {
        await language(page, lng);
        for (const screen of SCREENS) {
          await screen.open(page, room);
          if (!screen.looks) found.push(...(await check(page, `${screen.name} ${lng} ${size.name}`)));
          else {
            for await (const look of screen.looks(page, room)) {
              const { look: name, root } = typeof look === 'string' ? { look, root: 'body' } : look;
              found.push(...(await check(page, `${screen.name} (${name}) ${lng} ${size.name}`, root)));
            }
          }
        }
      }
      expect(found).toEqual([]);
    } finally {
      await context.close();
      await pairing.close();
    }
  }, 120_000);
});
