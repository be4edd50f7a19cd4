import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOidcEnv, type OidcSettings } from './auth/oidc/oidc-config.js';
import { parseLimitsEnv, type LimitOverrides } from './limits/limits-config.js';
import { parseOrigin } from './http/origins.js';
import { loadTlsMaterial, type TlsMaterial } from './http/tls.js';

/** The package root: both `src/` and `dist/` sit one level below it. */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const REPO_DIR = resolve(PACKAGE_DIR, '..');

/** Where the server finds files that ship with the repository (not with the data). */
export const paths = {
  packageDir: PACKAGE_DIR,
  repoDir: REPO_DIR,
  layoutsDir: resolve(REPO_DIR, 'layouts'),
  catalogDir: resolve(REPO_DIR, 'assets/catalog'),
  adminUnitsFile: resolve(REPO_DIR, 'assets/reference/vn-admin-units.json'),
  wallDist: resolve(REPO_DIR, 'wall-app/renderer/dist'),
  consoleDist: resolve(REPO_DIR, 'control-console/dist'),
} as const;

export interface Config {
  port: number;
  /** HOST: the address to bind; loopback unless the demo runs (`DEMO=0` is production). */
  host: string;
  /** TLS_CERT and TLS_KEY, read and checked: HTTPS and WSS on PORT, plain HTTP only redirects. */
  tls: TlsMaterial | null;
  /** ALLOWED_ORIGINS: origins besides the server's own that browsers may use it from. */
  allowedOrigins: string[];
  /**
   * CLUSTER_URLS: the public origins of every content server of this center (this one included),
   * told to walls and consoles so they fail over by themselves; each is an allowed origin and in
   * the pages' CSP `connect-src`. Empty (the default): a single server, as before.
   */
  clusterUrls: string[];
  dataDir: string;
  layoutsDir: string;
  demo: boolean;
  /** Emulated devices behind the loopback profiles of `<layouts>/devices/` (default: with the demo). */
  demoRoom: boolean;
  logLevel: string;
  /** WALL_AUTH: `enrolled` (default) wall renderers need a device token; `open` lets any page join. */
  wallAuth: 'open' | 'enrolled';
  /** DATA_KEY_FILE: the key file of an encrypted store (null: a plain store); see store/data-key.ts. */
  dataKeyFile: string | null;
  /**
   * DATABASE_URL: a PostgreSQL store shared by several servers (`postgres://user:pw@h1:5432,h2:5432/ioc?target_session_attrs=primary`);
   * null (the default): the embedded SQLite store in DATA_DIR. docs/storage-engines.md, docs/deployment.md.
   */
  databaseUrl: string | null;
  /** SERVER_NAME: this machine's name among the center's servers (device profiles' reachableFrom); the host name by default. */
  serverName: string;
  /** Test-only fault injection (IOC_FAULT=kill-mid-batch): the atomicity test kills the server inside a batch. */
  fault: 'kill-mid-batch' | null;
  /** RATE_LIMITS: JSON over the flood limits' defaults (limits/limits-config.ts). */
  limits: LimitOverrides;
  /** OIDC_*: single sign-on through an OpenID Connect provider (null: local accounts only). */
  oidc: OidcSettings | null;
}

/** Reads the configuration from the environment; a bad value stops the start with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env['PORT'] ? Number(env['PORT']) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer between 0 and 65535, got "${env['PORT']}"`);
  }
  const layoutsDir = env['LAYOUTS_DIR'] ? resolve(env['LAYOUTS_DIR']) : paths.layoutsDir;
  if (!existsSync(layoutsDir)) throw new Error(`LAYOUTS_DIR ${layoutsDir} does not exist`);
  const fault = env['IOC_FAULT'] || null;
  const wallAuth = env['WALL_AUTH'] || 'enrolled';
  if (wallAuth !== 'open' && wallAuth !== 'enrolled') throw new Error(`WALL_AUTH must be enrolled (the default) or open, got "${wallAuth}"`);
  if (fault !== null && fault !== 'kill-mid-batch') throw new Error(`IOC_FAULT must be kill-mid-batch (a test-only fault) or unset, got "${fault}"`);
  const demo = env['DEMO'] !== '0' && env['DEMO'] !== 'false';
  return {
    port,
    // The demo is shown to walls on other machines; a production server is opened on purpose.
    host: env['HOST'] || (demo ? '0.0.0.0' : '127.0.0.1'),
    tls: tlsFromEnv(env),
    allowedOrigins: originsFromEnv(env['ALLOWED_ORIGINS'], 'ALLOWED_ORIGINS'),
    clusterUrls: originsFromEnv(env['CLUSTER_URLS'], 'CLUSTER_URLS'),
    dataDir: resolve(env['DATA_DIR'] || './data'),
    layoutsDir,
    demo,
    demoRoom: env['DEMO_ROOM'] !== undefined ? env['DEMO_ROOM'] !== '0' && env['DEMO_ROOM'] !== 'false' : env['DEMO'] !== '0' && env['DEMO'] !== 'false',
    logLevel: env['LOG_LEVEL'] || 'info',
    wallAuth,
    dataKeyFile: env['DATA_KEY_FILE'] ? resolve(env['DATA_KEY_FILE']) : null,
    databaseUrl: databaseUrlFromEnv(env['DATABASE_URL']),
    serverName: env['SERVER_NAME']?.trim() || hostname(),
    fault,
    limits: parseLimitsEnv(env['RATE_LIMITS']),
    oidc: parseOidcEnv(env),
  };
}

/** A postgres:// or postgresql:// URL, or null when unset; anything else stops the start (a typo must not fall back to SQLite). */
export function databaseUrlFromEnv(value: string | undefined): string | null {
  const url = value?.trim();
  if (!url) return null;
  if (!/^postgres(ql)?:\/\/[^/]*\/[^/?]+/.test(url)) throw new Error('DATABASE_URL must be postgres://user:password@host:port[,host:port...]/database (with the database name); unset it to use the embedded SQLite store');
  return url;
}

function tlsFromEnv(env: NodeJS.ProcessEnv): TlsMaterial | null {
  const cert = env['TLS_CERT'];
  const key = env['TLS_KEY'];
  if (!cert && !key) return null;
  if (!cert || !key) throw new Error(`TLS_CERT and TLS_KEY go together: ${cert ? 'TLS_KEY' : 'TLS_CERT'} is not set (ops tls init makes both)`);
  return loadTlsMaterial(resolve(cert), resolve(key));
}

/** A comma list of origins (ALLOWED_ORIGINS, CLUSTER_URLS), each checked; duplicates once. */
export function originsFromEnv(list: string | undefined, name = 'ALLOWED_ORIGINS'): string[] {
  const origins: string[] = [];
  for (const entry of (list ?? '').split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const parsed = parseOrigin(entry);
    if ('error' in parsed) throw new Error(`${name}: ${parsed.error}`);
    if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  return origins;
}
