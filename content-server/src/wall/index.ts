import { join } from 'node:path';
import { BriefingSchema, SCENE_TICK_GUARD_MS, type Briefing, type ConsoleState, type LayoutIssue, type WallState } from '@ioc/protocol';
import { readConfigDir } from '../config-dir.js';
import type { Logger } from '../logger.js';
import type { ClusterBus } from '../cluster/bus.js';
import { placeChange, syncTiming, type SyncTiming } from '../live/index.js';
import type { Sql } from '../store/sql.js';
import { LAST_GOOD_DIR, LastGoodLayouts } from './layouts-last-good.js';
import { LayoutsLoader, type LayoutsChange } from './layouts-loader.js';
import type { KnownIds } from './layouts-validate.js';
import { calibrationView } from './calibration-view.js';
import { PeerCadences } from './peer-cadences.js';
import { Presence } from './presence.js';
import { RendererClocks } from './renderer-clocks.js';
import { WallSchedule } from './wall-schedule.js';
import { WallStates } from './wall-state.js';
import { wallRoom, type WallNamespace, type WallSocket } from './wall-socket.js';

export { registerWallSocket } from './wall-socket.js';
export type { WallNamespace } from './wall-socket.js';
export { checkLayouts, readLayoutFiles, formatPath } from './layouts-validate.js';
export { LAST_GOOD_DIR, lastGoodNotes } from './layouts-last-good.js';
export { wallRoutes } from './routes.js';
export { wallRendererRoutes } from './renderer-routes.js';
export { AUTHORISED_ROOM, WallDevices, type WallAuthMode } from './wall-devices.js';
export { PREVIEW_REFUSED, attachWallPreviews } from './wall-preview.js';
export { DeviceTokens } from './device-tokens.js';
export { wallDeviceRoutes } from './device-routes.js';
export { enrollDemoDisplays, type DemoDisplay } from './demo-enroll.js';

/** The other servers of the center: the bus, and a peer's time on this server's clock. */
export interface WallPeers {
  bus: ClusterBus;
  toLocal(t: number, origin: string): number;
}

/** The bus channel of wall changes (a new scene, language, theme...) and their T. */
export const WALL_CHANNEL = 'wall.changed';

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
  /** Which displays have a renderer, on any server of the center. */
  readonly presence: Presence;
  /** Connected renderers and their clock estimates. */
  readonly renderers = new RendererClocks();
  /** The frame cadences of renderers on the center's other servers (null: alone). */
  private readonly peerCadences: PeerCadences | null;
  /** Wall times of scheduled changes: every renderer shows a change in the first frame at or after its T. */
  readonly schedule: WallSchedule;
  /** Where a data commit due at `t` goes: between the frame starts of every connected renderer (`WALL_FRAME_ALIGN`). */
  readonly placeCommit: (t: number) => number;
  private ns: WallNamespace | null = null;
  private readonly listeners: Array<(state: ConsoleState) => void> = [];
  private readonly joinListeners: Array<(socket: WallSocket) => void> = [];
  /** The consoles' picture: read and sent one after another, so the last one sent is the newest. */
  private consoleRun: Promise<void> = Promise.resolve();
  private consoleQueued = false;
  /** Per wall, the publication under way: states go out in the order of the changes. */
  private readonly publishing = new Map<string, Promise<void>>();
  private briefingsById = new Map<string, Briefing>();
  /** The bus to the center's other servers (`link`); null while this server is alone. */
  private bus: ClusterBus | null = null;
  private briefingIssues: LayoutIssue[] = [];

  constructor(private readonly opts: { layoutsDir: string; sql: Sql; log: Logger; known?: KnownIds; startedAt?: number; sync?: SyncTiming; dataDir?: string; peers?: WallPeers | null }) {
    const timing = opts.sync ?? syncTiming();
    // Every wall shows data, so commits are placed over all renderers; scene changes over the wall's.
    // With several servers, the renderers on the others count too (peer-cadences.ts).
    const peers = opts.peers ?? null;
    this.peerCadences = peers ? new PeerCadences(peers.bus, () => this.renderers.cadencesByWall(), peers.toLocal) : null;
    const cadences = (wallId?: string) => [...this.renderers.cadences(wallId), ...(this.peerCadences?.of(wallId) ?? [])];
    this.placeCommit = timing.frameAlign ? (t) => placeChange(t, cadences()) : (t) => t;
    this.schedule = new WallSchedule(timing.sceneLeadMs, undefined, timing.frameAlign ? (wallId, t) => placeChange(t, cadences(wallId), SCENE_TICK_GUARD_MS) : undefined);
    this.copies = new LastGoodLayouts(opts.dataDir ? join(opts.dataDir, LAST_GOOD_DIR) : null, opts.log);
    this.layouts = new LayoutsLoader(opts.layoutsDir, opts.log, opts.known, this.copies);
    this.states = new WallStates(opts.sql, this.layouts, (id) => this.briefingsById.get(id), opts.startedAt ?? Date.now());
    this.presence = new Presence(Date.now, opts.peers?.bus ?? null);
    this.presence.onChange(() => this.changed());
    if (opts.peers) this.link(opts.peers.bus, opts.peers.toLocal);
  }

  /** Loads the layouts and starts watching the directory. */
  start(ns: WallNamespace, opts: { watch: boolean }): void {
    this.ns = ns;
    this.presence.start();
    this.peerCadences?.start();
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

  /** Listens for the consoles' picture, sent after every change (presence, scene, language, layouts). */
  onConsoleChange(listener: (state: ConsoleState) => void): void {
    this.listeners.push(listener);
  }

  /** Listens for renderers whose `wall:join` succeeded (after their answer was sent). */
  onJoined(listener: (socket: WallSocket) => void): void {
    this.joinListeners.push(listener);
  }

  /** Called by the wall socket when a renderer has joined. */
  joined(socket: WallSocket): void {
    for (const l of this.joinListeners) l(socket);
  }

  /**
   * Sends the current state of a wall to its renderers and the new picture to consoles; resolves
   * once the renderers were sent it (a failed read is logged, not thrown: nobody can retry it).
   */
  publish(wallId: string): Promise<void> {
    return this.publishAt(wallId, null);
  }

  /**
   * Several servers on one store: a change published here goes to the others on the bus with its
   * wall time T, and a change another server published is sent to this server's renderers of that
   * wall due at the same T (moved onto this server's clock), so every display changes in one frame.
   * After a gap in the bus, every wall is sent its current state again.
   */
  private link(bus: ClusterBus, toLocal: (t: number, origin: string) => number): void {
    this.bus = bus;
    bus.subscribe(WALL_CHANNEL, (m) => {
      const { wallId, applyAt } = m.body as { wallId: string; applyAt: number };
      if (m.origin === bus.serverId || !this.layouts.wall(wallId)) return;
      void this.publishAt(wallId, toLocal(applyAt, m.origin));
    });
    bus.onGap(() => {
      for (const w of this.layouts.walls()) void this.publishAt(w.id, null, false);
    });
  }

  private publishAt(wallId: string, peerAt: number | null, announce = true): Promise<void> {
    const run = (this.publishing.get(wallId) ?? Promise.resolve())
      .then(async () => {
        const state = await this.states.state(wallId);
        const applyAt = peerAt === null ? this.schedule.next(wallId) : this.schedule.at(wallId, peerAt);
        if (state && this.ns) this.ns.to(wallRoom(wallId)).emit('wall:state', { ...state, applyAt });
        if (peerAt === null && announce && this.bus) await this.bus.publish(WALL_CHANNEL, { wallId, applyAt });
      })
      .catch((err: unknown) => this.opts.log.error({ err, wallId }, 'sending the wall state failed'));
    this.publishing.set(wallId, run);
    void run.finally(() => this.publishing.get(wallId) === run && this.publishing.delete(wallId));
    this.changed();
    return run;
  }

  /** What a (re)joining renderer must show: the current state, due at the T of its change (often past). */
  async currentState(wallId: string): Promise<WallState | null> {
    const state = await this.states.state(wallId);
    return state ? { ...state, applyAt: this.schedule.latest(wallId) ?? state.applyAt } : null;
  }

  async consoleState(): Promise<ConsoleState> {
    const walls = this.layouts.walls();
    const records = await Promise.all(walls.map((w) => this.states.record(w.id)));
    return {
      walls: walls.flatMap((w, i) => {
        const r = records[i];
        if (!r) return [];
        const briefing = this.states.stateOf(r)?.briefing ?? null;
        const geometry = this.layouts.geometry(w.id);
        // A loaded wall always has its geometry; an empty outline only draws nothing.
        const outline = geometry ? { canvas: geometry.canvas, displays: geometry.displays.map((d) => ({ id: d.id, viewport: d.viewport })) } : { canvas: { width: 0, height: 0 }, displays: [] };
        return [{ wallId: w.id, name: w.name, sceneId: r.sceneId, language: r.language, theme: r.theme, focus: r.focus, briefing, displays: this.presence.displays(w), outline, calibration: calibrationView(w, geometry, r.calibration) }];
      }),
      scenes: this.layouts.scenes().map((s) => ({ id: s.id, name: s.name, wall: s.wall, panels: s.panels.map((p) => ({ id: p.id, type: p.type, rect: p.rect })) })),
      briefings: this.briefings().map((b) => ({ id: b.id, name: b.name, wall: b.wall, steps: b.steps.length })),
    };
  }

  /** Reads the layouts again now (after the server itself wrote a wall file) and tells walls and consoles. */
  reloadLayouts(): void {
    this.onLayoutsChange(this.layouts.load());
  }

  close(): void {
    this.presence.stop();
    this.peerCadences?.stop();
    this.layouts.close();
  }

  private onLayoutsChange(change: LayoutsChange): void {
    this.loadBriefings();
    void this.republish(change).catch((err: unknown) => this.opts.log.error({ err }, 'sending the walls their changed layouts failed'));
    this.changed();
  }

  private async republish(change: LayoutsChange): Promise<void> {
    for (const w of this.layouts.walls()) {
      // A wall showing a changed scene gets it at once. A removed scene may have been on show
      // (the wall has then fallen back to its default), so every wall is told; that is rare.
      const affected = change.wallsChanged || change.removedScenes.length > 0 || change.changedScenes.includes((await this.states.record(w.id))?.sceneId ?? '');
      if (affected) void this.publish(w.id);
    }
  }

  /** Reads the consoles' picture and sends it; a change while one is read queues one more read. */
  private changed(): void {
    if (this.listeners.length === 0 || this.consoleQueued) return;
    this.consoleQueued = true;
    this.consoleRun = this.consoleRun
      .then(async () => {
        this.consoleQueued = false;
        const state = await this.consoleState();
        for (const l of this.listeners) l(state);
      })
      .catch((err: unknown) => this.opts.log.error({ err }, 'sending the consoles the walls failed'));
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
