import type { HeartbeatStatus } from './ipc-channels.js';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy.js';
import type { Bounds, WindowPlan, WindowSpec } from './window-plan.js';

/** One kiosk window as the supervisor sees it; main implements it with a BrowserWindow. */
export interface WindowHandle {
  /** (Re)load the wall page; this also starts a new renderer after a crash. */
  load(url: string): void;
  /** Kill the renderer at once (a hung one cannot be reloaded in place). */
  crashRenderer(): void;
  /** Move the window to other screen bounds, staying fullscreen. */
  place(bounds: Bounds): void;
  destroy(): void;
}

/** What the supervisor needs from Electron and from the clock; tests pass fakes. */
export interface SupervisorHost<H extends WindowHandle> {
  /** Create, show and start loading a kiosk window for `spec`. */
  create(spec: WindowSpec): H;
  /** The current window plan, from the connected screens. */
  plan(): WindowPlan;
  now(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(timer: unknown): void;
  log(line: string): void;
}

export interface SupervisorOptions {
  /** A running page whose heartbeats stop this long is hung, ms. */
  heartbeatTimeoutMs: number;
  /** A (re)loaded page that has not sent its first heartbeat after this long is restarted, ms. */
  firstBeatTimeoutMs: number;
  /** Screens often come and go in bursts (a hot-plug, a mode change): re-plan once calm, ms. */
  replanDelayMs: number;
  restart: Partial<RestartPolicyOptions>;
}

export const DEFAULT_SUPERVISOR_OPTIONS: SupervisorOptions = {
  heartbeatTimeoutMs: 1000,
  firstBeatTimeoutMs: 20_000,
  replanDelayMs: 300,
  restart: {},
};

/** How long after killing a renderer its `render-process-gone` is expected, ms. */
const KILL_ECHO_MS = 5000;

type Phase = 'loading' | 'running' | 'restarting';

interface Entry<H> {
  spec: WindowSpec;
  handle: H;
  policy: RestartPolicy;
  phase: Phase;
  /** When the page was last asked to load. */
  loadedAt: number;
  lastBeat: number | null;
  ready: boolean;
  /** When the failure being repaired happened; cleared once the page shows its scene again. */
  failedAt: number | null;
  restarts: number;
  timer: unknown;
  /** When we killed the renderer ourselves; its `render-process-gone` is not a new failure. */
  killedAt: number | null;
}

/** A window's state, for the status log and tests. */
export interface WindowStatus {
  displayId: string;
  phase: Phase;
  ready: boolean;
  lastBeatAgoMs: number | null;
  restarts: number;
}

/**
 * Keeps one live kiosk window per planned display. Electron events are passed in (`heartbeat`,
 * `rendererGone`, `unresponsive`, `loadFailed`, `displaysChanged`) and `tick()` is called a few
 * times a second; the supervisor decides when a window is restarted (reload, or destroy and
 * recreate once reloads do not hold) and where windows go when screens change.
 */
export class WindowSupervisor<H extends WindowHandle> {
  readonly #host: SupervisorHost<H>;
  readonly #opts: SupervisorOptions;
  readonly #entries = new Map<string, Entry<H>>();
  #replanTimer: unknown = null;
  #stopped = false;

  constructor(host: SupervisorHost<H>, opts: Partial<SupervisorOptions> = {}) {
    this.#host = host;
    this.#opts = { ...DEFAULT_SUPERVISOR_OPTIONS, ...opts };
  }

  /** Open, move and close windows to match the current plan. */
  apply(): void {
    if (this.#stopped) return;
    const plan = this.#host.plan();
    for (const u of plan.unplaced) this.#host.log(`display ${u.displayId} not shown: ${u.reason}`);
    const wanted = new Set(plan.windows.map((w) => w.displayId));
    for (const [displayId, entry] of this.#entries) {
      if (wanted.has(displayId)) continue;
      this.#host.log(`display ${displayId}: screen gone, closing its window`);
      this.#drop(entry);
    }
    for (const spec of plan.windows) {
      const entry = this.#entries.get(spec.displayId);
      if (!entry) {
        this.#host.log(`display ${spec.displayId}: opening on screen ${spec.screenId}`);
        this.#open(spec);
        continue;
      }
      if (!sameBounds(entry.spec.bounds, spec.bounds)) {
        this.#host.log(`display ${spec.displayId}: moving to screen ${spec.screenId}`);
        entry.handle.place(spec.bounds);
      }
      const urlChanged = entry.spec.url !== spec.url;
      entry.spec = spec;
      if (urlChanged) this.#load(entry);
    }
  }

  /** A screen was added, removed or changed: re-plan once the burst of events is over. */
  displaysChanged(): void {
    if (this.#stopped) return;
    if (this.#replanTimer !== null) this.#host.clearTimer(this.#replanTimer);
    this.#replanTimer = this.#host.setTimer(() => {
      this.#replanTimer = null;
      this.apply();
    }, this.#opts.replanDelayMs);
  }

  heartbeat(handle: H, status: HeartbeatStatus): void {
    const entry = this.#find(handle);
    if (!entry || entry.phase === 'restarting') return;
    const now = this.#host.now();
    if (entry.phase === 'loading') {
      entry.phase = 'running';
      entry.policy.started(now);
    }
    entry.lastBeat = now;
    entry.ready = status.ready;
    if (status.ready && entry.failedAt !== null) {
      this.#host.log(`display ${entry.spec.displayId}: back in its scene ${now - entry.failedAt} ms after the failure`);
      entry.failedAt = null;
    }
  }

  rendererGone(handle: H, reason: string): void {
    const entry = this.#find(handle);
    if (!entry) return;
    // The event of a renderer we killed may come after the reload has already started.
    if (entry.killedAt !== null && this.#host.now() - entry.killedAt < KILL_ECHO_MS) {
      entry.killedAt = null;
      return;
    }
    this.#fail(entry, `renderer gone (${reason})`, false);
  }

  unresponsive(handle: H): void {
    const entry = this.#find(handle);
    if (entry) this.#fail(entry, 'unresponsive', true);
  }

  loadFailed(handle: H, reason: string): void {
    const entry = this.#find(handle);
    // Usually the server is unreachable: reload with backoff; a new window would not help.
    if (entry) this.#fail(entry, `load failed (${reason})`, false, false);
  }

  /** Checks heartbeat deadlines; call it a few times a second. */
  tick(): void {
    const now = this.#host.now();
    for (const entry of [...this.#entries.values()]) {
      if (entry.phase === 'running' && entry.lastBeat !== null && now - entry.lastBeat > this.#opts.heartbeatTimeoutMs) {
        this.#fail(entry, `no heartbeat for ${now - entry.lastBeat} ms`, true);
      } else if (entry.phase === 'loading' && now - entry.loadedAt > this.#opts.firstBeatTimeoutMs) {
        this.#fail(entry, `no heartbeat ${now - entry.loadedAt} ms after loading`, true);
      }
    }
  }

  status(): WindowStatus[] {
    const now = this.#host.now();
    return [...this.#entries.values()].map((e) => ({
      displayId: e.spec.displayId,
      phase: e.phase,
      ready: e.ready,
      lastBeatAgoMs: e.lastBeat === null ? null : now - e.lastBeat,
      restarts: e.restarts,
    }));
  }

  /** One line per window, for the periodic heartbeat log. */
  statusLines(): string[] {
    return this.status().map(
      (s) =>
        `display ${s.displayId}: ${s.phase}${s.ready ? ', ready' : ''}, last heartbeat ${s.lastBeatAgoMs === null ? 'none' : `${s.lastBeatAgoMs} ms ago`}, ${s.restarts} restart(s)`,
    );
  }

  /** Stops every timer; windows are left to Electron (the app is quitting). */
  stop(): void {
    this.#stopped = true;
    if (this.#replanTimer !== null) this.#host.clearTimer(this.#replanTimer);
    for (const entry of this.#entries.values()) if (entry.timer !== null) this.#host.clearTimer(entry.timer);
  }

  #find(handle: H): Entry<H> | undefined {
    for (const entry of this.#entries.values()) if (entry.handle === handle) return entry;
    return undefined;
  }

  #open(spec: WindowSpec, policy = new RestartPolicy(this.#opts.restart), restarts = 0, failedAt: number | null = null): void {
    const handle = this.#host.create(spec);
    const entry: Entry<H> = { spec, handle, policy, phase: 'loading', loadedAt: this.#host.now(), lastBeat: null, ready: false, failedAt, restarts, timer: null, killedAt: null };
    this.#entries.set(spec.displayId, entry);
  }

  #load(entry: Entry<H>): void {
    entry.phase = 'loading';
    entry.loadedAt = this.#host.now();
    entry.lastBeat = null;
    entry.ready = false;
    entry.handle.load(entry.spec.url);
  }

  #drop(entry: Entry<H>): void {
    if (entry.timer !== null) this.#host.clearTimer(entry.timer);
    this.#entries.delete(entry.spec.displayId);
    entry.handle.destroy();
  }

  #fail(entry: Entry<H>, reason: string, hung: boolean, mayEscalate = true): void {
    if (this.#stopped || entry.phase === 'restarting') return;
    const now = this.#host.now();
    const failure = entry.policy.failed(now);
    const decision = { ...failure, escalate: failure.escalate && mayEscalate };
    entry.phase = 'restarting';
    entry.failedAt ??= now;
    entry.restarts += 1;
    const how = decision.escalate ? 'recreating the window' : 'reloading';
    this.#host.log(`display ${entry.spec.displayId}: ${reason}; ${how} in ${decision.delayMs} ms (failure ${decision.failures} in a row)`);
    // A hung renderer keeps its CPU and cannot run a reload: kill it now.
    if (hung) {
      entry.killedAt = now;
      entry.handle.crashRenderer();
    }
    entry.timer = this.#host.setTimer(() => {
      entry.timer = null;
      if (this.#entries.get(entry.spec.displayId) !== entry) return;
      if (decision.escalate) {
        // The new window covers the screen before the old one goes: the desktop never shows.
        this.#open(entry.spec, entry.policy, entry.restarts, entry.failedAt);
        entry.handle.destroy();
      } else {
        this.#load(entry);
      }
    }, decision.delayMs);
  }
}

function sameBounds(a: Bounds, b: Bounds): boolean {
  return a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
}
