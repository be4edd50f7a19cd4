// npm run bench:coldstart: renderer page opened -> every panel of its tile painted with data.
// The server runs on its demo data (history seeded first); each run opens the tile in a fresh
// browser context (no cache), from navigation start to the frame where the renderer marks ready.
import { launchChromium } from '../tests/support/browser.js';
import { createApiKey, enrollDisplays, freePort, startServer, tempDataDir } from '../tests/support/server.js';
import { machine, sleep, summary, writeResult } from './support.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);

const data = tempDataDir();
const tokens = enrollDisplays(data.dir, 'main', ['d1', 'd2']);
const readerKey = createApiKey(data.dir, 'bench-reader', 'reader');
const server = await startServer({ dataDir: data.dir, port: await freePort(), demo: true });
const ready = async () => {
  const res = await fetch(`${server.url}/api/v1/series?indicator=grdp_growth&unit=01`, { headers: { authorization: `Bearer ${readerKey}` } });
  const body = (await res.json()) as { points?: unknown[] };
  return (body.points?.length ?? 0) > 20;
};
for (let i = 0; !(await ready()); i++) {
  if (i > 600) throw new Error('demo history was not seeded in 5 minutes');
  await sleep(500);
}

const browser = await launchChromium();
const results: Record<string, number[]> = { d1: [], d2: [] };
for (let i = 0; i < RUNS; i++) {
  for (const display of ['d1', 'd2']) {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    // A kiosk's cold start (a reboot): the page already keeps its token in its profile, as the
    // renderer stores it (net/device-identity.ts), so no enrollment code is traded.
    const stored = JSON.stringify({ token: tokens[display]!, wallId: 'main', displayId: display, rendererId: null });
    await context.addInitScript(([key, value]) => localStorage.setItem(key, value), [`ioc.wall.device?wall=main&display=${display}`, stored] as const);
    const page = await context.newPage();
    await page.goto(`${server.url}/wall/?wall=main&display=${display}`);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true', null, { timeout: 30_000 });
    // navigation start -> ready frame, both measured on the page's own clock
    const ms = await page.evaluate(() => (window as unknown as { __wallReadyAt: number }).__wallReadyAt);
    results[display]!.push(ms);
    await context.close();
  }
}
await browser.close();
await server.stop();
data.remove();

const all = [...results.d1!, ...results.d2!];
const out = { date: new Date().toISOString(), machine: machine(), runs: RUNS, all: summary(all), d1: summary(results.d1!), d2: summary(results.d2!) };
console.log('page opened -> every panel painted with data, ms:', out.all, 'd1', out.d1, 'd2', out.d2);
console.log(`written ${writeResult('coldstart', out)}`);
