// npm run bench:latency: ingest accepted -> value painted on every one of K renderer pages.
// For each K (4 and 16) a K-display wall is generated whose every tile shows a KPI card and a
// line chart of the same series; each update revises that series with a new value, and the
// update's latency is the time from the ingest request to the LAST tile's frame that showed it
// (frame times are reported by the renderer: performance.timeOrigin + rAF timestamp).
// BENCH_SERVERS=2: the pages split over two content servers of one center on a throwaway
// PostgreSQL (odd pages on A, even on B), updates posted to A and B in turn.
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/support/browser.js';
import { prepareCenter } from '../tests/support/center.js';
import { createApiKey, enrollCodes, freePort, ingest, startServer, tempDataDir, tempLayouts, wallPageUrl, type RunningServer } from '../tests/support/server.js';
import { machine, sleep, summary, writeResult } from './support.js';

const UPDATES = Number(process.env.BENCH_UPDATES ?? 240);
const SIZES = (process.env.BENCH_K ?? '4,16').split(',').map(Number);
const SERVERS = Number(process.env.BENCH_SERVERS ?? 1);
if (SERVERS !== 1 && SERVERS !== 2) throw new Error('BENCH_SERVERS: expected 1 or 2');

function layoutsFor(k: number) {
  const cols = k <= 4 ? k / 2 || 1 : 4;
  const rows = Math.ceil(k / cols);
  const displays = Array.from({ length: k }, (_, i) => ({ id: `d${i + 1}`, row: Math.floor(i / cols), col: i % cols }));
  const wall = {
    id: 'bench', name: { vi: 'Tường đo', en: 'Bench wall' }, grid: { rows, cols },
    resolution: { width: 1920, height: 1080 }, displays, defaultScene: 'bench',
  };
  const panels = displays.flatMap((d) => {
    const x = d.col * 1920 + 40;
    const y = d.row * 1080 + 100;
    return [
      { id: `kpi-${d.id}`, type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x, y, w: 600, h: 300 } },
      { id: `line-${d.id}`, type: 'line', indicator: 'cpi_yoy', unit: 'VN', periods: 60, rect: { x, y: y + 330, w: 1840, h: 600 } },
    ];
  });
  return tempLayouts([wall], [{ id: 'bench', name: { vi: 'Đo độ trễ', en: 'Latency' }, wall: 'bench', panels }]);
}

async function run(k: number) {
  const layouts = layoutsFor(k);
  const positions = Array.from({ length: k }, (_, i) => `d${i + 1}`);
  let key: string;
  let codes: Record<string, string>;
  const servers: RunningServer[] = [];
  let cleanUp: () => Promise<void>;
  if (SERVERS === 1) {
    const data = tempDataDir();
    key = createApiKey(data.dir, 'bench', 'ingest');
    codes = enrollCodes(data.dir, 'bench', positions, layouts.dir);
    servers.push(await startServer({ dataDir: data.dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir } }));
    cleanUp = async () => data.remove();
  } else {
    const center = await prepareCenter(2);
    key = center.apiKey('bench', 'ingest');
    codes = center.enrollCodes('bench', positions, layouts.dir);
    for (const [i, dir] of center.dirs.entries()) servers.push(await startServer({ dataDir: dir, port: await freePort(), env: { LAYOUTS_DIR: layouts.dir, ...center.env, SERVER_NAME: `server-${i + 1}` } }));
    cleanUp = () => center.stop();
  }
  const server = servers[0]!;
  const history = Array.from({ length: 60 }, (_, i) => {
    const y = 2021 + Math.floor(i / 12);
    return { indicator: 'cpi_yoy', unit: 'VN', period: `${y}-${String((i % 12) + 1).padStart(2, '0')}`, value: 3 + Math.sin(i / 5), source: 'bench' };
  });
  await ingest(server.url, key, { observations: history });

  const browser = await launchChromium();
  const pages: Page[] = [];
  for (let i = 1; i <= k; i++) {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(wallPageUrl(servers[(i - 1) % servers.length]!.url, `wall=bench&display=d${i}`, codes[`d${i}`]!));
    pages.push(page);
  }
  for (const page of pages) await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 60_000 });

  const pace = k <= 4 ? 150 : 400;
  const sent: Array<{ value: number; t0: number }> = [];
  for (let i = 0; i < UPDATES; i++) {
    const value = 5 + i / 1000;
    const t0 = Date.now();
    const res = await ingest(servers[i % servers.length]!.url, key, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2025-12', value, source: 'bench' }] });
    if (res.status !== 200) throw new Error(`ingest refused: ${JSON.stringify(res.body)}`);
    sent.push({ value, t0 });
    await sleep(pace);
  }
  await sleep(2000);

  type Paint = { panelId: string; value: number; frameTime: number };
  const perPage = await Promise.all(
    pages.map((p) => p.evaluate(() => ((window as unknown as { __wallPaints: Paint[] }).__wallPaints ?? []).filter((x) => x.panelId.startsWith('kpi-')))),
  );
  const lastTile: number[] = [];
  const anyTile: number[] = [];
  let missing = 0;
  for (const { value, t0 } of sent) {
    const times = perPage.map((paints) => paints.find((p) => Math.abs(p.value - value) < 1e-9)?.frameTime);
    if (times.some((t) => t === undefined)) {
      missing++;
      continue;
    }
    const lat = (times as number[]).map((t) => t - t0);
    lastTile.push(Math.max(...lat));
    anyTile.push(...lat);
  }
  await browser.close();
  for (const s of servers) await s.stop();
  await cleanUp();
  layouts.remove();
  return { k, servers: SERVERS, updates: sent.length, missing, paceMs: pace, allTiles: summary(lastTile), perTile: summary(anyTile) };
}

const results = [];
for (const k of SIZES) {
  const r = await run(k);
  results.push(r);
  console.log(`K=${r.k} on ${SERVERS} server(s): ${r.updates} updates, ${r.missing} not painted everywhere; ingest -> painted on all tiles ms`, r.allTiles, '; per tile', r.perTile);
}
const file = writeResult(SERVERS > 1 ? `latency-on-${SERVERS}-servers` : 'latency', { date: new Date().toISOString(), machine: machine(), results });
console.log(`written ${file}`);
