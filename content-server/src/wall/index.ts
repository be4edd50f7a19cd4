import type { ConsoleState } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import type { Db } from '../store/index.js';
import { LayoutsLoader, type LayoutsChange } from './layouts-loader.js';
import type { KnownIds } from './layouts-validate.js';
import { Presence } from './presence.js';
import { WallStates } from './wall-state.js';
import { wallRoom, type WallNamespace } from './wall-socket.js';

export { registerWallSocket } from './wall-socket.js';
export type { WallNamespace } from './wall-socket.js';
export { checkLayouts, readLayoutFiles, formatPath } from './layouts-validate.js';
export { wallRoutes } from './routes.js';

/**
 * The wall domain: layouts (walls and scenes), what each wall shows, which displays are
 * connected. It pushes `wall:state` to a wall's renderers and tells listeners (the consoles)
 * when anything they show changed.
 */
export class WallDomain {
  readonly layouts: LayoutsLoader;
  readonly states: WallStates;
  readonly presence = new Presence();
  private ns: WallNamespace | null = null;
  private readonly listeners: Array<() => void> = [];

  constructor(opts: { layoutsDir: string; db: Db; log: Logger; known?: KnownIds; startedAt?: number }) {
    this.layouts = new LayoutsLoader(opts.layoutsDir, opts.log, opts.known);
    this.states = new WallStates(opts.db, this.layouts, opts.startedAt ?? Date.now());
    this.presence.onChange(() => this.changed());
  }

  /** Loads the layouts and starts watching the directory. */
  start(ns: WallNamespace, opts: { watch: boolean }): void {
    this.ns = ns;
    this.layouts.load();
    if (opts.watch) this.layouts.watch((change) => this.onLayoutsChange(change));
  }

  onConsoleChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Sends the current state of a wall to its renderers and the new picture to consoles. */
  publish(wallId: string): void {
    const state = this.states.state(wallId);
    if (state && this.ns) this.ns.to(wallRoom(wallId)).emit('wall:state', state);
    this.changed();
  }

  consoleState(): ConsoleState {
    return {
      walls: this.layouts.walls().flatMap((w) => {
        const r = this.states.record(w.id);
        if (!r) return [];
        return [{ wallId: w.id, name: w.name, sceneId: r.sceneId, language: r.language, displays: this.presence.displays(w) }];
      }),
      scenes: this.layouts.scenes().map((s) => ({ id: s.id, name: s.name, wall: s.wall })),
    };
  }

  close(): void {
    this.layouts.close();
  }

  private onLayoutsChange(change: LayoutsChange): void {
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
