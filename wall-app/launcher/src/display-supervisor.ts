import { RestartPolicy, type RestartPolicyOptions } from '../../main/src/restart-policy.js';
import { CdpConnection, CdpTimeoutError } from './cdp.js';
import type { LaunchSpec } from './chromium-args.js';
import { spawnChromium, type ChromiumProcess } from './chromium-process.js';
import type { LauncherConfig } from './config.js';

export type DisplayPhase = 'starting' | 'loading' | 'running' | 'restarting' | 'stopped';

export interface DisplayStatus {
  displayId: string;
  phase: DisplayPhase;
  /** The browser process of the current Chromium. */
  pid: number | null;
  /** Chromium processes started so far (1 = never restarted). */
  launches: number;
  /** Page reloads and browser restarts after failures. */
  restarts: number;
  /** The page shows its current scene completely (`<html data-ready="true">`). */
  ready: boolean;
  lastBeatAgoMs: number | null;
}

interface Beat {
  href: string;
  readyState: string;
  ready: boolean;
}

const BEAT_EXPRESSION = `({ href: location.href, readyState: document.readyState, ready: document.documentElement?.dataset?.ready === 'true' })`;
/** Time allowed for Chromium to print its DevTools endpoint and show its page target, ms. */
const START_TIMEOUT_MS = 15_000;
/** A heartbeat question always gets at least this long to be answered, ms. */
const MIN_BEAT_WAIT_MS = 50;
/** After killing a hung renderer, how long to wait for the browser to report it gone before navigating anyway, ms. */
const CRASH_SEEN_WAIT_MS = 1000;
/** How long after killing a hung renderer its crash report may still arrive, ms. */
const OWN_CRASH_WINDOW_MS = 5000;

/**
 * Keeps one display's kiosk Chromium alive and its page answering. Restarts a Chromium that
 * exits; asks the page every second to evaluate a tiny expression over CDP, and when it does
 * not answer in time (a hung renderer) kills the renderer and navigates again; reloads error
 * pages. Failures back off with the shared restart policy, and when reloads do not hold the
 * whole Chromium is restarted.
 */
export class DisplaySupervisor {
  readonly #spec: LaunchSpec;
  readonly #beatOpts: LauncherConfig['heartbeat'];
  readonly #log: (line: string) => void;
  readonly #policy: RestartPolicy;
  #phase: DisplayPhase = 'starting';
  #generation = 0;
  #proc: ChromiumProcess | null = null;
  #cdp: CdpConnection | null = null;
  #session: string | null = null;
  #timer: NodeJS.Timeout | null = null;
  #launches = 0;
  #restarts = 0;
  #ready = false;
  #lastBeat: number | null = null;
  #loadStartedAt = 0;
  #failedAt: number | null = null;
  /**
   * After we kill a hung renderer ourselves, until when the crash report that follows is ours
   * (not a new failure). Only that one report: a real crash soon after is still a failure.
   */
  #ownCrashUntil = -Infinity;
  /** Called when the browser reports the page's renderer crashed (set while waiting for a killed one). */
  #onCrashed: (() => void) | null = null;

  constructor(spec: LaunchSpec, heartbeat: LauncherConfig['heartbeat'], log: (line: string) => void, restart: Partial<RestartPolicyOptions> = {}) {
    this.#spec = spec;
    this.#beatOpts = heartbeat;
    this.#log = (line) => log(`display ${spec.displayId}: ${line}`);
    this.#policy = new RestartPolicy(restart);
  }

  start(): void {
    void this.#launch();
  }

  status(): DisplayStatus {
    return {
      displayId: this.#spec.displayId,
      phase: this.#phase,
      pid: this.#proc && !this.#proc.hasExited ? this.#proc.pid : null,
      launches: this.#launches,
      restarts: this.#restarts,
      ready: this.#ready,
      lastBeatAgoMs: this.#lastBeat === null ? null : Date.now() - this.#lastBeat,
    };
  }

  /** Stops supervising and ends this display's Chromium: SIGTERM, then SIGKILL after 3 s. */
  async stop(): Promise<void> {
    this.#phase = 'stopped';
    this.#generation += 1;
    this.#clearTimer();
    this.#cdp?.close();
    const proc = this.#proc;
    if (!proc) return;
    proc.kill('SIGTERM');
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3000).unref());
    if ((await Promise.race([proc.exited, timeout])) === 'timeout') this.#log('chromium did not stop in 3 s; killing it');
    if (!(await proc.killAll())) this.#log('chromium processes still running after SIGKILL');
  }

  async #launch(): Promise<void> {
    if (this.#phase === 'stopped') return;
    const gen = ++this.#generation;
    this.#phase = 'starting';
    this.#launches += 1;
    this.#ready = false;
    this.#lastBeat = null;
    this.#loadStartedAt = Date.now();
    const proc = spawnChromium(this.#spec.executable, this.#spec.args);
    this.#proc = proc;
    this.#log(`chromium started (pid ${proc.pid})`);
    void proc.exited.then((exit) => {
      if (gen === this.#generation) this.#restartBrowser(`chromium exited (code ${exit.code}, signal ${exit.signal})`);
    });
    try {
      const endpoint = await withTimeout(proc.endpoint, START_TIMEOUT_MS, 'no DevTools endpoint');
      const cdp = await CdpConnection.connect(endpoint, 5000);
      if (gen !== this.#generation) return cdp.close();
      this.#cdp = cdp;
      this.#session = await this.#attachPage(cdp);
      cdp.on('Inspector.targetCrashed', (_p, sessionId) => {
        if (gen !== this.#generation || sessionId !== this.#session) return;
        this.#onCrashed?.();
        if (Date.now() < this.#ownCrashUntil) {
          this.#ownCrashUntil = -Infinity;
          return;
        }
        this.#pageFailed('renderer crashed', false);
      });
    } catch (err) {
      if (gen === this.#generation) this.#restartBrowser(`start failed: ${(err as Error).message}`);
      return;
    }
    if (gen !== this.#generation) return;
    this.#phase = 'loading';
    this.#scheduleBeat(gen, 0);
  }

  /** The page target of the app window; it may take a moment to appear. */
  async #attachPage(cdp: CdpConnection): Promise<string> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const { targetInfos } = await cdp.send<{ targetInfos: { targetId: string; type: string }[] }>('Target.getTargets');
      const page = targetInfos.find((t) => t.type === 'page');
      if (page) {
        const { sessionId } = await cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId: page.targetId, flatten: true });
        return sessionId;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no page target');
  }

  #scheduleBeat(gen: number, delayMs: number): void {
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.#beat(gen), delayMs);
  }

  async #beat(gen: number): Promise<void> {
    const cdp = this.#cdp;
    if (gen !== this.#generation || !cdp || !this.#session) return;
    if (this.#phase === 'loading' || this.#phase === 'running') {
      try {
        // A running page is hung `timeoutMs` after its last answer, not after this question.
        const deadline = this.#phase === 'running' && this.#lastBeat !== null ? this.#lastBeat + this.#beatOpts.timeoutMs : Date.now() + this.#beatOpts.timeoutMs;
        const { result } = await cdp.send<{ result: { value?: Beat } }>(
          'Runtime.evaluate',
          { expression: BEAT_EXPRESSION, returnByValue: true },
          { sessionId: this.#session, timeoutMs: Math.max(MIN_BEAT_WAIT_MS, deadline - Date.now()) },
        );
        if (gen !== this.#generation) return;
        if (result.value) this.#answered(result.value);
      } catch (err) {
        if (gen !== this.#generation) return;
        if (err instanceof CdpTimeoutError && this.#phase === 'running') this.#pageFailed(`no answer to the heartbeat for ${Date.now() - (this.#lastBeat ?? 0)} ms`, true);
        // other errors (a context torn down by a navigation, a closed connection) are not a hang;
        // a closed connection means Chromium exited, which is handled where it exits
      }
      if (gen === this.#generation && this.#phase === 'loading' && Date.now() - this.#loadStartedAt > this.#beatOpts.loadTimeoutMs) {
        this.#pageFailed(`page not loaded after ${Date.now() - this.#loadStartedAt} ms`, true);
      }
    }
    if (gen === this.#generation && this.#phase !== 'restarting' && this.#phase !== 'stopped') this.#scheduleBeat(gen, this.#beatOpts.intervalMs);
  }

  #answered(beat: Beat): void {
    const now = Date.now();
    // The server is unreachable or failing: reload with backoff; a new Chromium would not help.
    if (beat.href.startsWith('chrome-error:')) return this.#pageFailed('the page could not be loaded (is the server reachable?)', false, false);
    this.#lastBeat = now;
    this.#ready = beat.ready;
    if (this.#phase === 'loading' && beat.readyState === 'complete' && beat.href !== 'about:blank') {
      this.#phase = 'running';
      this.#policy.started(now);
      const since = this.#failedAt ?? this.#loadStartedAt;
      this.#log(`page loaded ${now - since} ms after ${this.#failedAt === null ? 'the start' : 'the failure'}`);
    }
    if (beat.ready && this.#failedAt !== null) {
      this.#log(`back in its scene ${now - this.#failedAt} ms after the failure`);
      this.#failedAt = null;
    }
  }

  /** The page crashed, hung or shows an error: reload it, or restart Chromium if reloads do not hold. */
  #pageFailed(reason: string, hung: boolean, mayEscalate = true): void {
    if (this.#phase === 'restarting' || this.#phase === 'stopped') return;
    const decision = this.#policy.failed(Date.now());
    if (decision.escalate && mayEscalate) return this.#restartBrowser(reason, decision.delayMs);
    const gen = this.#generation;
    this.#phase = 'restarting';
    this.#failedAt ??= Date.now();
    this.#restarts += 1;
    this.#log(`${reason}; reloading in ${decision.delayMs} ms (failure ${decision.failures} in a row)`);
    const cdp = this.#cdp;
    const session = this.#session;
    void (async () => {
      // A hung renderer cannot run a navigation: kill it; the browser then loads the page anew.
      if (hung && cdp) {
        // Navigate only once the browser has seen the renderer die: a navigation sent to the
        // dying renderer would be lost with it.
        const crashed = new Promise<void>((resolve) => (this.#onCrashed = resolve));
        await this.#killRenderers(cdp);
        await Promise.race([crashed, new Promise((resolve) => setTimeout(resolve, CRASH_SEEN_WAIT_MS))]);
        this.#onCrashed = null;
      }
      await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      if (gen !== this.#generation || !cdp || !session) return;
      this.#phase = 'loading';
      this.#loadStartedAt = Date.now();
      this.#ready = false;
      await cdp.send('Page.navigate', { url: this.#spec.url }, { sessionId: session, timeoutMs: 5000 }).catch(() => undefined);
      if (gen === this.#generation) this.#scheduleBeat(gen, 0);
    })();
  }

  /** One page per Chromium, so every renderer of this instance is the wall page's. */
  async #killRenderers(cdp: CdpConnection): Promise<void> {
    try {
      const { processInfo } = await cdp.send<{ processInfo: { type: string; id: number }[] }>('SystemInfo.getProcessInfo', {}, { timeoutMs: 3000 });
      for (const p of processInfo) {
        if (p.type !== 'renderer') continue;
        this.#ownCrashUntil = Date.now() + OWN_CRASH_WINDOW_MS;
        try {
          process.kill(p.id, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    } catch (err) {
      this.#log(`could not list renderers (${(err as Error).message})`);
    }
  }

  /** Ends this Chromium (if still running) and starts a new one after the policy's delay. */
  #restartBrowser(reason: string, delayMs?: number): void {
    if (this.#phase === 'stopped') return;
    const delay = delayMs ?? this.#policy.failed(Date.now()).delayMs;
    const gen = ++this.#generation;
    this.#phase = 'restarting';
    this.#failedAt ??= Date.now();
    this.#restarts += 1;
    this.#clearTimer();
    this.#cdp?.close();
    this.#cdp = null;
    this.#session = null;
    this.#log(`${reason}; restarting chromium in ${delay} ms`);
    const proc = this.#proc;
    void (async () => {
      // Leftover children (and a dying browser) are killed before a new one takes the profile.
      if (proc && !(await proc.killAll())) this.#log('chromium processes still running after SIGKILL; starting anyway');
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (gen === this.#generation) await this.#launch();
    })();
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
