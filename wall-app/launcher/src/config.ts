import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, parseWith } from '../../main/src/config.js';

export { ConfigError };

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, { message: 'expected an id: lower case letters, digits, - and _' });
const Pixels = z.number().int().min(1).max(16_384);

/** One display of this machine: where its Chromium window goes. */
const DisplaySchema = z.strictObject({
  displayId: Id,
  /** Top-left corner of the display in the desktop's coordinates (e.g. 1920, 0 for the second). */
  x: z.number().int().min(-32_768).max(32_768),
  y: z.number().int().min(-32_768).max(32_768),
  width: Pixels,
  height: Pixels,
  /** DevTools port of this display's Chromium (on 127.0.0.1); default: any free port. */
  debuggingPort: z.number().int().min(1024).max(65_535).optional(),
});

/** The launcher's configuration file (JSON). See docs/wall-machine.md. */
export const LauncherConfigSchema = z
  .strictObject({
    /** Content server, e.g. `http://ioc-server:8080`; each display opens `<serverUrl>/wall/?wall=..&display=..`. */
    serverUrl: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), { message: 'expected an http:// or https:// URL' }),
    wallId: Id,
    displays: z.array(DisplaySchema).min(1),
    /** The Chromium executable. */
    chromium: z.string().min(1).default('/usr/bin/chromium'),
    /** Where each display's Chromium profile lives (one folder per display). */
    profileDir: z.string().min(1).optional(),
    heartbeat: z
      .strictObject({
        /** How often each page is asked whether it is alive, ms. */
        intervalMs: z.number().int().min(100).max(60_000).default(250),
        /** A page that has not answered for this long (since its last answer) is hung, ms. */
        timeoutMs: z.number().int().min(100).max(60_000).default(1000),
        /** A (re)loaded page that has not loaded after this long is reloaded, ms. */
        loadTimeoutMs: z.number().int().min(1000).max(600_000).default(20_000),
      })
      .default({ intervalMs: 250, timeoutMs: 1000, loadTimeoutMs: 20_000 }),
    /** More Chromium switches, e.g. `--force-device-scale-factor=1`. */
    extraArgs: z.array(z.string().regex(/^--/, { message: 'expected a --switch' })).default([]),
  })
  .superRefine((cfg, ctx) => {
    const seen = new Map<string, number>();
    cfg.displays.forEach((d, i) => {
      if (seen.has(d.displayId)) ctx.addIssue({ code: 'custom', path: ['displays', i, 'displayId'], message: `duplicate display ${d.displayId}` });
      seen.set(d.displayId, i);
      const other = cfg.displays.findIndex((o, j) => j < i && o.debuggingPort !== undefined && o.debuggingPort === d.debuggingPort);
      if (other >= 0) ctx.addIssue({ code: 'custom', path: ['displays', i, 'debuggingPort'], message: `port ${d.debuggingPort} is already used by display ${cfg.displays[other]?.displayId}` });
    });
  });
export type LauncherConfigInput = z.input<typeof LauncherConfigSchema>;
export type LauncherConfig = z.output<typeof LauncherConfigSchema>;
export type LauncherDisplay = LauncherConfig['displays'][number];

export const DEFAULT_LAUNCHER_CONFIG_PATH = '/etc/ioc-wall/launcher.json';

/** `--config <path>` or `--config=<path>`, else `IOC_WALL_LAUNCHER_CONFIG`, else /etc/ioc-wall/launcher.json. */
export function launcherConfigPath(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--config' && argv[i + 1]) return argv[i + 1] as string;
    if (arg.startsWith('--config=') && arg.length > '--config='.length) return arg.slice('--config='.length);
  }
  return env['IOC_WALL_LAUNCHER_CONFIG'] || DEFAULT_LAUNCHER_CONFIG_PATH;
}

/** `$XDG_STATE_HOME/ioc-wall-launcher`, else `~/.local/state/ioc-wall-launcher`. */
export function defaultProfileDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(env['XDG_STATE_HOME'] || join(homedir(), '.local', 'state'), 'ioc-wall-launcher');
}

/** Validates parsed JSON; throws a ConfigError naming every problem. */
export function parseLauncherConfig(json: unknown, origin = 'launcher config'): LauncherConfig {
  return parseWith(LauncherConfigSchema, json, origin);
}

/** Reads and validates the file; `readFile` returns null when it does not exist. */
export function loadLauncherConfig(path: string, readFile: (path: string) => string | null): LauncherConfig {
  const text = readFile(path);
  if (text === null) throw new ConfigError(`launcher config not found: ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseLauncherConfig(json, path);
}
