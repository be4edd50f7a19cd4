// A legible wall (issue 13): every scene of the demo wall, on every display, in both languages
// and all three themes, drill-down panel sets included, and the pairing screen in small windows:
// no text overprints another and none is cut off. DOM text only (HTML and SVG); the map's and
// the globe's WebGL labels are out of reach here (see tests/support/legibility.ts).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser.js';
import { describeDefects, textDefects } from './support/legibility.js';
import { drawsSettledExcept } from './support/settle.js';
import { ROOT, createApiKey, enrollCodes, freePort, sendCommand, startServer, tempDataDir, wallPageUrl, type RunningServer } from './support/server.js';

const SCENES = readdirSync(join(ROOT, 'layouts/scenes')).map((f) => f.replace(/\.json$/, '')).sort();
const LANGUAGES = ['vi', 'en'] as const;
const THEMES = ['dark', 'high-contrast', 'light'] as const;
/** The province whose drill-down set is checked: the longest name in either language. */
const FOCUS = ['79'];

const WEEKDAYS = {
  vi: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
};
/** "Thứ Hai, 07/12/2026" / "Monday, 7 December 2026" for the date of an ISO 8601 time in +07:00. */
function expectedDate(iso: string, lang: 'vi' | 'en'): string {
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  const day = new Date(`${y}-${m}-${d}T00:00:00Z`);
  const weekday = WEEKDAYS[lang][day.getUTCDay()];
  if (lang === 'vi') return `${weekday}, ${d}/${m}/${y}`;
  return `${weekday}, ${Number(d)} ${day.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${y}`;
}

describe('a legible demo wall', () => {
  const data = tempDataDir();
  let server: RunningServer;
  let browser: Browser;
  let operator: string;
  const tiles: Page[] = [];
  const tile = (p: Page) => p.locator('[data-testid="tile"]');
  const command = async (name: string, args: object) => {
    const res = await sendCommand(server.url, operator, name, args);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };
  /** Waits until both tiles show `attr` = `value`, their panels have data and drawing has stopped. */
  const shown = async (attr: string, value: string) => {
    for (const p of tiles) {
      await expect.poll(() => tile(p).getAttribute(attr)).toBe(value);
      // Without WebGL the map stays in its waiting box; every other panel must have drawn.
      await expect.poll(() => p.locator('[data-testid=panel][data-state=waiting]:not([data-panel-type=map])').count()).toBe(0);
    }
    // The globe turns all the time; its labels are WebGL, out of reach anyway.
    for (const p of tiles) await drawsSettledExcept(p, 400, ['three']);
  };
  const check = async (context: string) => {
    const found: string[] = [];
    for (const p of tiles) found.push(...describeDefects(`${context} ${await tile(p).getAttribute('data-display')}`, await textDefects(p, '[data-testid="tile"]')));
    return found;
  };
  /** Every language and theme of what the wall shows now. */
  const everyLook = async (context: string) => {
    const found: string[] = [];
    for (const language of LANGUAGES) {
      await command('wall.language', { wallId: 'main', language });
      await shown('data-lang', language);
      for (const theme of THEMES) {
        await command('wall.theme', { wallId: 'main', theme });
        await shown('data-theme', theme);
        found.push(...(await check(`${context} ${language} ${theme}`)));
      }
    }
    return found;
  };

  beforeAll(async () => {
    operator = createApiKey(data.dir, 'e2e-legible-op', 'operator');
    const codes = enrollCodes(data.dir, 'main', ['d1', 'd2']);
    server = await startServer({ dataDir: data.dir, port: await freePort(), demo: true, env: { DEMO_ROOM: '0' } });
    browser = await launchChromium();
    for (const display of ['d1', 'd2']) {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(wallPageUrl(server.url, `wall=main&display=${display}`, codes[display]!));
      tiles.push(page);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    data.remove();
  });

  it.each(SCENES)('scene %s: no text overprints another or is cut off, in vi and en, in every theme, on both displays', async (scene) => {
    await command('wall.scene.show', { wallId: 'main', sceneId: scene });
    await shown('data-scene', scene);
    expect(await everyLook(scene)).toEqual([]);
  }, 300_000);

  it('the drill-down panel sets: no text overprints another or is cut off', async () => {
    await command('wall.scene.show', { wallId: 'main', sceneId: 'operations' });
    await shown('data-scene', 'operations');
    const found: string[] = [];
    for (const unit of FOCUS) {
      await command('wall.drilldown', { wallId: 'main', unit });
      await shown('data-focus', unit);
      found.push(...(await everyLook(`operations/${unit}`)));
      // The archipelagos' inset shares the map's right column with the legend: all of it inside the map.
      for (const p of tiles) {
        const out = await p.locator('[data-panel-id=map-investment][data-state=ready]').evaluateAll((maps) =>
          maps.flatMap((m) => {
            const body = m.querySelector('.panel-body')!.getBoundingClientRect();
            return Array.from(m.querySelectorAll('.map-side > *')).filter((e) => e.getBoundingClientRect().bottom > body.bottom + 1).map((e) => e.getAttribute('data-testid'));
          }),
        );
        if (out.length) found.push(`operations/${unit} ${await tile(p).getAttribute('data-display')}: ${out.join(', ')} below the map`);
      }
    }
    await command('wall.drilldown', { wallId: 'main', unit: null });
    expect(found).toEqual([]);
  }, 300_000);

  it('shows the wall clock as people read it: the time large, the date in the wall\'s language, the zone once', async () => {
    const page = tiles[0]!;
    const clock = page.getByTestId('clock');
    const read = () => clock.evaluate((el) => ({ iso: el.getAttribute('datetime') ?? '', text: el.textContent ?? '', time: el.querySelector('[data-testid=clock-time]')?.textContent ?? '' }));
    for (const language of LANGUAGES) {
      await command('wall.language', { wallId: 'main', language });
      await expect.poll(() => tile(page).getAttribute('data-lang')).toBe(language);
      await expect.poll(async () => {
        const { iso, text, time } = await read();
        return text === `${expectedDate(iso, language)}${language === 'vi' ? 'Giờ Việt Nam (UTC+7)' : 'Vietnam time (UTC+7)'}${iso.slice(11, 19)}` && time === iso.slice(11, 19);
      }).toBe(true);
      const { text } = await read();
      // ISO 8601 stays in the datetime attribute, not in what people read.
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      const [timePx, datePx] = await Promise.all(['clock-time', 'clock-date'].map((id) => page.getByTestId(id).evaluate((el) => parseFloat(getComputedStyle(el).fontSize))));
      expect(timePx).toBeGreaterThanOrEqual(2 * datePx!);
    }
  });

  // With `&token=` in the address (dropped unread), the screen also carries the note on codes.
  it.each([
    [640, 360, false],
    [800, 600, false],
    [1920, 1080, false],
    [640, 360, true],
    [800, 600, true],
    [1920, 1080, true],
  ])('the pairing screen at %ix%i (with the note on a dropped token: %s): no text overprints another or is cut off', async (width, height, note) => {
    const page = await browser.newPage({ viewport: { width, height } });
    try {
      await page.goto(`${server.url}/wall/?wall=main&display=d2${note ? `&token=iow_${'x'.repeat(43)}` : ''}`);
      await expect.poll(() => page.getByTestId('pairing-screen').getAttribute('data-code')).toMatch(/^[A-Z0-9]{6}$/);
      expect(await page.getByTestId('pairing-token-note').count()).toBe(note ? 1 : 0);
      await page.evaluate(() => document.fonts.ready);
      expect(describeDefects(`pairing ${width}x${height}`, await textDefects(page))).toEqual([]);
    } finally {
      await page.close();
    }
  });
});
