import {
  CONNECT_TIMEOUT_MS,
  DEVICE_TOKEN_REFUSED,
  HEARTBEAT_LOST,
  LiveBatchSchema,
  MapFeedSchema,
  PROTOCOL_VERSION,
  WALL_NAMESPACE,
  WallStateSchema,
  type WallClientToServer,
  type WallJoinResult,
  type LiveBatch,
  type Topic,
  type WallServerToClient,
  type WallState,
  type DeviceIdentity,
} from '@ioc/protocol';
import type { i18n as I18n } from 'i18next';
import { io, type Socket } from 'socket.io-client';
import { applyLanguage } from '../i18n/i18n';
import { topicsForPanels } from '../live/scene-topics';
import { applyWarningChange, warningsFromSnapshot } from '../live/warnings-model';
import { Subscriptions, type LiveTransport } from '../live/subscriptions';
import type { TopicRegistry } from '../live/topic-registry';
import { buildCatalogIndex } from '../state/catalog-index';
import { liveClock, type WallStore } from '../state/wall-store';
import { startClockSync } from '../sync/clock-sync';
import { sampleFrames } from '../sync/frame-cadence';
import { whenCaughtUp, type WallSync } from '../sync/wall-sync';
import { panelsOnTile, shownScene, tileRectOf } from '../tile/tile-geometry';
import { currentServer } from './current-server';
import { fetchCatalog, fetchLayouts, retrying } from './http';

type WallSocket = Socket<WallServerToClient, WallClientToServer>;

const JOIN_TIMEOUT_MS = 10_000;
const REJOIN_MS = 5_000;
/** A tile whose topics have not all answered this long after join and clock are ready is shown anyway. */
const CATCH_UP_GIVE_UP_MS = 5_000;
const log = (...args: unknown[]): void => console.info('[wall:client]', ...args);

/**
 * Connects this tile to the content server: joins the wall, follows its state, keeps the
 * subscriptions equal to what the tile's panels need and feeds live batches to the topic
 * stores. Socket.io reconnects by itself; each reconnection re-joins and resumes. When the
 * center has several servers and the current one stops answering, the tile moves to the next
 * (net/current-server.ts) with the same token, keeping its last frame meanwhile.
 */
export interface DeviceAuth {
  /** The device token (net/device-identity.ts); null where the server lets any page in. */
  token: string | null;
  /** A console's preview instead: the signed-in person's credential (`&preview=1`, net/preview.ts); nobody's display, no clock report. */
  preview?: string;
  /** The server says which position the token is enrolled at (on each connection). */
  onIdentity(identity: DeviceIdentity): void;
  /** The token was revoked, or is refused: the page must pair again. */
  onRevoked(): void;
}

export function startWallClient(store: WallStore, registry: TopicRegistry, i18n: I18n, sync: WallSync, device: DeviceAuth): () => void {
  const { wallId, displayId } = store.getState();
  const subs = new Subscriptions(registry);
  const server = currentServer();
  const open = (origin: string): WallSocket => {
    const s: WallSocket = io(`${origin}${WALL_NAMESPACE}`, { transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 5000, timeout: CONNECT_TIMEOUT_MS, ...(device.preview ? { auth: { preview: device.preview } } : device.token && { auth: { token: device.token } }) });
    wire(s);
    return s;
  };
  const transport: LiveTransport = {
    subscribe: (req) => socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('live:subscribe', req),
    unsubscribe: (req) => socket.emit('live:unsubscribe', req),
  };
  let joined = false;
  let joinedAt = 0;
  let rejoinTimer: ReturnType<typeof setTimeout> | null = null;

  const neededTopics = (state = store.getState().state) => {
    const { wall } = store.getState();
    const tile = wall && tileRectOf(wall, displayId, store.getState().page);
    if (!tile || !state) return null;
    return topicsForPanels(panelsOnTile(shownScene(state), tile).map((p) => p.panel));
  };
  /** Topics of a state received but not shown yet (subscribed ahead of its frame). */
  let upcoming: { state: WallState; topics: readonly Topic[] } | null = null;
  const syncTopics = (): void => {
    const needed = neededTopics();
    const ahead = upcoming && upcoming.state !== store.getState().state ? upcoming.topics : [];
    if (needed || ahead.length) subs.sync([...new Set([...(needed ?? []), ...ahead])]);
  };

  /**
   * A new state is held until the animation frame at its wall time `applyAt`, then applied to
   * the whole tile in that frame. The topics of a new scene are subscribed at once, so that
   * its panels have their data when it appears.
   */
  const applyState = (raw: unknown): void => {
    const parsed = WallStateSchema.safeParse(raw);
    if (!parsed.success) return console.warn('[wall:client] invalid wall state', parsed.error.issues);
    const state: WallState = parsed.data;
    if (state.wallId !== wallId) return;
    const arrivedAt = sync.clock.now();
    const topics = neededTopics(state);
    if (topics) {
      upcoming = { state, topics };
      if (joined) syncTopics();
    }
    sync.frames.at(
      state.applyAt,
      'state',
      () => {
        // Language first: i18next re-renders its consumers in the same task as the store update.
        applyLanguage(i18n, state.language);
        store.setState({ state, language: state.language });
      },
      () => ({ sceneId: state.scene.id, changedAt: state.changedAt, arrivedAt }),
    );
  };

  /**
   * Live batches are committed at their common tick `commitAt` (the same frame on every tile),
   * never before a batch received earlier.
   */
  let lastCommitAt = Number.NEGATIVE_INFINITY;
  const commitBatch = (batch: LiveBatch): void => {
    const at = Math.max(batch.commitAt ?? Number.NEGATIVE_INFINITY, lastCommitAt);
    if (at === Number.NEGATIVE_INFINITY && sync.frames.pending === 0) return subs.onBatch(batch);
    lastCommitAt = at;
    const arrivedAt = sync.clock.now();
    sync.frames.at(at, 'data', () => subs.onBatch(batch), () => ({ versions: Object.fromEntries(batch.messages.map((m) => [m.topic, m.version])), arrivedAt }));
  };

  let layoutsLoading = false;
  let catalogLoading = false;
  const loadLayouts = async (): Promise<void> => {
    if (layoutsLoading) return;
    layoutsLoading = true;
    const layouts = await retrying(fetchLayouts, 'layouts').finally(() => (layoutsLoading = false));
    store.setState({ serverSeen: true });
    const wall = layouts.walls.find((w) => w.id === wallId);
    const error = !wall ? ('unknown-wall' as const) : !tileRectOf(wall, displayId, store.getState().page) ? ('unknown-display' as const) : null;
    if (error) {
      store.setState({ error: { code: error } });
      setTimeout(() => void loadLayouts(), REJOIN_MS);
      return;
    }
    const current = store.getState().error;
    store.setState({ wall: wall ?? null, error: current?.code === 'unknown-wall' || current?.code === 'unknown-display' ? null : current });
  };
  const loadCatalog = async (): Promise<void> => {
    if (catalogLoading) return;
    catalogLoading = true;
    const catalog = await retrying(fetchCatalog, 'catalog').finally(() => (catalogLoading = false));
    store.setState({ catalog: buildCatalogIndex(catalog), serverSeen: true });
  };

  const clockSync = startClockSync(
    {
      ping: (t0) => socket.timeout(3000).emitWithAck('time:ping', t0),
      // A preview is nobody's display: the server keeps no clock of it.
      report: (r) => {
        if (!device.preview) socket.emit('clock:report', r);
      },
    },
    sync.clock,
    // The server places scene changes and data commits between the wall's frame starts.
    { frames: { sample: (first) => sampleFrames(sync.cadence, first ? 12 : 3), cadence: () => sync.cadence.cadence() } },
  );
  const offClock = sync.clock.onChange((e) => store.setState({ clockOffsetMs: e.offset, clockErrorMs: e.error }));
  // The tile appears only once the clock is estimated, the current scene applied and the data
  // of its panels committed: a late or restarted renderer never shows a stale picture first.
  const stopCatchUp = whenCaughtUp({
    // A server that never answers the clock probe must not keep the wall dark either.
    started: () => joined && store.getState().state !== null && (sync.clock.ready || Date.now() - joinedAt > CATCH_UP_GIVE_UP_MS),
    caughtUp: () => {
      const needed = neededTopics();
      // A scene change still scheduled must be shown first; data deltas scheduled for a later
      // tick need not: on a busy feed there is nearly always one, and waiting for a moment
      // with none kept a joining page dark for up to a second.
      return needed !== null && sync.frames.pendingOf('state') === 0 && needed.every((t) => (registry.get(t)?.getState().version ?? null) !== null);
    },
    giveUpMs: CATCH_UP_GIVE_UP_MS,
    done: () => store.setState({ caughtUp: true }),
  });

  const join = async (): Promise<void> => {
    if (rejoinTimer) clearTimeout(rejoinTimer);
    rejoinTimer = null;
    let res: WallJoinResult;
    try {
      res = await socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId, displayId });
    } catch {
      if (socket.connected) rejoinTimer = setTimeout(() => void join(), REJOIN_MS);
      return;
    }
    store.setState({ serverSeen: true });
    if (!res.ok) {
      log('join refused:', res.error);
      const code = /\bno display\b|unknown display/i.test(res.error)
        ? 'unknown-display'
        : /unknown wall/i.test(res.error)
          ? 'unknown-wall'
          : 'join-refused';
      store.setState({ error: { code, detail: res.error } });
      if (socket.connected) rejoinTimer = setTimeout(() => void join(), REJOIN_MS);
      return;
    }
    // Where to go if this server dies (absent from a server older than CLUSTER_URLS).
    server.learn(res.servers ?? []);
    joined = true;
    joinedAt = Date.now();
    liveClock.touch();
    const err = store.getState().error;
    store.setState({ connection: 'online', error: err?.code === 'join-refused' ? null : err });
    subs.joined(transport, res.epoch);
    applyState(res.state);
    syncTopics();
    // Layouts and catalog may have changed while we were away; refresh without blocking.
    void loadLayouts();
    void loadCatalog();
  };

  // Socket.io retries lost transports by itself, but not a disconnect decided by the server
  // nor a connection refused by its middleware: the wall always wants to come back.
  let retryDelay = 1000;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let socket: WallSocket;
  /** The current server failed too often: the same tile, on the next server; the old socket is dropped unheard. */
  const moveTo = (origin: string): void => {
    log(`moving to ${origin}`);
    socket.removeAllListeners();
    socket.close();
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    retryDelay = 1000;
    socket = open(origin);
  };
  const reconnectLater = (): void => {
    if (retryTimer || socket.active) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!socket.connected && !revoked) socket.connect();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10_000);
  };
  let revoked = false;
  const revoke = (): void => {
    if (revoked) return;
    revoked = true;
    socket.close();
    device.onRevoked();
  };
  /** The handlers of one socket (a new one after each move to another server). */
  function wire(socket: WallSocket): void {
    socket.on('connect', () => {
      log(`connected to ${server.origin}`);
      retryDelay = 1000;
      server.connected();
      clockSync.connected();
      void join();
    });
    socket.on('connect_error', (err) => {
      log('connection failed:', err.message);
      if ((err as Error & { data?: { code?: string } }).data?.code === DEVICE_TOKEN_REFUSED) return revoke();
      const before = server.origin;
      const next = server.failed();
      if (next !== before) return moveTo(next);
      reconnectLater();
    });
    socket.on('device:revoked', () => revoke());
    socket.on('device:identity', (identity) => device.onIdentity(identity));
    socket.on('disconnect', (reason) => {
      log('disconnected:', reason);
      joined = false;
      subs.connectionLost();
      store.setState({ connection: 'offline' });
      if (reason === HEARTBEAT_LOST && !revoked) {
        // Not heard for a whole heartbeat: the server (or its machine) is gone; the next one now.
        const before = server.origin;
        const next = server.unreachable();
        if (next !== before) return moveTo(next);
      } else if (reason !== 'io client disconnect') server.failed();
      if (!revoked) reconnectLater();
    });
    socket.on('live', (raw) => {
      if (!joined) return;
      const parsed = LiveBatchSchema.safeParse(raw);
      if (!parsed.success) return console.warn('[wall:client] invalid live batch', parsed.error.issues);
      liveClock.touch();
      commitBatch(parsed.data);
    });
    socket.on('wall:state', (raw) => applyState(raw));
    // Warnings (for the warnings and ticker panels): the server sends the ones not resolved after
    // each successful `wall:join`, then every change; a resolved warning leaves the list.
    socket.on('warnings:snapshot', (raw) => store.setState({ warnings: warningsFromSnapshot(raw) }));
    socket.on('warning:changed', (raw) => {
      const held = store.getState().warnings;
      const next = applyWarningChange(held, raw);
      if (next !== held) store.setState({ warnings: next });
    });
    // The map's incidents and flows: the whole feed after each join and after each change.
    socket.on('map:feed', (raw) => {
      const parsed = MapFeedSchema.safeParse(raw);
      if (!parsed.success) return console.warn('[wall:client] invalid map feed', parsed.error.issues);
      store.setState({ mapFeed: parsed.data });
    });
  }

  // Re-subscribe when the wall state (scene, drill-down focus) or the geometry changes, not on
  // other store changes (clock, warnings, connection).
  const unsubscribeStore = store.subscribe((s, prev) => {
    if (joined && (s.state !== prev.state || s.wall !== prev.wall)) syncTopics();
  });

  socket = open(server.origin);
  void loadLayouts();
  void loadCatalog();
  return () => {
    if (retryTimer) clearTimeout(retryTimer);
    clockSync.stop();
    offClock();
    stopCatchUp();
    unsubscribeStore();
    socket.close();
  };
}
