import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FrameDriver } from './frame-driver';
import { FrameSchedule } from './frame-schedule';
import type { SyncRecord } from './sync-log';
import { WallClock } from './wall-clock';

describe('frame schedule', () => {
  it('hands out a change in the first frame at or after its T', () => {
    const s = new FrameSchedule();
    const shown: string[] = [];
    s.add(1000, 'state', () => shown.push('A'));
    expect(s.due(983.3)).toEqual([]);
    const due = s.due(1000.1);
    due.forEach((d) => d.apply());
    expect(shown).toEqual(['A']);
    expect(s.size).toBe(0);
  });

  it('applies a change whose T has passed in the next frame', () => {
    const s = new FrameSchedule();
    s.add(500, 'state', () => undefined);
    expect(s.due(1016).map((d) => d.at)).toEqual([500]);
  });

  it('keeps two changes in order: by T, then by arrival', () => {
    const s = new FrameSchedule();
    s.add(1100, 'state', () => undefined, () => ({ id: 'late' }));
    s.add(1000, 'state', () => undefined, () => ({ id: 'first' }));
    s.add(1000, 'data', () => undefined, () => ({ id: 'second' }));
    expect(s.next()).toBe(1000);
    expect(s.due(1050).map((d) => d.describe?.())).toEqual([{ id: 'first' }, { id: 'second' }]);
    expect(s.due(1100).map((d) => d.describe?.())).toEqual([{ id: 'late' }]);
  });
});

describe('frame driver', () => {
  let frames: Array<(ts: number) => void> = [];
  beforeEach(() => {
    frames = [];
    vi.stubGlobal('requestAnimationFrame', (cb: (ts: number) => void) => frames.push(cb));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  /** Runs one animation frame at rAF timestamp `ts`. */
  const frame = (ts: number) => {
    const due = frames;
    frames = [];
    for (const cb of due) cb(ts);
  };

  it('applies in the frame whose wall time first reaches T, through the clock offset, and logs that frame', () => {
    const clock = new WallClock();
    // The server is 5 s ahead of this page.
    const t0 = performance.timeOrigin;
    clock.addSample(t0, t0 + 5000, t0);
    const log: SyncRecord[] = [];
    const applied: number[] = [];
    const driver = new FrameDriver({ clock, commit: (f) => f(), record: (r) => log.push(r) });
    const T = t0 + 5000 + 40; // wall time 40 ms after this page's time origin
    driver.at(T, 'state', () => applied.push(T), () => ({ sceneId: 'economy' }));
    frame(16.7);
    frame(33.4);
    expect(applied).toEqual([]);
    frame(50.1);
    expect(applied).toEqual([T]);
    expect(log).toEqual([{ kind: 'state', at: T, frameWall: t0 + 50.1 + 5000, frameLocal: t0 + 50.1, offset: 5000, sceneId: 'economy' }]);
    expect(driver.pending).toBe(0);
    expect(frames).toHaveLength(0);
  });

  it('applies every change due in one frame inside one commit, in order', () => {
    const clock = new WallClock();
    const commits: string[][] = [];
    let current: string[] = [];
    const driver = new FrameDriver({
      clock,
      commit: (f) => {
        current = [];
        f();
        commits.push(current);
      },
      record: () => undefined,
    });
    const t0 = performance.timeOrigin;
    driver.at(t0 + 10, 'state', () => current.push('scene'));
    driver.at(t0 + 5, 'data', () => current.push('data'));
    driver.at(t0 - 100, 'tick', () => current.push('tick'));
    frame(16);
    expect(commits).toEqual([['tick', 'data', 'scene']]);
  });

  it('applies a change anyway when no frame comes (hidden page)', () => {
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const clock = new WallClock();
    const applied: string[] = [];
    const driver = new FrameDriver({ clock, commit: (f) => f(), record: () => undefined });
    driver.at(clock.now() + 100, 'state', () => applied.push('x'));
    vi.advanceTimersByTime(700);
    expect(applied).toEqual(['x']);
  });

  it('counts the changes of one kind waiting', () => {
    const s = new FrameSchedule<'state' | 'data'>();
    s.add(10, 'data', () => undefined);
    s.add(20, 'state', () => undefined);
    s.add(30, 'data', () => undefined);
    expect([s.count('state'), s.count('data')]).toEqual([1, 2]);
    s.due(25);
    expect([s.count('state'), s.count('data')]).toEqual([0, 1]);
  });
});
