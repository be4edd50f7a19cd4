// The real kiosk launcher (wall-app/launcher) running headless Chromium on a real wall page,
// enrolled as a technician would, with a DevTools connection of our own to cause faults and
// read what the page shows. Used by the kiosk e2e test and `bench:recovery`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CdpConnection } from '../../wall-app/launcher/src/cdp.js';
import { parseLauncherConfig, startLauncher, type DisplayStatus, type Launcher } from '../../wall-app/launcher/src/launcher.js';
import type { RestartPolicyOptions } from '../../wall-app/main/src/restart-policy.js';
import { freePort, wallPageUrl } from './server.js';

/** What the page shows: its tile's scene, and when (epoch ms) it marked the tile ready. */
export interface Shown {
  readyAtEpoch: number | null;
  scene: string | null;
  kpi: string | null;
}
const SHOWN = `({
  readyAtEpoch: window.__wallReadyAt === undefined ? null : performance.timeOrigin + window.__wallReadyAt,
  scene: document.querySelector('[data-scene]')?.getAttribute('data-scene') ?? null,
  kpi: document.querySelector('[data-testid="kpi-value"]')?.textContent ?? null,
})`;

/** A renderer crash (its process killed), a hang (its main thread spinning), or the whole Chromium killed. */
export type Fault = 'crash' | 'hang' | 'browser';

export interface Kiosk {
  launcher: Launcher;
  status(): DisplayStatus;
  logs: string[];
  /** What the page shows now (attaching again after a Chromium restart); null while it cannot answer. */
  shown(): Promise<Shown | null>;
  /** Causes `fault`; returns its time (epoch ms). */
  fault(kind: Fault): Promise<number>;
  /** Waits until the launcher repaired a fault of `at` and the new page is ready; returns what it shows. */
  backAfter(at: number, restartsBefore: number, timeoutMs?: number): Promise<Shown>;
  stop(): Promise<void>;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, logs: string[]): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${logs.slice(-20).join('\n')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts the launcher for one display of `wallId` on `serverUrl` and enrolls it with `code`
 * (`enrollCodes`: opens the address with `&code=` once; the page trades it for its token and
 * keeps that in its profile, so a restart comes back without a new code).
 */
export async function startKiosk(opts: { serverUrl: string; wallId: string; displayId: string; code: string; restart?: Partial<RestartPolicyOptions>; width?: number; height?: number }): Promise<Kiosk> {
  const debuggingPort = await freePort();
  const profileDir = mkdtempSync(join(tmpdir(), 'ioc-kiosk-'));
  const logs: string[] = [];
  const launcher = startLauncher(
    parseLauncherConfig({
      serverUrl: opts.serverUrl,
      wallId: opts.wallId,
      profileDir,
      displays: [{ displayId: opts.displayId, x: 0, y: 0, width: opts.width ?? 1920, height: opts.height ?? 1080, debuggingPort }],
      // headless on the test machine; as root Chromium needs --no-sandbox
      extraArgs: ['--headless', '--no-sandbox', '--disable-gpu'],
    }),
    { log: (line) => logs.push(`${Date.now()} ${line}`), ...(opts.restart ? { restart: opts.restart } : {}) },
  );
  const status = () => launcher.status()[0]!;
  let conn: { cdp: CdpConnection; session: string } | null = null;

  const attach = async (): Promise<{ cdp: CdpConnection; session: string }> => {
    if (conn && !conn.cdp.closed) return conn;
    const version = (await (await fetch(`http://127.0.0.1:${debuggingPort}/json/version`)).json()) as { webSocketDebuggerUrl: string };
    const cdp = await CdpConnection.connect(version.webSocketDebuggerUrl, 5000);
    const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
    const page = targetInfos.find((t) => t.type === 'page');
    if (!page) {
      cdp.close();
      throw new Error('no page target');
    }
    const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: page.targetId, flatten: true });
    conn = { cdp, session: sessionId };
    return conn;
  };
  const evaluate = async <T>(expression: string): Promise<T> => {
    const c = await attach();
    const { result } = await c.cdp.send<{ result: { value?: T } }>('Runtime.evaluate', { expression, returnByValue: true }, { sessionId: c.session, timeoutMs: 2000 });
    return result.value as T;
  };
  const shown = async (): Promise<Shown | null> => {
    try {
      return await evaluate<Shown>(SHOWN);
    } catch {
      conn?.cdp.close();
      conn = null;
      return null;
    }
  };

  try {
    await waitFor('the kiosk page loaded', () => status().phase === 'running', 30_000, logs);
    const c = await attach();
    await c.cdp.send('Page.navigate', { url: wallPageUrl(opts.serverUrl, `wall=${opts.wallId}&display=${opts.displayId}`, opts.code) }, { sessionId: c.session });
    await waitFor('the enrolled page ready', () => status().ready && status().phase === 'running', 30_000, logs);
  } catch (err) {
    await launcher.stop();
    throw err;
  }

  return {
    launcher,
    status,
    logs,
    shown,
    async fault(kind) {
      const c = await attach();
      const at = Date.now();
      if (kind === 'crash') {
        const { processInfo } = await c.cdp.send<{ processInfo: { type: string; id: number }[] }>('SystemInfo.getProcessInfo');
        for (const p of processInfo) if (p.type === 'renderer') process.kill(p.id, 'SIGKILL');
      } else if (kind === 'hang') {
        await evaluate('setTimeout(() => { for (;;) {} }, 0), true');
      } else {
        process.kill(status().pid!, 'SIGKILL');
      }
      return at;
    },
    async backAfter(at, restartsBefore, timeoutMs = 20_000) {
      await waitFor('a restart', () => status().restarts > restartsBefore, timeoutMs, logs);
      return waitFor(
        'the page ready again',
        async () => {
          if (!(status().phase === 'running' && status().ready)) return null;
          const s = await shown();
          return s && s.readyAtEpoch !== null && s.readyAtEpoch > at ? s : null;
        },
        timeoutMs,
        logs,
      );
    },
    async stop() {
      conn?.cdp.close();
      await launcher.stop();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
