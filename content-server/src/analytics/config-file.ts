import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/** A problem of a config file: the JSON path (`rankings.0.indicators.1.weight`) and what is wrong. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Thrown when a config file cannot be used; the message names the file and every path. */
export class ConfigFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(`${file} is invalid:\n  ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('\n  ')}`);
    this.name = 'ConfigFileError';
  }
}

/**
 * Reads a JSON config file and checks it with its schema, then with `check` (references to
 * the catalog and between entries). Any problem stops with a `ConfigFileError` naming the file
 * and the JSON path of each problem.
 */
export function readConfigFile<T>(file: string, schema: z.ZodType<T>, check: (value: T) => ConfigProblem[] = () => []): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigFileError(file, [{ path: '', message: `cannot read: ${(err as Error).message}` }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigFileError(file, parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
  const problems = check(parsed.data);
  if (problems.length > 0) throw new ConfigFileError(file, problems);
  return parsed.data;
}
