import { join } from 'node:path';
import { WallSchema, type DisplayAdjustArgs, type UndoCommand } from '@ioc/protocol';
import { describeIssues } from '../describe-issues.js';
import type { WallDomain } from '../wall/index.js';
import { formatPath } from '../wall/layouts-validate.js';
import { newLayoutErrors, readWallFile, wallFileOf, wallFileText, writeFileAtomic } from '../wall/wall-file.js';
import { CommandRefusal } from './refusal.js';

const FIELDS = ['bezel', 'offset', 'color'] as const;
type Field = (typeof FIELDS)[number];
type Values = Partial<Record<Field, unknown>>;

/** A checked change of one display in a wall file, ready to write. */
export interface PlannedAdjust {
  wallId: string;
  /** Relative to the layouts directory, e.g. `walls/main.json`. */
  file: string;
  /** The display's own values of the fields changed, before and after (null: none, the default applies). */
  before: Values;
  after: Values;
  undo: UndoCommand | null;
  /** Writes the file and makes the layouts use it; returns what the audit log records. */
  apply(): Record<string, unknown>;
}

/**
 * `wall.display.adjust`: sets (or, with null, removes) a display's bezels, offset and colour
 * correction in the wall file. The edited file is checked like any layout file (the wall's
 * schema and geometry, its scenes against the new canvas) before anything is written; a value
 * that would make the wall invalid is refused with the reason. The file is written atomically
 * and read again at once, so the new geometry is on the wall when the command answers.
 */
export function planDisplayAdjust(wall: WallDomain, args: DisplayAdjustArgs): PlannedAdjust {
  const { wallId, displayId } = args;
  const dir = wall.layouts.dir;
  const file = wallFileOf(dir, wallId);
  if (!file) throw new CommandRefusal('not_found', `no file in walls/ defines wall "${wallId}"`, 'wallId');
  let read: ReturnType<typeof readWallFile>;
  try {
    read = readWallFile(dir, file);
  } catch (err) {
    throw new CommandRefusal('failed', `${file} cannot be read: ${(err as Error).message}`);
  }
  const displays = Array.isArray(read.json.displays) ? (read.json.displays as Array<Record<string, unknown>>) : [];
  const index = displays.findIndex((d) => d.id === displayId);
  if (index < 0) throw new CommandRefusal('not_found', `wall "${wallId}" has no display "${displayId}"`, 'displayId');
  const own = displays[index] as Record<string, unknown>;
  const next: Record<string, unknown> = { ...own };
  const before: Values = {};
  const after: Values = {};
  for (const f of FIELDS) {
    const v = args[f];
    if (v === undefined) continue;
    before[f] = own[f] ?? null;
    after[f] = v;
    if (v === null) delete next[f];
    else next[f] = v;
  }
  const json = { ...read.json, displays: displays.map((d, i) => (i === index ? next : d)) };
  const parsed = WallSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const field = first ? adjustField(first.path, index) : undefined;
    throw new CommandRefusal('invalid', `display ${displayId} cannot take these values: ${describeIssues(parsed.error.issues)}`, field);
  }
  const text = wallFileText(json);
  const broken = newLayoutErrors(dir, file, text);
  if (broken.length > 0) {
    throw new CommandRefusal('invalid', `display ${displayId} cannot take these values: ${broken.map((i) => `${i.file}${i.path ? ` ${i.path}` : ''}: ${i.message}`).join('; ')}`);
  }
  const changed = JSON.stringify(before) !== JSON.stringify(after);
  return {
    wallId,
    file,
    before,
    after,
    undo: changed ? { name: 'wall.display.adjust', args: { wallId, displayId, ...before } } : null,
    apply: () => {
      if (changed) {
        writeFileAtomic(join(dir, file), text);
        wall.reloadLayouts();
      }
      return { file, display: displayId, before, after };
    },
  };
}

/** The argument a wall-file path points into (`displays[0].offset.x` -> `offset.x`), for the console to mark. */
function adjustField(path: ReadonlyArray<PropertyKey>, index: number): string | undefined {
  if (path[0] === 'displays' && path[1] === index && typeof path[2] === 'string' && (FIELDS as readonly string[]).includes(path[2])) return formatPath(path.slice(2));
  return undefined;
}
