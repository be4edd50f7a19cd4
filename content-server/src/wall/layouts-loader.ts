import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { wallGeometry, type LayoutIssue, type LayoutsResponse, type Scene, type Wall, type WallGeometry } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { crossCheck, layoutWarnings, parseLayoutFile, readLayoutFiles, type KnownIds, type ParsedLayout } from './layouts-validate.js';

/** What a reload changed: scene ids whose content changed or that disappeared. */
export interface LayoutsChange {
  changedScenes: string[];
  removedScenes: string[];
  wallsChanged: boolean;
}

const DEBOUNCE_MS = 100;

function issueFiles(issues: readonly LayoutIssue[]): Set<string> {
  return new Set(issues.map((i) => i.file));
}

/**
 * Walls and scenes from LAYOUTS_DIR. An invalid file never replaces a good one: the server
 * keeps the last good version of that file (at the first load there is none, so the file is
 * skipped) and reports the problem with the file, the JSON path and what was expected.
 */
export class LayoutsLoader {
  private good = new Map<string, ParsedLayout>();
  private issues: LayoutIssue[] = [];
  private wallsById = new Map<string, Wall>();
  private scenesById = new Map<string, Scene>();
  private geometries = new Map<string, WallGeometry>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly dir: string,
    private readonly log: Logger,
    private readonly known?: KnownIds,
  ) {}

  wall(id: string): Wall | undefined {
    return this.wallsById.get(id);
  }

  scene(id: string): Scene | undefined {
    return this.scenesById.get(id);
  }

  walls(): Wall[] {
    return [...this.wallsById.values()];
  }

  scenes(): Scene[] {
    return [...this.scenesById.values()];
  }

  snapshot(): LayoutsResponse {
    return { walls: this.walls(), scenes: this.scenes(), geometry: Object.fromEntries(this.geometries) };
  }

  /** The computed geometry of a wall in use (canvas, display and renderer viewports). */
  geometry(id: string): WallGeometry | undefined {
    return this.geometries.get(id);
  }

  errors(): LayoutIssue[] {
    return this.issues;
  }

  /** Reads the directory again; returns what changed for the walls that show it. */
  load(): LayoutsChange {
    const { files, issues } = readLayoutFiles(this.dir);
    const candidate = new Map<string, ParsedLayout>();
    const fresh = new Set<string>();
    for (const f of files) {
      const r = parseLayoutFile(f);
      const prev = this.good.get(f.file);
      if (r.ok) {
        candidate.set(f.file, r.layout);
        if (!prev || JSON.stringify(prev) !== JSON.stringify(r.layout)) fresh.add(f.file);
      } else {
        issues.push(...r.issues);
        if (prev) candidate.set(f.file, prev);
      }
    }
    // A file that exists but could not be read keeps its last good version too.
    for (const file of issueFiles(issues)) {
      const prev = this.good.get(file);
      if (prev && !candidate.has(file)) candidate.set(file, prev);
    }
    const first = crossCheck([...candidate.values()], this.known);
    issues.push(...first);
    for (const file of issueFiles(first)) {
      const prev = this.good.get(file);
      if (fresh.has(file) && prev) candidate.set(file, prev);
    }
    // Whatever still fails (a scene whose wall went away, a first load) is left out.
    for (let pass = 0; pass < 5; pass++) {
      const left = crossCheck([...candidate.values()], this.known);
      if (left.length === 0) break;
      issues.push(...left);
      for (const file of issueFiles(left)) candidate.delete(file);
    }
    issues.push(...layoutWarnings([...candidate.values()]));
    this.issues = dedupe(issues);
    for (const i of this.issues) this.log.warn({ file: i.file, path: i.path }, `layout ${i.severity ?? 'problem'}: ${i.file}${i.path ? ` at ${i.path}` : ''}: ${i.message}`);
    return this.apply(candidate);
  }

  /** Reloads on every change of the directory, debounced (editors write in several steps). */
  watch(onChange: (change: LayoutsChange) => void): void {
    for (const sub of ['walls', 'scenes', 'briefings']) {
      if (sub === 'briefings' && !existsSync(join(this.dir, sub))) continue;
      try {
        const w = watch(join(this.dir, sub), () => this.debounce(onChange));
        w.on('error', (err) => this.log.error({ err }, `watching ${sub}/ failed; edits there will not be picked up until restart`));
        this.watchers.push(w);
      } catch (err) {
        this.log.error({ err }, `cannot watch ${join(this.dir, sub)}; edits will not be picked up until restart`);
      }
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
  }

  private debounce(onChange: (change: LayoutsChange) => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      const change = this.load();
      this.log.info({ ...change, errors: this.issues.length }, 'layouts reloaded');
      onChange(change);
    }, DEBOUNCE_MS);
  }

  private apply(accepted: Map<string, ParsedLayout>): LayoutsChange {
    const walls = new Map<string, Wall>();
    const scenes = new Map<string, Scene>();
    for (const l of accepted.values()) {
      if (l.kind === 'wall') walls.set(l.wall.id, l.wall);
      else scenes.set(l.scene.id, l.scene);
    }
    const changedScenes = [...scenes.values()]
      .filter((s) => {
        const before = this.scenesById.get(s.id);
        return !before || JSON.stringify(before) !== JSON.stringify(s);
      })
      .map((s) => s.id);
    const removedScenes = [...this.scenesById.keys()].filter((id) => !scenes.has(id));
    const wallsChanged = JSON.stringify([...walls.values()]) !== JSON.stringify([...this.wallsById.values()]);
    this.good = accepted;
    this.geometries = new Map([...walls.values()].map((w) => [w.id, wallGeometry(w)]));
    this.wallsById = walls;
    this.scenesById = scenes;
    return { changedScenes, removedScenes, wallsChanged };
  }
}

function dedupe(issues: LayoutIssue[]): LayoutIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.file}\u0000${i.path}\u0000${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
