import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayoutIssue } from '@ioc/protocol';
import { formatJson } from '../cli/wall-commands.js';
import { checkLayouts, readLayoutFiles } from './layouts-validate.js';

/**
 * Editing a wall file in place (technician calibration): find the file that defines a wall,
 * check an edited version against the other layouts before it is written, and write it
 * atomically so that the layouts watcher never reads half a file.
 */

/** The file (relative to the layouts directory) that defines a wall: `walls/<id>.json` first, else any wall file with that id. */
export function wallFileOf(layoutsDir: string, wallId: string): string | null {
  const { files } = readLayoutFiles(layoutsDir);
  const walls = files.filter((f) => f.file.startsWith('walls/'));
  const named = walls.find((f) => f.file === `walls/${wallId}.json`);
  const idOf = (text: string): unknown => {
    try {
      return (JSON.parse(text) as { id?: unknown }).id;
    } catch {
      return undefined;
    }
  };
  if (named && idOf(named.text) === wallId) return named.file;
  return walls.find((f) => idOf(f.text) === wallId)?.file ?? null;
}

/** The wall file as JSON (as written, defaults not applied) with its text. */
export function readWallFile(layoutsDir: string, file: string): { text: string; json: Record<string, unknown> } {
  const text = readFileSync(join(layoutsDir, file), 'utf8');
  const json = JSON.parse(text) as unknown;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('expected a JSON object');
  return { text, json: json as Record<string, unknown> };
}

/** The text a wall file is written with: two-space indents, short objects and arrays on one line. */
export function wallFileText(json: unknown): string {
  return `${formatJson(json)}\n`;
}

/**
 * Errors that replacing `file` by `text` would bring, checked with every other layout file
 * (the wall's own schema and geometry, and its scenes' panels against the new canvas). Errors
 * that the layouts already have are not counted; warnings are not errors.
 */
export function newLayoutErrors(layoutsDir: string, file: string, text: string): LayoutIssue[] {
  const { files } = readLayoutFiles(layoutsDir);
  const key = (i: LayoutIssue) => `${i.file}\u0000${i.path}\u0000${i.message}`;
  const before = new Set(checkLayouts(files).issues.map(key));
  const edited = files.map((f) => (f.file === file ? { file, text } : f));
  return checkLayouts(edited).issues.filter((i) => !i.severity && !before.has(key(i)));
}

/** Writes a file atomically: a temporary file beside it, then a rename over it. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
