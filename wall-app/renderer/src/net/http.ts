import { CatalogSchema, SceneSchema, WallSchema, type Catalog, type Scene, type Wall } from '@ioc/protocol';
import { currentServer } from './current-server';

let deviceToken: string | null = null;

/**
 * The device token this page reads with (null: none, a server in the `open` wall mode). The
 * server limits it to what this page's wall shows.
 */
export function setDeviceToken(token: string | null): void {
  deviceToken = token;
}

/** Headers of every read of the renderer: JSON, and its device token when it has one. */
export function readHeaders(): Record<string, string> {
  return { accept: 'application/json', ...(deviceToken && { authorization: `Bearer ${deviceToken}` }) };
}

// The current server (the page's own unless it failed over): every server serves the same API.
async function getJson(path: string): Promise<unknown> {
  const res = await fetch(currentServer().url(path), { cache: 'no-store', headers: readHeaders() });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

export async function fetchCatalog(): Promise<Catalog> {
  return CatalogSchema.parse(await getJson('/api/v1/catalog'));
}

export async function fetchLayouts(): Promise<{ walls: Wall[]; scenes: Scene[] }> {
  const body = (await getJson('/api/v1/layouts')) as { walls?: unknown; scenes?: unknown } | null;
  if (!body || !Array.isArray(body.walls) || !Array.isArray(body.scenes)) throw new Error('/api/v1/layouts: expected {walls, scenes}');
  return { walls: body.walls.map((w) => WallSchema.parse(w)), scenes: body.scenes.map((s) => SceneSchema.parse(s)) };
}

/** Retries `task` with backoff (1 s doubling to 10 s) until it succeeds. */
export async function retrying<T>(task: () => Promise<T>, what: string): Promise<T> {
  for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
    try {
      return await task();
    } catch (err) {
      console.warn(`[wall:http] ${what} failed, retrying in ${delay} ms:`, err);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
