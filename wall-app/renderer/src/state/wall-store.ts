import type { Language, MapFeed, Wall, WallState, Warning } from '@ioc/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { ONE_DISPLAY, type PageScope } from '../tile/page';
import type { CatalogIndex } from './catalog-index';

export type WallErrorCode = 'missing-params' | 'unknown-wall' | 'unknown-display' | 'join-refused';

export interface WallError {
  code: WallErrorCode;
  /** Server's reason, for `join-refused`. */
  detail?: string;
}

/** Everything the tile shows apart from live data (which lives in the topic stores). */
export interface WallStoreState {
  wallId: string;
  displayId: string;
  /** What of the wall this page draws (from its address, `tile/page.ts`): one display by default. */
  page: PageScope;
  /** Geometry from `GET /api/v1/layouts`. */
  wall: Wall | null;
  catalog: CatalogIndex | null;
  /** Scene and language from `wall:join` and `wall:state`. */
  state: WallState | null;
  language: Language;
  connection: 'online' | 'offline';
  /** True once the server answered anything; the start screen says whether it is reachable. */
  serverSeen: boolean;
  error: WallError | null;
  /** Server time minus local time, ms (from `time:ping`), so every tile shows the same second. */
  clockOffsetMs: number;
  /** Estimated error of `clockOffsetMs`, ms; null before the first exchange. */
  clockErrorMs: number | null;
  /**
   * True once this page has caught up (clock estimated, current scene applied, the first data
   * of every topic it needs committed, or a timeout): only then is the tile shown. Stays true.
   */
  caughtUp: boolean;
  pairing: PairingState | null;
  /** The address carried a `&token=` (dropped unread): the pairing screen says codes replace it. */
  tokenInAddress: boolean;
  /** Open warnings (`warnings:snapshot`, then `warning:changed`), for the warnings and ticker panels. */
  warnings: readonly Warning[];
  /** The map's incidents and flows (`map:feed`): all its events and flows layers draw. */
  mapFeed: MapFeed;
}

export type WallStore = StoreApi<WallStoreState>;

/**
 * A page with no device token shows a pairing code (net/pairing-client.ts) instead of the
 * tile; null once it has a token (or the server lets any page in).
 */
export interface PairingState {
  /** The code to show, or null while it is being asked for. */
  code: string | null;
  /** When the code expires, local epoch ms (the page then receives a new one). */
  expiresAt: number | null;
  /** Why no code could be had (the page keeps asking). */
  error: string | null;
}

export function createWallStore(wallId: string, displayId: string, error: WallError | null = null): WallStore {
  return createStore<WallStoreState>()(() => ({
    wallId,
    displayId,
    page: ONE_DISPLAY,
    wall: null,
    catalog: null,
    state: null,
    warnings: [],
    mapFeed: { incidents: [], flows: [] },
    language: 'vi',
    connection: 'offline',
    serverSeen: false,
    error,
    clockOffsetMs: 0,
    clockErrorMs: null,
    caughtUp: false,
    pairing: null,
    tokenInAddress: false,
  }));
}

export type Phase = 'error' | 'connecting' | 'ready';

export function phaseOf(s: WallStoreState): Phase {
  if (s.error) return 'error';
  return s.wall && s.state && s.catalog && s.caughtUp ? 'ready' : 'connecting';
}

/**
 * When the last live message (or join) arrived, local ms. Kept out of the stores on purpose:
 * it changes with every batch and only the stale badge reads it, on its one-second tick.
 */
export const liveClock = {
  lastDataAt: Date.now(),
  touch(): void {
    this.lastDataAt = Date.now();
  },
};

/** `?wall=main&display=d1` -> ids, or null when one is missing. */
export function readWallParams(search: string): { wallId: string; displayId: string } | null {
  const params = new URLSearchParams(search);
  const wallId = params.get('wall')?.trim() ?? '';
  const displayId = params.get('display')?.trim() ?? '';
  return wallId && displayId ? { wallId, displayId } : null;
}
