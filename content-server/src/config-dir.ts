import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayoutIssue } from '@ioc/protocol';
import type { z } from 'zod';
import { lastGoodNote, type LastGoodLayouts } from './wall/layouts-last-good.js';
import { formatPath } from './wall/layouts-validate.js';

/**
 * Reads every `*.json` of `dir` with a schema (files are named `<label>/<name>.json` in problems),
 * like layouts: each problem names the file, the JSON path and what was expected; an invalid
 * file is skipped, the others load; two valid files with the same key are a problem of the
 * second.
 */
export function readConfigDir<T>(
  dir: string,
  label: string,
  schema: z.ZodType<T>,
  keyOf: (value: T) => string,
  key: { path: string; what: string } = { path: '', what: 'name' },
  /** Further checks of a file that passed the schema; a file with problems is skipped before its key is claimed. */
  check: (value: T, file: string) => LayoutIssue[] = () => [],
  /** Last good versions (DATA_DIR): served, with a note, while a file is invalid; kept for each valid file. */
  copies?: LastGoodLayouts,
): { entries: Array<{ file: string; value: T }>; issues: LayoutIssue[] } {
  const entries: Array<{ file: string; value: T }> = [];
  const issues: LayoutIssue[] = [];
  if (!existsSync(dir)) return { entries, issues };
  const seen = new Map<string, string>();
  const parse = (file: string, text: string): { value: T; issues: LayoutIssue[] } => {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return { value: undefined as T, issues: [{ file, path: '', message: `invalid JSON: ${(err as Error).message}` }] };
    }
    const r = schema.safeParse(json);
    if (!r.success) return { value: undefined as T, issues: r.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })) };
    return { value: r.data, issues: check(r.data, file) };
  };
  const names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  for (const name of names) {
    const file = `${label}/${name}`;
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      text = '';
      issues.push({ file, path: '', message: `cannot read the file: ${(err as Error).message}` });
    }
    let parsed = text ? parse(file, text) : { value: undefined as T, issues: [] };
    if (parsed.issues.length || !text) {
      issues.push(...parsed.issues);
      const copy = copies?.read(file);
      const previous = copy ? parse(file, copy.text) : null;
      if (!previous || previous.issues.length) continue;
      issues.push(lastGoodNote(file, issues, copy?.savedAt));
      parsed = previous;
    } else copies?.save(file, text);
    const r = { data: parsed.value };
    const k = keyOf(r.data);
    const other = seen.get(k);
    if (other) {
      issues.push({ file, path: key.path, message: `${key.what} "${k}" is already used by ${other}` });
      continue;
    }
    seen.set(k, file);
    entries.push({ file, value: r.data });
  }
  for (const file of copies?.list(label) ?? []) if (!names.includes(file.slice(label.length + 1))) copies?.forget(file);
  return { entries, issues };
}
