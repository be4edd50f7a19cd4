import { existsSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { wallGeometry, type LayoutIssue, type LayoutsResponse, type Scene, type Wall, type WallGeometry } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { LastGoodLayouts, lastGoodNote } from './layouts-last-good.js';
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
 * keeps the last good version of that file, in memory and as a copy in DATA_DIR so that it
 * survives a restart (`layouts-last-good.ts`), and reports the problem with the file, the JSON
 * path and what was expected. A file with no good version yet is skipped, and takes nothing
 * else with it: a wall whose default scene is missing shows another of its scenes.
 */
export class LayoutsLoader {
  private good = new Map<string, ParsedLayout>();
  /** When each file's version in use became good (shown with a file served from its last good version). */
  private goodAt = new Map<string, number>();
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
    private readonly copies: LastGoodLayouts = new LastGoodLayouts(null, log),
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
    // Valid on disk: the text to keep as the last good version once the file is accepted.
    const onDisk = new Map<string, { text: string; layout: ParsedLayout }>();
    const fallback = new Set<string>();
    const usePrevious = (file: string): boolean => {
      const prev = this.previous(file);
      if (!prev) return false;
      candidate.set(file, prev);
      fallback.add(file);
      return true;
    };
    for (const f of files) {
      const r = parseLayoutFile(f);
      if (r.ok) {
        candidate.set(f.file, r.layout);
        onDisk.set(f.file, { text: f.text, layout: r.layout });
      } else {
        issues.push(...r.issues);
        usePrevious(f.file);
      }
    }
    // A file, or a whole folder, that could not be read keeps its last good versions too.
    for (const unreadable of issueFiles(issues)) {
      const under = unreadable.endsWith('/') ? this.previousFiles(unreadable.slice(0, -1)) : [unreadable];
      for (const file of under) if (!candidate.has(file)) usePrevious(file);
    }
    const first = crossCheck([...candidate.values()], this.known);
    issues.push(...first);
    for (const file of issueFiles(first)) {
      const prev = this.previous(file);
      if (onDisk.has(file) && prev && JSON.stringify(prev) !== JSON.stringify(onDisk.get(file)?.layout)) usePrevious(file);
    }
    issues.push(...this.settle(candidate));
    issues.push(...layoutWarnings([...candidate.values()]));
    const errorFiles = new Set(issues.filter((i) => !i.severity).map((i) => i.file));
    for (const file of fallback) if (candidate.has(file)) issues.push(lastGoodNote(file, issues, this.goodAt.get(file) ?? this.copies.read(file)?.savedAt));
    this.issues = dedupe(issues);
    for (const i of this.issues) this.log.warn({ file: i.file, path: i.path }, `layout ${i.severity ?? 'problem'}: ${i.file}${i.path ? ` at ${i.path}` : ''}: ${i.message}`);
    const now = Date.now();
    for (const [file, { text, layout }] of onDisk) {
      if (candidate.get(file) !== layout || errorFiles.has(file)) continue;
      this.copies.save(file, text);
      if (this.good.get(file) === undefined || JSON.stringify(this.good.get(file)) !== JSON.stringify(layout)) this.goodAt.set(file, now);
    }
    this.forgetDeleted(files.map((f) => f.file), issues);
    return this.apply(candidate);
  }

  /**
   * Leaves out what still fails the cross-checks (a scene whose wall went away, a first load
   * with no earlier version), except that a wall whose default scene is missing shows another
   * of its scenes instead of going blank.
   */
  private settle(candidate: Map<string, ParsedLayout>): LayoutIssue[] {
    const out: LayoutIssue[] = [];
    for (let pass = 0; pass < 5; pass++) {
      const left = crossCheck([...candidate.values()], this.known);
      if (left.length === 0) break;
      out.push(...left);
      const failing = issueFiles(left);
      for (const file of failing) {
        const l = candidate.get(file);
        const stand = l?.kind === 'wall' && left.every((i) => i.file !== file || i.path === 'defaultScene') ? standInScene(l.wall.id, candidate, failing) : undefined;
        if (l?.kind === 'wall' && stand) {
          candidate.set(file, { ...l, wall: { ...l.wall, defaultScene: stand } });
          out.push(standInNote(file, l.wall.defaultScene, stand));
        } else candidate.delete(file);
      }
    }
    return out;
  }

  /** The version of `file` in use before this load, else its copy in DATA_DIR if still valid. */
  private previous(file: string): ParsedLayout | undefined {
    const inMemory = this.good.get(file);
    if (inMemory) return inMemory;
    const copy = this.copies.read(file);
    if (!copy) return undefined;
    const r = parseLayoutFile({ file, text: copy.text });
    return r.ok ? r.layout : undefined;
  }

  private previousFiles(sub: string): string[] {
    return [...new Set([...[...this.good.keys()].filter((f) => f.startsWith(`${sub}/`)), ...this.copies.list(sub)])];
  }

  /** Drops the copies of files deleted from a folder that was read (not of an unreadable one). */
  private forgetDeleted(present: string[], issues: readonly LayoutIssue[]): void {
    const seen = new Set(present);
    for (const sub of ['walls', 'scenes']) {
      if (issues.some((i) => i.file === `${sub}/`)) continue;
      for (const file of this.copies.list(sub)) if (!seen.has(file) && !issues.some((i) => i.file === file)) this.copies.forget(file);
    }
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

/** The first scene laid out for a wall that is not itself failing. */
function standInScene(wallId: string, candidate: ReadonlyMap<string, ParsedLayout>, failing: ReadonlySet<string>): string | undefined {
  const ids = [...candidate.values()].flatMap((l) => (l.kind === 'scene' && l.scene.wall === wallId && !failing.has(l.file) ? [l.scene.id] : []));
  return ids.sort()[0];
}

function standInNote(file: string, missing: string, stand: string): LayoutIssue {
  return {
    file,
    path: 'defaultScene',
    severity: 'warning',
    message: `the default scene "${missing}" is not available; the wall shows "${stand}" instead until it is`,
    text: {
      en: `the default scene "${missing}" is not available; the wall shows "${stand}" instead until it is`,
      vi: `cảnh mặc định "${missing}" không dùng được; màn hình hiển thị cảnh "${stand}" cho đến khi cảnh đó dùng được`,
    },
  };
}
