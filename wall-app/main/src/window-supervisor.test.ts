import { describe, expect, it } from 'vitest';
import type { WallShellConfig } from './config.js';
import { planWindows, type Bounds, type ScreenInfo, type WindowSpec } from './window-plan.js';
import { WindowSupervisor, type SupervisorHost, type WindowHandle } from './window-supervisor.js';

/** A window that records what the supervisor asked of it. */
class FakeWindow implements WindowHandle {
  readonly calls: string[] = [];
  destroyed = false;
  constructor(readonly spec: WindowSpec) {}
  load(url: string): void {
    this.calls.push(`load ${url}`);
  }
  crashRenderer(): void {
    this.calls.push('crash');
  }
  place(bounds: Bounds): void {
    this.calls.push(`place ${bounds.x},${bounds.y}`);
  }
  destroy(): void {
    this.destroyed = true;
  }
}

const config: WallShellConfig = { serverUrl: 'http://ioc:8080', wallId: 'main', displays: [{ displayId: 'd1' }, { displayId: 'd2' }] };
const left: ScreenInfo = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } };
const right: ScreenInfo = { id: 2, bounds: { x: 1920, y: 0, width: 1920, height: 1080 } };

/** A fake clock with timers, fake windows and a mutable list of screens. */
function rig(screens: ScreenInfo[] = [left, right]) {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let nextId = 1;
  const windows: FakeWindow[] = [];
  const logs: string[] = [];
  const host: SupervisorHost<FakeWindow> = {
    create: (spec) => {
      const w = new FakeWindow(spec);
      windows.push(w);
      return w;
    },
    plan: () => planWindows(config, screens),
    now: () => now,
    setTimer: (fn, ms) => {
      const t = { at: now + ms, fn, id: nextId++ };
      timers.push(t);
      return t.id;
    },
    clearTimer: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
    log: (line) => logs.push(line),
  };
  const supervisor = new WindowSupervisor(host);
  /** Advances the clock in 250 ms ticks, as main does, firing due timers. */
  const advance = (ms: number, beats: FakeWindow[] = []): void => {
    const end = now + ms;
    while (now < end) {
      now = Math.min(end, now + 250);
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
      for (const w of beats) supervisor.heartbeat(w, { ready: true });
      supervisor.tick();
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    }
  };
  const live = (displayId: string): FakeWindow => windows.filter((w) => w.spec.displayId === displayId && !w.destroyed).at(-1)!;
  return { supervisor, windows, logs, advance, live, setScreens: (s: ScreenInfo[]) => screens.splice(0, screens.length, ...s) };
}

describe('window supervisor', () => {
  it('opens one window per planned display', () => {
    const r = rig();
    r.supervisor.apply();
    expect(r.windows.map((w) => [w.spec.displayId, w.spec.bounds.x])).toEqual([
      ['d1', 0],
      ['d2', 1920],
    ]);
  });

  it('reloads a window whose renderer crashed, at once, and logs when it is back in its scene', () => {
    const r = rig();
    r.supervisor.apply();
    const [d1, d2] = r.windows as [FakeWindow, FakeWindow];
    r.advance(1000, [d1, d2]);
    r.supervisor.rendererGone(d1, 'crashed');
    r.advance(250, [d2]);
    expect(d1.calls).toEqual(['load http://ioc:8080/wall/?wall=main&display=d1']);
    expect(d2.calls).toEqual([]);
    r.supervisor.heartbeat(d1, { ready: false });
    r.advance(500, [d1, d2]);
    expect(r.logs.some((l) => /d1: back in its scene \d+ ms after the failure/.test(l))).toBe(true);
    expect(r.supervisor.status().find((s) => s.displayId === 'd1')).toMatchObject({ phase: 'running', ready: true, restarts: 1 });
  });

  it('kills and reloads a renderer whose heartbeats stop for more than 1 s', () => {
    const r = rig();
    r.supervisor.apply();
    const [d1, d2] = r.windows as [FakeWindow, FakeWindow];
    r.advance(1000, [d1, d2]);
    r.advance(1000, [d2]);
    expect(d1.calls).toEqual([]);
    r.advance(250, [d2]);
    expect(d1.calls).toEqual(['crash', 'load http://ioc:8080/wall/?wall=main&display=d1']);
    expect(r.logs.join('\n')).toMatch(/d1: no heartbeat for 1250 ms; reloading in 0 ms/);
    // the crash that killing it causes is not a second failure
    r.supervisor.rendererGone(d1, 'killed');
    r.advance(250, [d1, d2]);
    expect(r.supervisor.status().map((s) => s.restarts)).toEqual([1, 0]);
  });

  it('does not take a page that has not beaten yet for hung, until the first-beat deadline', () => {
    const r = rig();
    r.supervisor.apply();
    const [d1, d2] = r.windows as [FakeWindow, FakeWindow];
    r.advance(19_750, [d2]);
    expect(d1.calls).toEqual([]);
    r.advance(500, [d2]);
    expect(d1.calls[0]).toBe('crash');
  });

  it('backs off in a crash loop and then recreates the window', () => {
    const r = rig();
    r.supervisor.apply();
    const first = r.live('d1');
    const loadsAt: number[] = [];
    let t = 0;
    for (let i = 0; i < 3; i++) {
      const w = r.live('d1');
      r.supervisor.rendererGone(w, 'crashed');
      const before = w.calls.length + r.windows.length;
      while (w.calls.length + r.windows.length === before) {
        r.advance(250, []);
        t += 250;
      }
      loadsAt.push(t);
    }
    // twice at once, then 0.5 s; the third failure recreates the window
    expect(loadsAt).toEqual([250, 500, 1000]);
    expect(first.destroyed).toBe(true);
    expect(r.windows.filter((w) => w.spec.displayId === 'd1')).toHaveLength(2);
    expect(r.logs.join('\n')).toMatch(/recreating the window in 500 ms \(failure 3 in a row\)/);
  });

  it('keeps reloading, never recreating, a window whose page cannot be loaded', () => {
    const r = rig();
    r.supervisor.apply();
    const d1 = r.live('d1');
    for (let i = 0; i < 4; i++) {
      r.supervisor.loadFailed(d1, '-102 ERR_CONNECTION_REFUSED');
      r.advance(5000);
    }
    expect(d1.destroyed).toBe(false);
    expect(d1.calls.filter((c) => c.startsWith('load'))).toHaveLength(4);
    expect(r.logs.join('\n')).toMatch(/load failed \(-102 ERR_CONNECTION_REFUSED\); reloading in 1000 ms \(failure 4 in a row\)/);
  });

  it('ignores events from a window it has destroyed', () => {
    const r = rig();
    r.supervisor.apply();
    const d2 = r.live('d2');
    r.setScreens([left]);
    r.supervisor.apply();
    expect(d2.destroyed).toBe(true);
    r.supervisor.rendererGone(d2, 'crashed');
    r.supervisor.unresponsive(d2);
    r.advance(1000);
    expect(d2.calls).toEqual([]);
  });

  it('re-plans once after a burst of display events: closes, moves and opens windows', () => {
    const r = rig([left]);
    r.supervisor.apply();
    expect(r.windows.map((w) => w.spec.displayId)).toEqual(['d1']);
    expect(r.logs).toContain('display d2 not shown: no screen at index 1 (1 connected)');
    // a screen is plugged in to the left: d1 moves to it, d2 opens on the old one
    const farLeft: ScreenInfo = { id: 3, bounds: { x: -1920, y: 0, width: 1920, height: 1080 } };
    r.setScreens([farLeft, left]);
    r.supervisor.displaysChanged();
    r.supervisor.displaysChanged();
    r.advance(250);
    expect(r.windows).toHaveLength(1);
    r.advance(250);
    expect(r.live('d1').calls).toEqual(['place -1920,0']);
    expect(r.live('d2').spec.bounds.x).toBe(0);
    expect(r.windows).toHaveLength(2);
    // unplugged again: d2 closes, d1 goes back
    r.setScreens([left]);
    r.supervisor.displaysChanged();
    r.advance(500);
    expect(r.windows.find((w) => w.spec.displayId === 'd2')?.destroyed).toBe(true);
    expect(r.live('d1').calls.at(-1)).toBe('place 0,0');
  });

  it('stops restarting once stopped', () => {
    const r = rig();
    r.supervisor.apply();
    const d1 = r.live('d1');
    r.supervisor.rendererGone(d1, 'crashed');
    r.supervisor.stop();
    r.advance(1000);
    expect(d1.calls).toEqual([]);
  });

  it('writes one status line per window', () => {
    const r = rig();
    r.supervisor.apply();
    r.advance(500, [r.live('d1')]);
    expect(r.supervisor.statusLines()).toEqual([
      'display d1: running, ready, last heartbeat 0 ms ago, 0 restart(s)',
      'display d2: loading, last heartbeat none, 0 restart(s)',
    ]);
  });
});
