// npm run bench:preview [-- --changes N]: a wall change to the console's live preview painted.
// One content server, a generated 2x2 wall (4 renderer pages, 960x540 each, enrolled by their
// codes) and one console page (1920x1080, an operator signed in) showing the wall's live preview
// (the wall's own page on its whole canvas in a frame, as a preview: issue 16), all in one
// headless Chromium on this machine. A scene change is commanded N times (alternating two
// scenes); the server schedules each for a wall time T; every page, the preview included, logs
// the time of the first frame that shows it (window.__iocSync). Per change:
// - preview - wall: the preview's frame minus the median of the 4 wall pages' frames (0: the same
//   frame; one frame is 16.7 ms);
// - command -> preview painted: from sending the command to the preview's frame (T is 250 ms
//   ahead of the command by design, WALL_SCENE_LEAD_MS);
// and how many changes the preview never showed.
import type { Frame, Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { createUser } from '../tests/support/room.js';
import { createApiKey, enrollCodes, freePort, ingest, sendCommand, startServer, tempDataDir, tempLayouts, wallPageUrl } from '../tests/support/server.js';
import { BENCH_LIMITS, KPI_SCENE_DATA, alternatingKpiScenes, machine, percentile, sleep, summary, writeResult } from './support.js';

type SyncRecord = { kind: string; at: number; frameLocal: number; sceneId?: string };

const argAt = process.argv.indexOf('--changes');
const CHANGES = Number(argAt >= 0 ? process.argv[argAt + 1] : (process.env.BENCH_CHANGES ?? 60));
if (!Number.isInteger(CHANGES) || CHANGES < 2) throw new Error('--changes: expected an integer >= 2');
const PASSWORD = 'mat-khau-dieu-hanh-01';

const displays = [0, 1, 2, 3].map((i) => ({ id: `d${i + 1}`, row: Math.floor(i / 2), col: i % 2 }));
const wall = { id: 'preview', name: { vi: 'Tường xem trước', en: 'Preview wall' }, grid: { rows: 2, cols: 2 }, resolution: { width: 1920, height: 1080 }, bezel: 3, size: { width: 1210, height: 680 }, displays, defaultScene: 'pv-a' };
const scenes = alternatingKpiScenes('preview', 'pv', displays, (d) => ({ x: d.col * 1930 + 40, y: d.row * 1090 + 100 }));
const layouts = tempLayouts([wall], scenes);
const data = tempDataDir();
createUser(data.dir, 'lan', 'operator', PASSWORD);
const ingestKey = createApiKey(data.dir, 'bench-ingest', 'ingest');
const operatorKey = createApiKey(data.dir, 'bench-operator', 'operator');
const codes = enrollCodes(data.dir, 'preview', displays.map((d) => d.id), layouts.dir);
const server = await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, RATE_LIMITS: JSON.stringify(BENCH_LIMITS) } });
await ingest(server.url, ingestKey, KPI_SCENE_DATA);
const browser = await launchChromium();
const pages: Page[] = [];
for (const d of displays) {
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  await page.goto(wallPageUrl(server.url, `wall=preview&display=${d.id}`, codes[d.id]!));
  pages.push(page);
}
const consolePage = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
await consolePage.goto(`${server.url}/console/`);
await consolePage.getByTestId('login-username').fill('lan');
await consolePage.getByTestId('login-password').fill(PASSWORD);
await consolePage.getByTestId('login-password-submit').click();
await consolePage.locator('[data-testid="wall-preview"][data-wall-id="preview"] [data-testid="wall-preview-frame"]').waitFor();
const previewFrame = async (): Promise<Frame> => {
  for (;;) {
    const f = consolePage.frames().find((x) => x.url().includes('wall=preview') && x.url().includes('preview=1'));
    if (f) return f;
    await sleep(100);
  }
};
const preview = await previewFrame();
for (const p of [...pages.map((x) => x.mainFrame()), preview]) await p.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 120_000 });
await sleep(3000);
console.log(`4 wall pages and the console's preview ready; ${CHANGES} scene changes...`);

const sent = new Map<number, number>();
const started = Date.now();
for (let i = 0; i < CHANGES; i++) {
  const at = Date.now();
  const res = await sendCommand(server.url, operatorKey, 'wall.scene.show', { wallId: 'preview', sceneId: i % 2 === 0 ? 'pv-b' : 'pv-a' }, `bench-preview-${started}-${i}`);
  if (res.status !== 200) throw new Error(`command refused: ${res.status} ${JSON.stringify(res.body)}`);
  sent.set(i, at);
  await sleep(700);
}
await sleep(1500);

const read = (f: Frame) => f.evaluate(() => ((window as unknown as { __iocSync?: SyncRecord[] }).__iocSync ?? []).filter((r) => r.kind === 'state'));
const wallLogs = await Promise.all(pages.map((p) => read(p.mainFrame())));
const previewLog = await read(preview);
await browser.close();
await server.stop();
data.remove();
layouts.remove();

// Changes by T, in the order they were sent (T grows with each command).
const ts = [...new Set(wallLogs.flat().filter((r) => r.frameLocal >= started).map((r) => r.at))].sort((a, b) => a - b);
const behind: number[] = [];
const commandToPreview: number[] = [];
let missed = 0;
ts.forEach((t, i) => {
  const wallFrames = wallLogs.map((log) => log.find((r) => r.at === t)?.frameLocal).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const shown = previewLog.find((r) => r.at === t);
  if (!shown || wallFrames.length === 0) return void missed++;
  behind.push(shown.frameLocal - wallFrames[Math.floor(wallFrames.length / 2)]!);
  const at = sent.get(i);
  if (at !== undefined) commandToPreview.push(shown.frameLocal - at);
});
const r1 = (x: number) => Math.round(x * 10) / 10;
const result = {
  changes: ts.length,
  preview_minus_wall_ms: summary(behind),
  preview_same_frame_as_wall: behind.filter((x) => Math.abs(x) < 8).length,
  command_to_preview_painted_ms: summary(commandToPreview),
  preview_missed: missed,
};
writeResult('preview', { date: new Date().toISOString(), machine: machine(), ...result });
console.log(`preview - wall (median of 4 pages), ${result.changes} changes: p50 ${r1(percentile(behind, 50))} ms, p99 ${r1(percentile(behind, 99))} ms, max ${r1(Math.max(...behind))} ms; same frame as the wall: ${result.preview_same_frame_as_wall} of ${behind.length}`);
console.log(`command -> preview painted: p50 ${r1(percentile(commandToPreview, 50))} ms, p99 ${r1(percentile(commandToPreview, 99))} ms; changes the preview never showed: ${missed}`);
