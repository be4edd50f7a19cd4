// Test support (not compiled into dist): a real server on a free port in a temporary
// DATA_DIR, keys for each role, and small clients for HTTP and socket.io.
import type { LimitOverrides } from '../limits/index.js';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONSOLE_NAMESPACE, WALL_NAMESPACE, type ConsoleClientToServer, type ConsoleServerToClient, type WallClientToServer, type WallServerToClient } from '@ioc/protocol';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { paths } from '../config.js';
import { createServer, type RunningServer, type ServerOptions } from '../server.js';
import type { TlsMaterial } from '../http/tls.js';
import { Store } from '../store/index.js';
import { freshDatabaseUrl } from './engines.js';

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  layoutsDir: string;
  keys: { ingest: string; reader: string; operator: string; admin: string; synthetic: string };
  /** The PostgreSQL store it runs on, if any (null: SQLite in `dataDir`). */
  databaseUrl: string | null;
  close(): Promise<void>;
}

/** A private copy of the repository's layouts, for tests that edit them. */
export function copyLayouts(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-layouts-'));
  cpSync(paths.layoutsDir, dir, { recursive: true });
  return dir;
}

/**
 * A private copy of the layouts with this room's devices and macros instead of the demo
 * room's: `devices` and `macros` are written as `devices/<id>.json` and `macros/<name>.json`.
 */
export function roomLayouts(room: { devices?: Array<Record<string, unknown>>; macros?: Array<Record<string, unknown>> }): string {
  const dir = copyLayouts();
  for (const sub of ['devices', 'macros'] as const) {
    rmSync(join(dir, sub), { recursive: true, force: true });
    mkdirSync(join(dir, sub));
    (room[sub] ?? []).forEach((value, i) => writeFileSync(join(dir, sub, `${String(value.id ?? value.name ?? i)}.json`), JSON.stringify(value, null, 2)));
  }
  return dir;
}

/** The engine test servers run on: SQLite unless the suite runs again on PostgreSQL (`IOC_TEST_STORE=postgres`, project integration-pg). */
export function testStoreEngine(): 'sqlite' | 'postgres' {
  return process.env.IOC_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';
}

/** Each data folder's database on PostgreSQL: a server started again on a folder (a restart, a second server) finds its data. */
const databases = new Map<string, Promise<string>>();

/**
 * The DATABASE_URL of the store of a test server on `dataDir`: none on SQLite (the store is the
 * folder's file); on PostgreSQL, a fresh database the first time a folder is asked for, the same
 * one after. For tests that call `createServer` themselves: `{ ...(await testDatabase(dir)) }`.
 */
export async function testDatabase(dataDir: string): Promise<{ databaseUrl?: string }> {
  if (testStoreEngine() === 'sqlite') return {};
  let url = databases.get(dataDir);
  if (!url) databases.set(dataDir, (url = freshDatabaseUrl()));
  return { databaseUrl: await url };
}

/** The store of a test server's data folder, opened beside it (or after it) as `ops` opens it: SQLite's file, or the folder's PostgreSQL database. */
export async function openTestStore(dataDir: string): Promise<Store> {
  const { databaseUrl } = await testDatabase(dataDir);
  return databaseUrl ? Store.connect(databaseUrl, { max: 2 }) : Store.open(dataDir);
}

/**
 * A server for a test. Its wall namespace is `open` unless `wallAuth: 'enrolled'` is asked: the
 * tests of other domains use wall sockets as tools; the enrollment tests (wall/enroll.*) and
 * the e2e tests run the production default, with tokens from `enrollDevice`. Its store is SQLite
 * in the data folder, or under `IOC_TEST_STORE=postgres` the folder's database (`testDatabase`).
 */
export async function startTestServer(opts: { layoutsDir?: string; watchLayouts?: boolean; dataDir?: string; wallDist?: string; wallAuth?: 'open' | 'enrolled'; demoRoom?: boolean; sessions?: ServerOptions['sessions']; limits?: LimitOverrides; dataKeyFile?: string; tls?: TlsMaterial; allowedOrigins?: string[]; clusterUrls?: string[]; databaseUrl?: string; serverName?: string; keys?: TestServer['keys'] } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'ioc-data-'));
  const layoutsDir = opts.layoutsDir ?? paths.layoutsDir;
  const databaseUrl = opts.databaseUrl ?? (await testDatabase(dataDir)).databaseUrl;
  const server = await createServer({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    layoutsDir,
    demo: false,
    demoRoom: opts.demoRoom ?? false,
    logger: pino({ level: 'silent' }),
    watchLayouts: opts.watchLayouts ?? false,
    wallDist: opts.wallDist ?? join(dataDir, 'no-wall-dist'),
    consoleDist: join(dataDir, 'no-console-dist'),
    wallAuth: opts.wallAuth ?? 'open',
    ...(opts.sessions && { sessions: opts.sessions }),
    ...(opts.limits && { limits: opts.limits }),
    dataKeyFile: opts.dataKeyFile ?? null,
    ...(opts.tls && { tls: opts.tls }),
    ...(opts.allowedOrigins && { allowedOrigins: opts.allowedOrigins }),
    ...(opts.clusterUrls && { clusterUrls: opts.clusterUrls }),
    ...(databaseUrl && { databaseUrl }),
    ...(opts.serverName && { serverName: opts.serverName }),
  });
  // A restart on the same DATA_DIR (opts.dataDir) finds the keys of the last start: they are made afresh.
  const create = async (name: string, role: 'ingest' | 'reader' | 'operator' | 'admin', synthetic = false) => {
    await server.keys.revoke(name);
    return (await server.keys.create(name, role, { synthetic })).key;
  };
  // A second server of one center (same databaseUrl) takes the first one's keys: made again, they would revoke them.
  const keys = opts.keys ?? {
    ingest: await create('test-ingest', 'ingest'),
    reader: await create('test-reader', 'reader'),
    operator: await create('test-operator', 'operator'),
    admin: await create('test-admin', 'admin'),
    synthetic: await create('test-synthetic', 'ingest', true),
  };
  readers.set(server.url, keys.reader);
  return {
    server,
    url: server.url,
    dataDir,
    layoutsDir,
    keys,
    databaseUrl: databaseUrl ?? null,
    close: async () => {
      await server.close();
      if (!opts.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
        databases.delete(dataDir);
      }
    },
  };
}

/**
 * Another server of `first`'s center (same PostgreSQL): its own data folder holding a copy of the
 * center's audit key, `first`'s keys (made again, they would revoke them), the same layouts.
 * Its data folder is removed when it closes.
 */
export async function startPeerServer(first: TestServer, opts: { serverName?: string; wallAuth?: 'open' | 'enrolled' } = {}): Promise<TestServer> {
  if (!first.databaseUrl) throw new Error('startPeerServer: the first server runs on SQLite; start it with a databaseUrl');
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-data-peer-'));
  copyFileSync(join(first.dataDir, 'audit.key'), join(dataDir, 'audit.key'));
  const peer = await startTestServer({ databaseUrl: first.databaseUrl, dataDir, layoutsDir: first.layoutsDir, keys: first.keys, ...(opts.serverName && { serverName: opts.serverName }), ...(opts.wallAuth && { wallAuth: opts.wallAuth }) }).catch((err: unknown) => {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  });
  return {
    ...peer,
    close: async () => {
      await peer.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** POSTs a batch as a source would. */
export async function postObservations(url: string, key: string | null, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/api/v1/observations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Reader keys of the servers started here, by base URL: what `getJson` reads with by default. */
const readers = new Map<string, string>();

/**
 * GETs JSON. Reads need credentials: by default the reader key of the test server the URL
 * belongs to; pass a token to read as someone else, or null to send none.
 */
export async function getJson(url: string, token?: string | null): Promise<{ status: number; body: any }> {
  const bearer = token === undefined ? readers.get(new URL(url).origin) : token;
  const res = await fetch(url, bearer ? { headers: { authorization: `Bearer ${bearer}` } } : {});
  return { status: res.status, body: await res.json() };
}

/** Sends JSON with a bearer token; parses the answer. */
export async function sendJson(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string | null, body?: unknown): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(token && { authorization: `Bearer ${token}` }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

export type WallClient = Socket<WallServerToClient, WallClientToServer>;
export type ConsoleClient = Socket<ConsoleServerToClient, ConsoleClientToServer>;

/** A wall socket; with a device token (from `enrollDevice`) as an enrolled renderer connects. */
export function wallClient(url: string, token?: string): WallClient {
  return io(`${url}${WALL_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, ...(token !== undefined && { auth: { token } }) });
}

/** Enrolls a device at a display (or `{ rendererId }`) directly in the store, as `ops wall-device enroll` does; returns its token. */
export async function enrollDevice(server: RunningServer, wallId: string, at: string | { rendererId: string }): Promise<string> {
  const position = typeof at === 'string' ? { wallId, displayId: at, rendererId: null } : { wallId, displayId: null, rendererId: at.rendererId };
  return (await server.wallDevices.tokens.create(position, { by: 'test' })).token;
}

export function consoleClient(url: string, token?: string): ConsoleClient {
  return io(`${url}${CONSOLE_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, ...(token !== undefined && { auth: { token } }) });
}

/** Resolves with the next emission of `event`, or rejects after `ms`. */
export function nextEvent<T>(socket: Socket<any, any>, event: string, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Collects every emission of `event` from now on. */
export function collect<T>(socket: Socket<any, any>, event: string): T[] {
  const out: T[] = [];
  socket.on(event, (payload: T) => out.push(payload));
  return out;
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
