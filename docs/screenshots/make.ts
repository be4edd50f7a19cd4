// npm run screenshots: the pictures in the README, made from the real system in headless
// Chromium on demo data: the 2x1 main wall (both tiles side by side) and the console.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { launchChromium } from '../../tests/support/browser.js';
import { ROOT, createApiKey, enrollCodes, freePort, startServer, tempDataDir, wallPageUrl } from '../../tests/support/server.js';

const out = join(ROOT, 'docs/screenshots');

/** Half-size copy (2x2 box filter), so the picture in the README stays small. */
function halve(src: PNG): PNG {
  const dst = new PNG({ width: src.width >> 1, height: src.height >> 1 });
  for (let y = 0; y < dst.height; y++) {
    for (let x = 0; x < dst.width; x++) {
      for (let c = 0; c < 4; c++) {
        const at = (dx: number, dy: number) => src.data[((2 * y + dy) * src.width + 2 * x + dx) * 4 + c]!;
        dst.data[(y * dst.width + x) * 4 + c] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) >> 2;
      }
    }
  }
  return dst;
}
const data = tempDataDir();
const operator = createApiKey(data.dir, 'screenshots', 'operator');
const codes = enrollCodes(data.dir, 'main', ['d1', 'd2']);
const server = await startServer({ dataDir: data.dir, port: await freePort(), demo: true });
const browser = await launchChromium();
try {
  for (let i = 0; ; i++) {
    const body = (await (await fetch(`${server.url}/api/v1/series?indicator=grdp_growth&unit=01`)).json()) as { points?: unknown[] };
    if ((body.points?.length ?? 0) > 20) break;
    if (i > 600) throw new Error('demo history not seeded');
    await new Promise((r) => setTimeout(r, 500));
  }
  const shots: PNG[] = [];
  for (const display of ['d1', 'd2']) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(wallPageUrl(server.url, `wall=main&display=${display}`, codes[display]!));
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });
    await page.waitForTimeout(500);
    shots.push(PNG.sync.read(await page.screenshot()));
  }
  const gap = 24; // the bezel, drawn so the picture reads as two displays
  const wall = new PNG({ width: 1920 * 2 + gap, height: 1080 });
  wall.data.fill(0x10);
  shots.forEach((shot, i) => PNG.bitblt(shot, wall, 0, 0, 1920, 1080, i * (1920 + gap), 0));
  writeFileSync(join(out, 'wall-main.png'), PNG.sync.write(halve(wall)));

  const consolePage = await browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
  await consolePage.goto(`${server.url}/console/#key=${operator}`);
  await consolePage.locator('[data-testid="scene-button"]').first().waitFor();
  await consolePage.waitForTimeout(500);
  await consolePage.screenshot({ path: join(out, 'console.png') });
  // The device board (every device of the demo room online, with the state it reported) and
  // the command catalog (room modes first).
  for (const view of ['devices', 'commands'] as const) {
    await consolePage.locator(`[data-testid="nav-tab"][data-view="${view}"]`).click();
    if (view === 'devices') await consolePage.locator('[data-testid="device-card"][data-status="online"]').nth(7).waitFor({ timeout: 20_000 });
    else await consolePage.locator('[data-testid="command-card"]').first().waitFor();
    await consolePage.waitForTimeout(500);
    await consolePage.screenshot({ path: join(out, `console-${view}.png`) });
  }
  console.log(`written ${join(out, 'wall-main.png')}, console.png, console-devices.png and console-commands.png`);
} finally {
  await browser.close();
  await server.stop();
  data.remove();
}
