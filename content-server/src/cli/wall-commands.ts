import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { WallSchema, wallGeometry, type Wall, type WallGeometry } from '@ioc/protocol';
import { InvalidArgumentError, type Command } from 'commander';
import { formatPath } from '../wall/layouts-validate.js';

export type RendererPlan = 'per-display' | 'per-row' | 'one';
const PLANS: readonly RendererPlan[] = ['per-display', 'per-row', 'one'];

/** What `ops wall init` is told. Sizes in mm, resolution in pixels. */
export interface WallInitOptions {
  id: string;
  rows: number;
  cols: number;
  resolution: { width: number; height: number };
  size?: { width: number; height: number };
  bezel?: number;
  bezelTop?: number;
  bezelRight?: number;
  bezelBottom?: number;
  bezelLeft?: number;
  renderers: RendererPlan;
  nameVi?: string;
  nameEn?: string;
  defaultScene?: string;
}

/** A wall file's content, or the problems that keep it from being one. */
export type WallInitResult = { ok: true; json: Record<string, unknown>; wall: Wall; geometry: WallGeometry } | { ok: false; problems: string[] };

/** Builds and validates the wall file `ops wall init` writes: displays d1..dN row by row. */
export function buildWallFile(o: WallInitOptions, schemaRef?: string): WallInitResult {
  const displays: Array<{ id: string; row: number; col: number }> = [];
  for (let row = 0; row < o.rows; row++) for (let col = 0; col < o.cols; col++) displays.push({ id: `d${row * o.cols + col + 1}`, row, col });
  const sides = [o.bezelTop, o.bezelRight, o.bezelBottom, o.bezelLeft];
  const all = o.bezel ?? 0;
  const bezel = sides.some((s) => s !== undefined)
    ? { top: o.bezelTop ?? all, right: o.bezelRight ?? all, bottom: o.bezelBottom ?? all, left: o.bezelLeft ?? all }
    : all > 0
      ? all
      : undefined;
  const renderers =
    o.renderers === 'one'
      ? [{ id: 'all', displays: displays.map((d) => d.id) }]
      : o.renderers === 'per-row'
        ? Array.from({ length: o.rows }, (_, r) => ({ id: `row${r + 1}`, displays: displays.filter((d) => d.row === r).map((d) => d.id) }))
        : undefined;
  const json: Record<string, unknown> = {
    ...(schemaRef && { $schema: schemaRef }),
    id: o.id,
    name: { vi: o.nameVi ?? `Màn hình ${o.id}`, en: o.nameEn ?? `Wall ${o.id}` },
    grid: { rows: o.rows, cols: o.cols },
    resolution: o.resolution,
    ...(o.size && { size: o.size }),
    ...(bezel !== undefined && { bezel }),
    displays,
    ...(renderers && { renderers }),
    defaultScene: o.defaultScene ?? `${o.id}-overview`,
  };
  const parsed = WallSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${formatPath(i.path) || '(wall)'}: ${i.message}`) };
  return { ok: true, json, wall: parsed.data, geometry: wallGeometry(parsed.data) };
}

/**
 * The starter scene `ops wall init` writes next to the wall, so that the wall loads (its
 * default scene must exist) and its displays can be enrolled at once: the national CPI as a
 * figure and a line, inside the first display (never across a bezel). A scene to replace.
 */
export function starterScene(wall: Wall, g: WallGeometry, schemaRef?: string): Record<string, unknown> {
  const first = g.displays[0]!.viewport;
  const m = Math.max(8, Math.round(Math.min(first.width, first.height) * 0.04));
  const kpiW = Math.max(40, Math.round((first.width - 3 * m) / 3));
  const h = Math.max(40, first.height - 2 * m);
  const lineW = Math.max(40, first.width - 3 * m - kpiW);
  return {
    ...(schemaRef && { $schema: schemaRef }),
    id: wall.defaultScene,
    name: { vi: `Tổng quan (${wall.name.vi})`, en: `Overview (${wall.name.en})` },
    wall: wall.id,
    panels: [
      { id: 'kpi-cpi', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: first.x + m, y: first.y + m, w: kpiW, h } },
      { id: 'line-cpi', type: 'line', indicator: 'cpi_yoy', unit: 'VN', periods: 36, rect: { x: first.x + 2 * m + kpiW, y: first.y + m, w: lineW, h } },
    ],
  };
}

/** Lines describing a wall's geometry for a technician: canvas, hidden gaps, renderers. */
export function describeGeometry(wall: Wall, g: WallGeometry): string[] {
  const gaps = (pairs: Array<[number, number]>) => {
    const values = [...new Set(pairs.map(([a, b]) => b - a))].sort((p, q) => p - q);
    return values.length === 0 ? 'none' : `${values.join('-')} px`;
  };
  const byCell = new Map(g.displays.map((d) => [`${d.row},${d.col}`, d.viewport]));
  const colGaps: Array<[number, number]> = [];
  const rowGaps: Array<[number, number]> = [];
  for (const d of g.displays) {
    const right = byCell.get(`${d.row},${d.col + 1}`);
    const below = byCell.get(`${d.row + 1},${d.col}`);
    if (right) colGaps.push([d.viewport.x + d.viewport.width, right.x]);
    if (below) rowGaps.push([d.viewport.y + d.viewport.height, below.y]);
  }
  return [
    `canvas ${g.canvas.width} x ${g.canvas.height} px (scenes place panels in these pixels)`,
    `${g.displays.length} display${g.displays.length === 1 ? '' : 's'} of ${wall.resolution.width}x${wall.resolution.height} px; hidden behind bezels: ${gaps(colGaps)} between columns, ${gaps(rowGaps)} between rows`,
    ...g.renderers.map((r) => `renderer ${r.id}: ${r.displays.join(', ')} (window ${r.window.width}x${r.window.height}, canvas ${r.viewport.x},${r.viewport.y} ${r.viewport.width}x${r.viewport.height})`),
  ];
}

/** JSON with two-space indents, objects and arrays of plain values on one line (as the hand-written walls). */
export function formatJson(value: unknown): string {
  const join = (body: string) => body.split(/,\n\s*/).join(', ');
  return JSON.stringify(value, null, 2)
    .replace(/\{\n\s+([^{}[\]]*?)\n\s*\}/g, (_, body: string) => `{ ${join(body)} }`)
    .replace(/\[\n\s+([^{}[\]]*?)\n\s*\]/g, (_, body: string) => `[${join(body)}]`);
}

function int(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

function millimetres(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected millimetres, e.g. 1.8');
  return n;
}

function pair(what: string, integer: boolean) {
  return (value: string): { width: number; height: number } => {
    const m = /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/i.exec(value.trim());
    const [w, h] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
    if (!m || w <= 0 || h <= 0 || (integer && (!Number.isInteger(w) || !Number.isInteger(h)))) throw new InvalidArgumentError(`expected ${what} as WIDTHxHEIGHT, e.g. ${integer ? '1920x1080' : '1210x681'}`);
    return { width: w, height: h };
  };
}

function plan(value: string): RendererPlan {
  if (!PLANS.includes(value as RendererPlan)) throw new InvalidArgumentError(`expected one of ${PLANS.join(', ')}`);
  return value as RendererPlan;
}

interface CliOptions extends WallInitOptions {
  out?: string;
  force: boolean;
}

/** `ops wall init`: describe a wall without writing JSON by hand. */
export function registerWallCommands(program: Command, ctx: { layoutsDir: () => string }): void {
  const wall = program.command('wall').description('video walls');
  wall
    .command('init')
    .description('write a wall file (layouts/walls/<id>.json) from its grid, resolution, active-area size and bezels; prints the canvas it gives')
    .requiredOption('--id <id>', 'wall id (lower case letters, digits, - and _)')
    .requiredOption('--rows <n>', 'rows of displays', int(1, 16))
    .requiredOption('--cols <n>', 'columns of displays', int(1, 16))
    .requiredOption('--resolution <WxH>', 'pixels of each display, e.g. 1920x1080', pair('the resolution', true))
    .option('--size <WxH>', 'active area of each display in mm, e.g. 1210x681 (needed for bezels)', pair('the active-area size in mm', false))
    .option('--bezel <mm>', 'bezel width of every side, mm', millimetres)
    .option('--bezel-top <mm>', 'top bezel, mm (overrides --bezel)', millimetres)
    .option('--bezel-right <mm>', 'right bezel, mm', millimetres)
    .option('--bezel-bottom <mm>', 'bottom bezel, mm', millimetres)
    .option('--bezel-left <mm>', 'left bezel, mm', millimetres)
    .option('--renderers <plan>', `${PLANS.join(' | ')}: one window per display, per row of displays, or one for the whole wall`, plan, 'per-display' as RendererPlan)
    .option('--name-vi <name>', 'Vietnamese name (default "Màn hình <id>")')
    .option('--name-en <name>', 'English name (default "Wall <id>")')
    .option('--default-scene <id>', 'scene shown at start (default <id>-overview)')
    .option('--out <file>', 'where to write (default <LAYOUTS_DIR>/walls/<id>.json)')
    .option('--force', 'replace an existing file', false)
    .action((opts: CliOptions) => {
      const layoutsDir = ctx.layoutsDir();
      const out = resolve(opts.out ?? join(layoutsDir, 'walls', `${opts.id}.json`));
      if (existsSync(out) && !opts.force) {
        process.stderr.write(`${out} exists; pass --force to replace it\n`);
        process.exitCode = 1;
        return;
      }
      const schemaRef = relative(dirname(out), join(layoutsDir, 'schema', 'wall.schema.json')).split('\\').join('/');
      const r = buildWallFile(opts, schemaRef);
      if (!r.ok) {
        for (const p of r.problems) process.stderr.write(`${p}\n`);
        process.stderr.write('no file written\n');
        process.exitCode = 1;
        return;
      }
      // The default scene goes beside the wall (a wall in <layouts>/walls/ gets <layouts>/scenes/).
      const scenesDir = join(dirname(dirname(out)), 'scenes');
      const sceneFile = join(scenesDir, `${r.wall.defaultScene}.json`);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${formatJson(r.json)}\n`);
      process.stdout.write(`wrote ${out}: wall ${r.wall.id}, ${opts.rows}x${opts.cols}\n`);
      for (const line of describeGeometry(r.wall, r.geometry)) process.stdout.write(`${line}\n`);
      if (existsSync(sceneFile)) {
        process.stdout.write(`kept ${sceneFile}: the default scene is already there\n`);
      } else {
        const sceneRef = relative(scenesDir, join(layoutsDir, 'schema', 'scene.schema.json')).split('\\').join('/');
        mkdirSync(scenesDir, { recursive: true });
        writeFileSync(sceneFile, `${formatJson(starterScene(r.wall, r.geometry, sceneRef))}\n`);
        process.stdout.write(`wrote ${sceneFile}: a starter scene (the wall's default), two panels on display ${r.geometry.displays[0]!.id}\n`);
      }
      process.stdout.write(`next: run ops layouts check, then lay out your panels in ${sceneFile}\n`);
    });
}
