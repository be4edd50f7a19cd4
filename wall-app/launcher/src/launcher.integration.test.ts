// The launcher against real Chromium (headless) and a tiny wall page served by node:http.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLauncherConfig, startLauncher, type Launcher } from './launcher.js';
import { groupMembers } from './process-group.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The page marks itself ready like the real renderer, reports each load, and polls the server:
 * when told to, it hangs its main thread for good (`while (true) {}`).
 */
const PAGE = `<!doctype html><title>wall</title><body style="background:#000">
<script>
  const display = new URLSearchParams(location.search).get('display');
  fetch('/loaded?display=' + display, { method: 'POST' });
  document.documentElement.dataset.ready = 'true';
  setInterval(async () => {
    const order = await (await fetch('/control?display=' + display)).text();
    if (order === 'hang') { while (true) {} }
  }, 100);
</script></body>`;

interface Load {
  display: string;
  at: number;
}

let server: Server;
let serverUrl = '';
const loads: Load[] = [];
const hangOrders = new Set<string>();
let profileDir = '';
let launcher: Launcher;
const logs: string[] = [];

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const status = (displayId: string) => launcher.status().find((s) => s.displayId === displayId)!;
const loadsOf = (display: string, after = 0) => loads.filter((l) => l.display === display && l.at > after);

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const display = url.searchParams.get('display') ?? '';
    if (url.pathname === '/wall/') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(PAGE);
    } else if (url.pathname === '/loaded') {
      loads.push({ display, at: Date.now() });
      res.end('ok');
    } else if (url.pathname === '/control') {
      const hang = hangOrders.delete(display);
      res.end(hang ? 'hang' : 'run');
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profileDir = mkdtempSync(join(tmpdir(), 'ioc-launcher-'));
  const config = parseLauncherConfig({
    serverUrl,
    wallId: 'main',
    chromium: CHROMIUM,
    profileDir,
    displays: [
      { displayId: 'd1', x: 0, y: 0, width: 640, height: 360 },
      { displayId: 'd2', x: 640, y: 0, width: 640, height: 360 },
    ],
    // headless for the test machine; as root Chromium needs --no-sandbox
    extraArgs: ['--headless', '--no-sandbox', '--disable-gpu'],
    // A beat is answered in a CDP round trip and one turn of the page's main thread (a few ms
    // when idle), but two Chromiums, vitest and other jobs on two busy cores can hold a page
    // back past the production 1 s: a healthy page would read as hung and be reloaded, and the
    // tests count restarts. 5 s keeps every test's meaning (a spun page is still found hung and
    // reloaded in the same Chromium, a crash is still repaired before any beat is missed, both
    // within the 20 s waits); how fast the 1 s default finds a hang is bench:recovery's figure.
    heartbeat: { intervalMs: 250, timeoutMs: 5000, loadTimeoutMs: 20_000 },
  });
  launcher = startLauncher(config, { log: (line) => logs.push(`${Date.now()} ${line}`) });
});

afterAll(async () => {
  await launcher?.stop();
  await new Promise((resolve) => server?.close(resolve));
  if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  console.log(logs.join('\n'));
});

describe('kiosk launcher with real Chromium', () => {
  it('starts one Chromium per display, each showing its display page', async () => {
    await waitFor('both pages running and ready', () => launcher.status().every((s) => s.phase === 'running' && s.ready));
    const [d1, d2] = launcher.status();
    expect(d1?.pid).toBeGreaterThan(0);
    expect(d2?.pid).toBeGreaterThan(0);
    expect(d1?.pid).not.toBe(d2?.pid);
    expect(loadsOf('d1')).toHaveLength(1);
    expect(loadsOf('d2')).toHaveLength(1);
  });

  it('starts a new Chromium when one is killed, and its page loads again', async () => {
    const before = status('d1');
    const d2pid = status('d2').pid;
    const killedAt = Date.now();
    process.kill(before.pid!, 'SIGKILL');
    const load = await waitFor('a new d1 page load', () => loadsOf('d1', killedAt)[0]);
    await waitFor('d1 running again', () => status('d1').phase === 'running' && status('d1').ready);
    console.log(`chromium killed -> page loaded again in ${load.at - killedAt} ms`);
    const after = status('d1');
    expect(after.pid).not.toBe(before.pid);
    expect(after.launches).toBe(before.launches + 1);
    expect(groupMembers(before.pid!)).toEqual([]);
    // the other display was left alone
    expect(status('d2').pid).toBe(d2pid);
    expect(loadsOf('d2')).toHaveLength(1);
  });

  it('detects a hung page and reloads it in the same Chromium', async () => {
    const before = status('d1');
    const hungAt = Date.now();
    hangOrders.add('d1');
    await waitFor('the hang to be detected', () => logs.some((l) => l.includes('display d1: no answer to the heartbeat')));
    const load = await waitFor('a new d1 page load', () => loadsOf('d1', hungAt)[0]);
    await waitFor('d1 running again', () => status('d1').phase === 'running' && status('d1').ready);
    console.log(`page hung -> page loaded again ${load.at - hungAt} ms after the hang began`);
    const after = status('d1');
    expect(after.pid).toBe(before.pid);
    expect(after.restarts).toBe(before.restarts + 1);
    expect(hangOrders.has('d1')).toBe(false);
    // The page answers again: a beat answered after this moment. `lastBeatAgoMs` is measured
    // at or after `now`, so `now - lastBeatAgoMs` is at or before the beat: exact, at any load.
    const beatsFrom = Date.now();
    await waitFor('a fresh heartbeat', () => {
      const now = Date.now();
      const ago = status('d1').lastBeatAgoMs;
      return ago !== null && now - ago > beatsFrom;
    });
  });

  it('repairs a renderer crash that follows its own hang repair as a crash, at once', async () => {
    // The launcher killed d1's hung renderer moments ago (previous test); a real crash now must
    // not be taken for the report of that kill.
    const before = status('d1');
    // Chromium rewrites its command line into one string: look for the switch in it.
    const renderers = groupMembers(before.pid!).filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
      } catch {
        return false;
      }
    });
    expect(renderers.length).toBeGreaterThan(0);
    const crashedAt = Date.now();
    for (const pid of renderers) process.kill(pid, 'SIGKILL');
    await waitFor('the crash to be reported', () => logs.some((l) => Number(l.split(' ')[0]) >= crashedAt && l.includes('display d1: renderer crashed')));
    const load = await waitFor('a new d1 page load', () => loadsOf('d1', crashedAt)[0]);
    console.log(`renderer killed -> page loaded again in ${load.at - crashedAt} ms`);
    // Repaired on the crash report, not a second later by the heartbeat (the third failure in a
    // row: the policy restarts the whole Chromium).
    expect(logs.some((l) => Number(l.split(' ')[0]) >= crashedAt && l.includes('display d1: no answer to the heartbeat'))).toBe(false);
  });

  it('kills every Chromium process it started when it stops', async () => {
    const pids = launcher.status().map((s) => s.pid!);
    expect(pids.every((pid) => groupMembers(pid).length > 0)).toBe(true);
    await launcher.stop();
    for (const pid of pids) expect(groupMembers(pid)).toEqual([]);
    expect(launcher.status().every((s) => s.phase === 'stopped' && s.pid === null)).toBe(true);
  });
});
