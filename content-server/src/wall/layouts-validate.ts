import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { panelIndicators, panelUnits, SceneSchema, WallSchema, wallGeometry, wallWarnings, type LayoutIssue, type Scene, type Wall } from '@ioc/protocol';

/** A layout file as read from disk; `file` is relative to the layouts directory. */
export interface LayoutFile {
  file: string;
  text: string;
}

export type ParsedLayout = { kind: 'wall'; file: string; wall: Wall } | { kind: 'scene'; file: string; scene: Scene };

/** Ids the layouts may reference; when given, unknown indicators and units are reported. */
export interface KnownIds {
  indicators: ReadonlySet<string>;
  units: ReadonlySet<string>;
}

/** Writes a zod path as a JSON path: `panels[2].rect.w`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)), '');
}

/** Where in the text a JSON.parse error points, as "line L, column C", when the message says. */
function jsonPosition(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return '';
  const before = text.slice(0, Number(m[1]));
  const lines = before.split('\n');
  return ` (line ${lines.length}, column ${(lines.at(-1)?.length ?? 0) + 1})`;
}

/** Parses and validates one file against WallSchema (walls/) or SceneSchema (scenes/). */
export function parseLayoutFile(f: LayoutFile): { ok: true; layout: ParsedLayout } | { ok: false; issues: LayoutIssue[] } {
  const kind = f.file.startsWith('walls/') ? 'wall' : f.file.startsWith('scenes/') ? 'scene' : null;
  if (!kind) return { ok: false, issues: [{ file: f.file, path: '', message: 'expected a file under walls/ or scenes/' }] };
  let json: unknown;
  try {
    json = JSON.parse(f.text);
  } catch (err) {
    const message = (err as Error).message;
    return { ok: false, issues: [{ file: f.file, path: '', message: `invalid JSON: ${message}${jsonPosition(f.text, message)}` }] };
  }
  const schema = kind === 'wall' ? WallSchema : SceneSchema;
  const r = schema.safeParse(json);
  if (!r.success) {
    return { ok: false, issues: r.error.issues.map((i) => ({ file: f.file, path: formatPath(i.path), message: i.message })) };
  }
  return { ok: true, layout: kind === 'wall' ? { kind, file: f.file, wall: r.data as Wall } : { kind, file: f.file, scene: r.data as Scene } };
}

/**
 * Checks what single files cannot: a scene's wall exists, its panels lie inside that wall's
 * canvas, panel references are known, a wall's default scene exists and is laid out for it,
 * and ids are unique across files.
 */
export function crossCheck(layouts: readonly ParsedLayout[], known?: KnownIds): LayoutIssue[] {
  const issues: LayoutIssue[] = [];
  const walls = new Map<string, { file: string; wall: Wall }>();
  const scenes = new Map<string, { file: string; scene: Scene }>();
  for (const l of layouts) {
    const id = l.kind === 'wall' ? l.wall.id : l.scene.id;
    const seen = l.kind === 'wall' ? walls.get(id) : scenes.get(id);
    if (seen) {
      issues.push({ file: l.file, path: 'id', message: `${l.kind} id "${id}" is already used by ${seen.file}` });
      continue;
    }
    if (l.kind === 'wall') walls.set(id, l);
    else scenes.set(id, l);
  }
  for (const { file, scene } of scenes.values()) {
    const w = walls.get(scene.wall);
    if (!w) {
      issues.push({ file, path: 'wall', message: `expected an existing wall id; "${scene.wall}" is not one (walls: ${[...walls.keys()].join(', ') || 'none'})` });
    }
    const placed = [...scene.panels.map((panel, i) => ({ panel, at: `panels[${i}]` })), ...(scene.drilldown?.panels ?? []).map((panel, i) => ({ panel, at: `drilldown.panels[${i}]` }))];
    placed.forEach(({ panel, at }) => {
      if (w) {
        const { width, height } = canvasOf(w.wall);
        const { x, y, w: pw, h: ph } = panel.rect;
        if (x + pw > width) issues.push({ file, path: `${at}.rect`, message: `expected x + w <= ${width} (canvas of wall ${w.wall.id}: ${width} px wide, bezels included); got ${x} + ${pw} = ${x + pw}` });
        if (y + ph > height) issues.push({ file, path: `${at}.rect`, message: `expected y + h <= ${height} (canvas of wall ${w.wall.id}: ${height} px high, bezels included); got ${y} + ${ph} = ${y + ph}` });
      }
      if (!known) return;
      for (const { path, id } of panelIndicators(panel)) {
        if (!known.indicators.has(id)) issues.push({ file, path: `${at}.${path}`, message: `expected an indicator of the catalog; "${id}" is not one` });
      }
      for (const { path, code } of panelUnits(panel)) {
        if (!known.units.has(code)) issues.push({ file, path: `${at}.${path}`, message: `expected a reporting unit of the catalog; "${code}" is not one` });
      }
    });
  }
  for (const { file, wall } of walls.values()) {
    const s = scenes.get(wall.defaultScene);
    if (!s) issues.push({ file, path: 'defaultScene', message: `expected an existing scene id; "${wall.defaultScene}" is not one` });
    else if (s.scene.wall !== wall.id) issues.push({ file, path: 'defaultScene', message: `expected a scene laid out for wall "${wall.id}"; "${s.scene.id}" is for wall "${s.scene.wall}"` });
  }
  return issues;
}

const canvases = new WeakMap<Wall, { width: number; height: number }>();

/** The wall's canvas size, computed once per parsed wall. */
function canvasOf(wall: Wall): { width: number; height: number } {
  let c = canvases.get(wall);
  if (!c) canvases.set(wall, (c = wallGeometry(wall).canvas));
  return c;
}

/**
 * Warnings about layouts that are used anyway (a wall mixing pixel pitches): they are listed
 * with the problems, marked `severity: 'warning'`, and keep no file out.
 */
export function layoutWarnings(layouts: readonly ParsedLayout[]): LayoutIssue[] {
  return layouts.flatMap((l) => (l.kind === 'wall' ? wallWarnings(l.wall).map((w) => ({ file: l.file, path: formatPath(w.path), message: w.message, severity: 'warning' as const })) : []));
}

/** Reads `walls/*.json` and `scenes/*.json` of a layouts directory, sorted by name. */
export function readLayoutFiles(dir: string): { files: LayoutFile[]; issues: LayoutIssue[] } {
  const files: LayoutFile[] = [];
  const issues: LayoutIssue[] = [];
  for (const sub of ['walls', 'scenes']) {
    let names: string[];
    try {
      names = readdirSync(join(dir, sub)).filter((n) => n.endsWith('.json')).sort();
    } catch (err) {
      issues.push({ file: `${sub}/`, path: '', message: `cannot read the directory: ${(err as Error).message}` });
      continue;
    }
    for (const name of names) {
      const file = `${sub}/${name}`;
      try {
        files.push({ file, text: readFileSync(join(dir, file), 'utf8') });
      } catch (err) {
        issues.push({ file, path: '', message: `cannot read the file: ${(err as Error).message}` });
      }
    }
  }
  return { files, issues };
}

/** Validates a set of files with no earlier state (for `ops layouts check` and tests); warnings included. */
export function checkLayouts(files: readonly LayoutFile[], known?: KnownIds): { layouts: ParsedLayout[]; issues: LayoutIssue[] } {
  const layouts: ParsedLayout[] = [];
  const issues: LayoutIssue[] = [];
  for (const f of files) {
    const r = parseLayoutFile(f);
    if (r.ok) layouts.push(r.layout);
    else issues.push(...r.issues);
  }
  issues.push(...crossCheck(layouts, known), ...layoutWarnings(layouts));
  return { layouts, issues };
}
