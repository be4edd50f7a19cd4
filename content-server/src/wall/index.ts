import { join } from 'node:path';
import { BriefingSchema, SCENE_TICK_GUARD_MS, type Briefing, type ConsoleState, type LayoutIssue, type WallState } from '@ioc/protocol';
import { readConfigDir } from '../config-dir.js';
import type { Logger } from '../logger.js';
import type { Db } from '../store/index.js';
import { LAST_GOOD_DIR, LastGoodLayouts } from './layouts-last-good.js';
import { LayoutsLoader, type LayoutsChange } from './layouts-loader.js';
import type { KnownIds } from './layouts-validate.js';
import { calibrationView } from './calibration-view.js';
import { Presence } from './presence.js';
import { RendererClocks } from './renderer-clocks.js';
import { placeChange } from './frame-grid.js';
import { syncTiming, WallSchedule, type SyncTiming } from './sync-timing.js';
import { WallStates } from './wall-state.js';
import { wallRoom, type WallNamespace } from './wall-socket.js';

export { onWallJoined, registerWallSocket } from './wall-socket.js';
export type { WallNamespace } from './wall-socket.js';
export { checkLayouts, readLayoutFiles, formatPath } from './layouts-validate.js';
export { LAST_GOOD_DIR, lastGoodNotes } from './layouts-last-good.js';
export { wallRoutes } from './routes.js';
export { wallRendererRoutes } from './renderer-routes.js';
export { AUTHORISED_ROOM, WallDevices, type WallAuthMode } from './wall-devices.js';
export { DeviceTokens } from './device-tokens.js';
export { wallDeviceRoutes } from './device-routes.js';
export { enrollDemoDisplays, type DemoDisplay } from './demo-enroll.js';
export { serverNow, syncTiming, type SyncTiming } from './sync-timing.js';

/**
 * The wall domain: layouts (walls and scenes), what each wall shows, which displays are
 * connected. It pushes `wall:state` to a wall's renderers and tells listeners (the consoles)
 * when anything they show changed.
 */
export class WallDomain {
  readonly layouts: LayoutsLoader;
  /** Last good versions of the layout files (walls, scenes, briefings, macros) in DATA_DIR. */
  readonly copies: LastGoodLayouts;
  readonly states: WallStates;
  readonly presence = new Presence();
  /** Connected renderers and their clock estimates. */
  readonly renderers = new RendererClocks();
  /** Wall times of scheduled changes: every renderer shows a change in the first frame at or after its T. */
  readonly schedule: WallSchedule;
  /** Where a data commit due at `t` goes: between the frame starts of every connected renderer (`WALL_FRAME_ALIGN`). */
  readonly placeCommit: (t: number) => number;
  private ns: WallNamespace | null = null;
  private readonly listeners: Array<() => void> = [];
  private briefingsById = new Map<string, Briefing>();
  private briefingIssues: LayoutIssue[] = [];

  constructor(private readonly opts: { layoutsDir: string; db: Db; log: Logger; known?: KnownIds; startedAt?: number; sync?: SyncTiming; dataDir?: string }) {
    const timing = opts.sync ?? syncTiming();
    // Every wall shows data, so commits are placed over all renderers; scene changes over the wall's.
    this.placeCommit = timing.frameAlign ? (t) => placeChange(t, this.renderers.cadences()) : (t) => t;
    this.schedule = new WallSchedule(timing.sceneLeadMs, undefined, timing.frameAlign ? (wallId, t) => placeChange(t, this.renderers.cadences(wallId), SCENE_TICK_GUARD_MS) : undefined);
    this.copies = new LastGoodLayouts(opts.dataDir ? join(opts.dataDir, LAST_GOOD_DIR) : null, opts.log);
    this.layouts = new LayoutsLoader(opts.layoutsDir, opts.log, opts.known, this.copies);
    this.states = new WallStates(opts.db, this.layouts, (id) => this.briefingsById.get(id), opts.startedAt ?? Date.now());
    this.presence.onChange(() => this.changed());
  }

  /** Loads the layouts and starts watching the directory. */
  start(ns: WallNamespace, opts: { watch: boolean }): void {
    this.ns = ns;
    this.layouts.load();
    this.loadBriefings();
    if (opts.watch) this.layouts.watch((change) => this.onLayoutsChange(change));
  }

  briefing(id: string): Briefing | undefined {
    return this.briefingsById.get(id);
  }

  briefings(): Briefing[] {
    return [...this.briefingsById.values()];
  }

  /** Problems of the layouts and of the briefings, for `GET /api/v1/layouts/errors`. */
  errors(): LayoutIssue[] {
    return [...this.layouts.errors(), ...this.briefingIssues];
  }

  /**
   * Briefings in `<layouts>/briefings/`: each step's scene must exist and be laid out for the
   * briefing's wall. They are read at start and again whenever the layouts change.
   */
  private loadBriefings(): void {
    const { entries, issues } = readConfigDir(join(this.opts.layoutsDir, 'briefings'), 'briefings', BriefingSchema, (b) => b.id, undefined, undefined, this.copies);
    const ok = new Map<string, Briefing>();
    for (const { file, value: b } of entries) {
      const problems = checkBriefing(file, b, this.layouts);
      if (problems.length) issues.push(...problems);
      else ok.set(b.id, b);
    }
    for (const i of issues) this.opts.log.warn({ file: i.file, path: i.path }, `briefing problem: ${i.message}`);
    this.briefingsById = ok;
    this.briefingIssues = issues;
  }

  onConsoleChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Sends the current state of a wall to its renderers and the new picture to consoles. */
  publish(wallId: string): void {
    const state = this.states.state(wallId);
    if (state && this.ns) this.ns.to(wallRoom(wallId)).emit('wall:state', { ...state, applyAt: this.schedule.next(wallId) });
    this.changed();
  }

  /** What a (re)joining renderer must show: the current state, due at the T of its change (often past). */
  currentState(wallId: string): WallState | null {
    const state = this.states.state(wallId);
    return state ? { ...state, applyAt: this.schedule.latest(wallId) ?? state.applyAt } : null;
  }

  consoleState(): ConsoleState {
    return {
      walls: this.layouts.walls().flatMap((w) => {
        const r = this.states.record(w.id);
        if (!r) return [];
        const briefing = this.states.state(w.id)?.briefing ?? null;
        return [{ wallId: w.id, name: w.name, sceneId: r.sceneId, language: r.language, theme: r.theme, focus: r.focus, briefing, displays: this.presence.displays(w), calibration: calibrationView(w, this.layouts.geometry(w.id), r.calibration) }];
      }),
      scenes: this.layouts.scenes().map((s) => ({ id: s.id, name: s.name, wall: s.wall })),
      briefings: this.briefings().map((b) => ({ id: b.id, name: b.name, wall: b.wall, steps: b.steps.length })),
    };
  }

  /** Reads the layouts again now (after the server itself wrote a wall file) and tells walls and consoles. */
  reloadLayouts(): void {
    this.onLayoutsChange(this.layouts.load());
  }

  close(): void {
    this.layouts.close();
  }

  private onLayoutsChange(change: LayoutsChange): void {
    this.loadBriefings();
    for (const w of this.layouts.walls()) {
      const shown = this.states.record(w.id)?.sceneId;
      // A wall showing a changed scene gets it at once. A removed scene may have been on show
      // (the wall has then fallen back to its default), so every wall is told; that is rare.
      const affected = change.wallsChanged || change.removedScenes.length > 0 || (shown !== undefined && change.changedScenes.includes(shown));
      if (affected) this.publish(w.id);
    }
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

/** Checks a briefing against the layouts: its wall exists, and each step's scene exists on that wall. */
export function checkBriefing(file: string, b: Briefing, layouts: { wall(id: string): unknown; scene(id: string): { id: string; wall: string } | undefined }): LayoutIssue[] {
  const problems: LayoutIssue[] = [];
  if (!layouts.wall(b.wall)) problems.push({ file, path: 'wall', message: `unknown wall "${b.wall}"` });
  b.steps.forEach((step, i) => {
    const scene = layouts.scene(step.scene);
    if (!scene) problems.push({ file, path: `steps[${i}].scene`, message: `unknown scene "${step.scene}"` });
    else if (scene.wall !== b.wall) problems.push({ file, path: `steps[${i}].scene`, message: `scene "${scene.id}" is laid out for wall "${scene.wall}", not "${b.wall}"` });
  });
  return problems;
}
