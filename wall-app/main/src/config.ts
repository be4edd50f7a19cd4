import { z } from 'zod';

const HttpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), { message: 'expected an http:// or https:// URL' });

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'expected an id: lower case letters, digits, - and _' });

/** The kiosk's configuration file (JSON). See wall-app/README.md. */
export const WallShellConfigSchema = z
  .strictObject({
    /** Content server, e.g. `http://ioc-server:8080`. The windows load `<serverUrl>/wall/`. */
    serverUrl: HttpUrl,
    /**
     * The other content servers of the center (optional): a window whose page does not load
     * from `serverUrl` (that server down when the kiosk starts) loads it from the next one.
     * Once loaded, the page itself moves between servers (renderer net/current-server.ts).
     */
    servers: z.array(HttpUrl).max(16).optional(),
    wallId: Id,
    /** The displays of the wall driven by this computer. */
    displays: z
      .array(
        z.strictObject({
          displayId: Id,
          /** Screen to use, in top-to-bottom then left-to-right order; default: list position. */
          screenIndex: z.number().int().min(0).max(63).optional(),
        }),
      )
      .min(1),
  })
  .superRefine((cfg, ctx) => {
    const ids = cfg.displays.map((d) => d.displayId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['displays', i, 'displayId'], message: `duplicate display ${id}` });
    });
  });
export type WallShellConfig = z.infer<typeof WallShellConfigSchema>;

/** Used when no file is given and none exists at the default path: a 2x1 wall on localhost. */
export const DEFAULT_CONFIG: WallShellConfig = {
  serverUrl: 'http://localhost:8080',
  wallId: 'main',
  displays: [{ displayId: 'd1' }, { displayId: 'd2' }],
};

/** Default location of the config file per platform. */
export function defaultConfigPath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  if (platform === 'win32') return `${env['ProgramData'] ?? 'C:\\ProgramData'}\\ioc-wall\\wall.json`;
  if (platform === 'darwin') return '/Library/Application Support/ioc-wall/wall.json';
  return '/etc/ioc-wall/wall.json';
}

export interface ConfigSource {
  path: string;
  /** True when the path was asked for explicitly (then a missing file is an error). */
  explicit: boolean;
}

/** `--config <path>` or `--config=<path>`, else `IOC_WALL_CONFIG`, else the platform default. */
export function resolveConfigPath(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
): ConfigSource {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config' && argv[i + 1]) return { path: argv[i + 1] as string, explicit: true };
    if (arg.startsWith('--config=') && arg.length > '--config='.length) return { path: arg.slice('--config='.length), explicit: true };
  }
  const fromEnv = env['IOC_WALL_CONFIG'];
  if (fromEnv) return { path: fromEnv, explicit: true };
  return { path: defaultConfigPath(platform, env), explicit: false };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates parsed JSON against a schema; throws a ConfigError naming every problem. */
export function parseWith<T>(schema: z.ZodType<T>, json: unknown, origin: string): T {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`${origin} is invalid:\n  ${problems.join('\n  ')}`);
}

/** Validates parsed JSON; throws a ConfigError naming every problem. */
export function parseConfig(json: unknown, origin = 'config'): WallShellConfig {
  return parseWith(WallShellConfigSchema, json, origin);
}

/**
 * Reads and validates the config. `readFile` returns null when the file does not exist. A
 * missing default file gives DEFAULT_CONFIG; a missing explicit file is an error.
 */
export function loadConfig(source: ConfigSource, readFile: (path: string) => string | null): WallShellConfig {
  const text = readFile(source.path);
  if (text === null) {
    if (source.explicit) throw new ConfigError(`config file not found: ${source.path}`);
    return DEFAULT_CONFIG;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${source.path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(json, source.path);
}
