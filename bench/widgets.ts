// npm run bench:widgets [-- --changes N] [-- --only id,id] [-- --json]: the cost of each widget.
// For every gallery fixture (wall-app/renderer/src/gallery): data change -> repaint complete,
// p50/p95 over N changes (the change is applied to the panel's topic store as a live delta
// would be; "repaint complete" = the start of the first frame after the widget's last drawing
// pass for it: d3 draws synchronously in the commit, deck.gl and three.js on their next frame);
// then, left alone for IDLE_S seconds with wall time frozen, its redraws, layouts and style
// recalculations per second (target 0; the ticker and the turning globe move by design: they
// are measured with a live clock and reported apart).
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { galleryUrl } from '../tests/support/golden.js';
import { drawCount } from '../tests/support/settle.js';
import { freePort, startServer, tempDataDir } from '../tests/support/server.js';
import { machine, percentile, writeResult } from './support.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const CHANGES = Number(arg('--changes') ?? 40);
const IDLE_S = Number(arg('--idle') ?? 5);
const ONLY = arg('--only')?.split(',');
const JSON_OUT = process.argv.includes('--json');
const say = (...a: unknown[]) => (JSON_OUT ? console.error(...a) : console.log(...a));
/** Fixtures drawn with WebGL (need SwiftShader) and fixtures that animate by themselves. */
const isWebgl = (id: string) => /^(map|globe)/.test(id);
const animates = (id: string) => /^(ticker|globe)/.test(id);

const data = tempDataDir();
const server = await startServer({ dataDir: data.dir, port: await freePort(), env: { WALL_AUTH: 'open' } });
const browsers = new Map<boolean, Browser>();
const browserFor = async (webgl: boolean) => {
  let b = browsers.get(webgl);
  if (!b) browsers.set(webgl, (b = await launchChromium({ webgl })));
  return b;
};

async function open(id: string, clock: 'frozen' | 'live'): Promise<Page> {
  const page = await (await browserFor(isWebgl(id))).newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(`${galleryUrl(server.url, id)}${clock === 'live' ? '&clock=live' : ''}`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 120_000 });
  await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
  return page;
}

/** Fixture ids, as the gallery lists them for an unknown one. */
async function fixtureIds(): Promise<string[]> {
  const page = await (await browserFor(false)).newPage();
  await page.goto(`${server.url}/wall/gallery.html?fixture=`);
  const text = (await page.locator('#root').textContent()) ?? '';
  await page.close();
  return text.replace(/^.*known: /, '').split(', ').filter(Boolean);
}

/** One change measured in the page: ms from the change to the end of its last draw, and to the next frame. */
const MEASURE = `async (k, webgl) => {
  const draws = () => window.__wallDraws ?? [];
  const before = draws().length;
  const t0 = window.__gallery.change(k);
  let drawEnd = performance.now();
  if (webgl) {
    const start = performance.now();
    while (draws().length === before && performance.now() - start < 3000) await new Promise((r) => requestAnimationFrame(r));
    // Settle: further passes of the same change (transitions) within two frames.
    let n = draws().length;
    for (let i = 0; i < 2; i++) { await new Promise((r) => requestAnimationFrame(r)); if (draws().length !== n) { n = draws().length; i = -1; } }
    drawEnd = draws()[draws().length - 1]?.at ?? performance.now();
  } else if (draws().length > before) drawEnd = Math.max(drawEnd, draws()[draws().length - 1].at);
  const frame = await new Promise((r) => requestAnimationFrame((ts) => r(ts)));
  return { drawMs: drawEnd - t0, frameMs: Math.max(frame, drawEnd) - t0, draws: draws().length - before };
}`;

async function idle(page: Page, seconds: number, panel: string) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
    const m = new Map(metrics.map((x) => [x.name, x.value]));
    return { layouts: m.get('LayoutCount') ?? 0, styles: m.get('RecalcStyleCount') ?? 0, task: m.get('TaskDuration') ?? 0 };
  };
  const draws0 = await drawCount(page);
  const m0 = await metric();
  await page.evaluate((s) => new Promise((r) => setTimeout(r, s * 1000)), seconds);
  const m1 = await metric();
  const draws1 = await drawCount(page);
  await cdp.detach();
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    panel,
    redraws_per_s: r1((draws1 - draws0) / seconds),
    layouts_per_s: r1((m1.layouts - m0.layouts) / seconds),
    style_recalcs_per_s: r1((m1.styles - m0.styles) / seconds),
    main_thread_ms_per_s: r1(((m1.task - m0.task) * 1000) / seconds),
  };
}

const ids = (await fixtureIds()).filter((id) => !ONLY || ONLY.includes(id));
say(`${ids.length} fixtures: ${ids.join(', ')}; ${CHANGES} changes each, ${IDLE_S} s idle`);
const rows: Array<Record<string, unknown>> = [];
for (const id of ids) {
  const page = await open(id, 'frozen');
  const hasChange = await page.evaluate(`(() => { try { window.__gallery.change(1); return true; } catch { return false; } })()`);
  const times: number[] = [];
  const draws: number[] = [];
  if (hasChange) {
    for (let k = 2; k < CHANGES + 2; k++) {
      const r = (await page.evaluate(`(${MEASURE})(${k}, ${isWebgl(id)})`)) as { drawMs: number; frameMs: number; draws: number };
      times.push(r.frameMs);
      draws.push(r.draws);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 30)));
    }
  }
  const still = await idle(page, IDLE_S, id);
  await page.close();
  let moving: Awaited<ReturnType<typeof idle>> | null = null;
  if (animates(id)) {
    const livePage = await open(id, 'live');
    moving = await idle(livePage, IDLE_S, id);
    await livePage.close();
  }
  const r2 = (x: number) => Math.round(x * 10) / 10;
  const row = {
    fixture: id,
    webgl: isWebgl(id),
    changes: times.length,
    repaint_p50_ms: times.length ? r2(percentile(times, 50)) : null,
    repaint_p95_ms: times.length ? r2(percentile(times, 95)) : null,
    draws_per_change: draws.length ? r2(percentile(draws, 50)) : null,
    idle_redraws_per_s: still.redraws_per_s,
    idle_layouts_per_s: still.layouts_per_s,
    idle_style_recalcs_per_s: still.style_recalcs_per_s,
    idle_main_thread_ms_per_s: still.main_thread_ms_per_s,
    ...(moving ? { animating_redraws_per_s: moving.redraws_per_s, animating_main_thread_ms_per_s: moving.main_thread_ms_per_s } : {}),
  };
  rows.push(row);
  say(JSON.stringify(row));
}
for (const b of browsers.values()) await b.close();
await server.stop();
data.remove();
const file = writeResult('widgets', { date: new Date().toISOString(), machine: machine(), changes: CHANGES, idle_s: IDLE_S, rows });
if (JSON_OUT) console.log(JSON.stringify(rows));
else console.log(`written ${file}`);
