import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LayoutIssue } from '@ioc/protocol';
import type { z } from 'zod';
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
): { entries: Array<{ file: string; value: T }>; issues: LayoutIssue[] } {
  const entries: Array<{ file: string; value: T }> = [];
  const issues: LayoutIssue[] = [];
  if (!existsSync(dir)) return { entries, issues };
  const seen = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = `${label}/${name}`;
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch (err) {
      issues.push({ file, path: '', message: `invalid JSON: ${(err as Error).message}` });
      continue;
    }
    const r = schema.safeParse(json);
    if (!r.success) {
      issues.push(...r.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message })));
      continue;
    }
    const problems = check(r.data, file);
    if (problems.length) {
      issues.push(...problems);
      continue;
    }
    const k = keyOf(r.data);
    const other = seen.get(k);
    if (other) {
      issues.push({ file, path: key.path, message: `${key.what} "${k}" is already used by ${other}` });
      continue;
    }
    seen.set(k, file);
    entries.push({ file, value: r.data });
  }
  return { entries, issues };
}
