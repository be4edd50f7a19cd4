// npm run bench:skew [-- --renderers N] [-- --servers 2] [-- --json] [-- --align off] [-- --list-late]: cross-renderer skew of scheduled changes.
// --servers 2: the wall's pages split over two content servers of one center on a throwaway
// PostgreSQL (odd pages on A, even on B), the changes commanded on A and B in turn.
// N renderer pages of one generated wall in one headless Chromium on this machine; a scene
// change is commanded CHANGES times (alternating two scenes, through POST /api/v1/commands).
// The server schedules each for a wall time T; every page logs the wall time of the first
// frame that shows it (window.__iocSync). Skew of a change = max - min across pages of that
// frame's time. All pages share this machine's clock, so the true clock offset is 0: a page's
// clock error is its estimated offset (the one it used for each change) compared with 0.
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { prepareCenter } from '../tests/support/center.js';
import { createApiKey, enrollCodes, freePort, ingest, sendCommand, startServer, tempDataDir, tempLayouts, wallPageUrl, type RunningServer } from '../tests/support/server.js';
import { BENCH_LIMITS, KPI_SCENE_DATA, alternatingKpiScenes, machine, percentile, sleep, summary, writeResult } from './support.js';

type SyncRecord = { kind: string; at: number; frameWall: number; frameLocal: number; offset: number; sceneId?: string; arrivedAt?: number };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}
const RENDERERS = Number(arg('--renderers') ?? 16);
const SERVERS = Number(arg('--servers') ?? 1);
if (SERVERS !== 1 && SERVERS !== 2) throw new Error('--servers: expected 1 or 2');
const CHANGES = Number(arg('--changes') ?? process.env.BENCH_CHANGES ?? 120);
const JSON_OUT = process.argv.includes('--json');
// --align off: the server does not place T between the renderers' frame starts (for comparison).
const ALIGN = arg('--align') ?? 'on';
// --list-late: print each page shown more than a frame after T, with T's place in its wall second.
const LIST_LATE = process.argv.includes('--list-late') || process.argv.includes('--diagnose');
// --diagnose: with --list-late, the page's long animation frames (LoAF) around each late frame, to see what kept it busy.
const DIAGNOSE = process.argv.includes('--diagnose');
if (ALIGN !== 'on' && ALIGN !== 'off') throw new Error('--align: expected on or off');
if (!Number.isInteger(RENDERERS) || RENDERERS < 2) throw new Error('--renderers: expected an integer >= 2');
const say = (...a: unknown[]) => (JSON_OUT ? console.error(...a) : console.log(...a));

function layoutsFor(k: number) {
  const cols = Math.ceil(Math.sqrt(k));
  const rows = Math.ceil(k / cols);
  const displays = Array.from({ length: k }, (_, i) => ({ id: `d${i + 1}`, row: Math.floor(i / cols), col: i % cols }));
  const wall = { id: 'skew', name: { vi: 'Tường đo lệch', en: 'Skew wall' }, grid: { rows, cols }, resolution: { width: 1920, height: 1080 }, displays, defaultScene: 'skew-a' };
  const scenes = alternatingKpiScenes('skew', 'skew', displays, (d) => ({ x: d.col * 1920 + 40, y: d.row * 1080 + 100 }));
  return tempLayouts([wall], scenes);
}

const layouts = layoutsFor(RENDERERS);
const positions = Array.from({ length: RENDERERS }, (_, i) => `d${i + 1}`);
const serverEnv = { LAYOUTS_DIR: layouts.dir, WALL_FRAME_ALIGN: ALIGN, RATE_LIMITS: JSON.stringify(BENCH_LIMITS) };
let ingestKey: string;
let operatorKey: string;
let codes: Record<string, string>;
let servers: RunningServer[];
let cleanUp: () => Promise<void>;
if (SERVERS === 1) {
  const data = tempDataDir();
  ingestKey = createApiKey(data.dir, 'bench-ingest', 'ingest');
  operatorKey = createApiKey(data.dir, 'bench-operator', 'operator');
  codes = enrollCodes(data.dir, 'skew', positions, layouts.dir);
  servers = [await startServer({ dataDir: data.dir, port: await freePort(), env: serverEnv })];
  cleanUp = async () => data.remove();
} else {
  const center = await prepareCenter(2);
  ingestKey = center.apiKey('bench-ingest', 'ingest');
  operatorKey = center.apiKey('bench-operator', 'operator');
  codes = center.enrollCodes('skew', positions, layouts.dir);
  servers = [];
  for (const [i, dir] of center.dirs.entries()) servers.push(await startServer({ dataDir: dir, port: await freePort(), env: { ...serverEnv, ...center.env, SERVER_NAME: `server-${i + 1}` } }));
  cleanUp = () => center.stop();
}
const server = servers[0]!;
/** The server of page `i` (1-based): odd pages on the first, even on the second. */
const serverOf = (i: number) => servers[(i - 1) % servers.length]!;
await ingest(server.url, ingestKey, KPI_SCENE_DATA);
const browser = await launchChromium();
const pages: Page[] = [];
for (let i = 1; i <= RENDERERS; i++) {
  const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
  if (DIAGNOSE)
    await page.addInitScript(`(() => {
      const keep = (window.__loaf = []);
      new PerformanceObserver((list) => { for (const e of list.getEntries()) keep.push({ start: performance.timeOrigin + e.startTime, duration: e.duration, blocking: e.blockingDuration, render: e.renderStart ? performance.timeOrigin + e.renderStart : 0, scripts: (e.scripts || []).map((s) => ({ invoker: s.invoker, type: s.invokerType, start: performance.timeOrigin + s.startTime, duration: s.duration, fn: s.sourceFunctionName })) }); }).observe({ type: 'long-animation-frame', buffered: true });
    })()`);
  await page.goto(wallPageUrl(serverOf(i).url, `wall=skew&display=d${i}`, codes[`d${i}`]!));
  pages.push(page);
}
for (const page of pages) await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 120_000 });
// A string, not a function: tsx would wrap an inner function in a helper the page lacks.
const frameMs = (await pages[0]!.evaluate(`new Promise((resolve) => {
  const ts = [];
  const step = (t) => { ts.push(t); if (ts.length < 61) requestAnimationFrame(step); else resolve(ts.slice(1).map((x, i) => x - ts[i]).sort((a, b) => a - b)[30]); };
  requestAnimationFrame(step);
})`)) as number;
// Renderers report their frame cadence every 2 s after their clock burst: wait until all have.
const cadences = async (): Promise<number> => {
  let n = 0;
  for (const s of servers) {
    const res = await fetch(`${s.url}/api/v1/walls/skew/renderers`, { headers: { authorization: `Bearer ${operatorKey}` } });
    const body = (await res.json()) as { renderers: Array<{ clock: { frame?: unknown } | null }> };
    n += body.renderers.filter((r) => r.clock?.frame).length;
  }
  return n;
};
const waitFrom = Date.now();
while ((await cadences()) < RENDERERS && Date.now() - waitFrom < 10_000) await sleep(250);
const withCadence = await cadences();
say(`${RENDERERS} renderers ready on ${SERVERS} server(s) (${withCadence} reported a frame cadence; placement ${ALIGN}); frame interval ${frameMs.toFixed(1)} ms; ${CHANGES} scene changes...`);

const pace = Math.max(400, RENDERERS * 40);
const started = Date.now();
for (let i = 0; i < CHANGES; i++) {
  const sceneId = i % 2 === 0 ? 'skew-b' : 'skew-a';
  const res = await sendCommand(servers[i % servers.length]!.url, operatorKey, 'wall.scene.show', { wallId: 'skew', sceneId }, `bench-skew-${started}-${i}`);
  if (res.status !== 200) throw new Error(`command refused: ${res.status} ${JSON.stringify(res.body)}`);
  await sleep(pace);
}
await sleep(1500);

const loafs = DIAGNOSE ? await Promise.all(pages.map((p) => p.evaluate('window.__loaf || []'))) as Array<Array<{ start: number; duration: number; blocking: number; render: number; scripts: Array<{ invoker: string; type: string; start: number; duration: number; fn: string }> }>> : [];
const logs = await Promise.all(pages.map((p) => p.evaluate(() => ((window as unknown as { __iocSync?: SyncRecord[] }).__iocSync ?? []).filter((r) => r.kind === 'state'))));
const byT = new Map<number, SyncRecord[]>();
const pageOf = new Map<SyncRecord, number>();
logs.forEach((log, i) => { for (const r of log) pageOf.set(r, i); });
for (const log of logs) for (const r of log) if (r.frameLocal >= started) byT.set(r.at, [...(byT.get(r.at) ?? []), r]);
const spreads: number[] = [];
const spreadsEstimated: number[] = [];
const lateByFrame: number[] = [];
let incomplete = 0;
let early = 0;
let arrivedLate = 0;
let lateFrames = 0;
for (const records of byT.values()) {
  if (records.length !== RENDERERS) {
    incomplete++;
    continue;
  }
  const local = records.map((r) => r.frameLocal);
  const wall = records.map((r) => r.frameWall);
  spreads.push(Math.max(...local) - Math.min(...local));
  spreadsEstimated.push(Math.max(...wall) - Math.min(...wall));
  for (const r of records) {
    // True lateness: the frame's true time (local = true on one machine) after T.
    lateByFrame.push(r.frameLocal - r.at);
    if (r.frameLocal < r.at) early++;
    // Shown more than a frame after T: the change came after T, or the page's main thread was busy at T.
    if (r.frameLocal - r.at > frameMs) {
      lateFrames++;
      if (LIST_LATE) say(`late: page ${pageOf.get(r)}, T mod 1000 = ${(r.at % 1000).toFixed(1)}, by ${(r.frameLocal - r.at).toFixed(1)} ms, arrived ${r.arrivedAt ? (r.at - r.arrivedAt).toFixed(1) + ' ms before T' : '?'}`);
      if (DIAGNOSE) {
        const around = (loafs[pageOf.get(r)!] ?? []).filter((e) => e.start + e.duration >= r.at - 100 && e.start <= r.frameLocal);
        for (const e of around) say(`  LoAF at T${(e.start - r.at).toFixed(1)} ms, ${e.duration.toFixed(1)} ms (render at T${e.render ? (e.render - r.at).toFixed(1) : '?'}):`, e.scripts.map((x) => `${x.type} ${x.invoker} ${x.fn} ${x.duration.toFixed(1)} ms at T${(x.start - r.at).toFixed(1)}`).join('; '));
        if (around.length === 0) say('  no long animation frame around T');
      }
      if ((r.arrivedAt ?? 0) > r.at) arrivedLate++;
    }
  }
}
const offsets = logs.flat().filter((r) => r.frameLocal >= started).map((r) => Math.abs(r.offset - 0));
const estimates = await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { __iocClock: () => { offset: number; error: number; bestRtt: number } | null }).__iocClock())));
const finalErrors = estimates.map((e) => Math.abs(e?.offset ?? Number.NaN));
await browser.close();
for (const s of servers) await s.stop();
await cleanUp();
layouts.remove();

const r2 = (x: number) => Math.round(x * 100) / 100;
const result = {
  p50_ms: r2(percentile(spreads, 50)),
  p99_ms: r2(percentile(spreads, 99)),
  clock_error_p99_ms: r2(percentile(offsets, 99)),
  renderers: RENDERERS,
  servers: SERVERS,
  changes: spreads.length,
  frame_align: ALIGN,
  renderers_with_cadence: withCadence,
  incomplete_changes: incomplete,
  frame_interval_ms: r2(frameMs),
  max_ms: r2(Math.max(...spreads)),
  estimated_wall_spread: summary(spreadsEstimated),
  frame_after_T_ms: summary(lateByFrame),
  frames_before_T: early,
  frames_more_than_one_frame_after_T: lateFrames,
  of_which_arrived_after_T: arrivedLate,
  clock_error_final_ms: summary(finalErrors),
  reported_error_ms: summary(estimates.map((e) => e?.error ?? Number.NaN)),
};
const file = writeResult(`skew-${RENDERERS}${SERVERS > 1 ? `-on-${SERVERS}-servers` : ''}${ALIGN === 'off' ? '-unaligned' : ''}`, { date: new Date().toISOString(), machine: machine(), ...result });
if (JSON_OUT) console.log(JSON.stringify(result));
else {
  console.log(`skew across ${RENDERERS} renderers on ${SERVERS} server(s), ${result.changes} changes: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, max ${result.max_ms} ms (frame ${result.frame_interval_ms} ms)`);
  console.log(`clock-offset error: p99 ${result.clock_error_p99_ms} ms (per change), at the end`, result.clock_error_final_ms, '; reported error', result.reported_error_ms);
  console.log(`first frame after T: `, result.frame_after_T_ms, `; frames before T: ${early}; more than a frame after T: ${lateFrames} (${arrivedLate} arrived after T); changes not seen by every page: ${incomplete}`);
  console.log(`written ${file}`);
}
