import {
  LiveBatchSchema,
  PROTOCOL_VERSION,
  WALL_NAMESPACE,
  WallStateSchema,
  type WallClientToServer,
  type WallJoinResult,
  type WallServerToClient,
  type WallState,
} from '@ioc/protocol';
import type { i18n as I18n } from 'i18next';
import { io, type Socket } from 'socket.io-client';
import { applyLanguage } from '../i18n/i18n';
import { topicsForPanels } from '../live/scene-topics';
import { Subscriptions, type LiveTransport } from '../live/subscriptions';
import type { TopicRegistry } from '../live/topic-registry';
import { buildCatalogIndex } from '../state/catalog-index';
import { liveClock, type WallStore } from '../state/wall-store';
import { panelsOnTile, tileRectOf } from '../tile/tile-geometry';
import { fetchCatalog, fetchLayouts, retrying } from './http';

type WallSocket = Socket<WallServerToClient, WallClientToServer>;

const JOIN_TIMEOUT_MS = 10_000;
const REJOIN_MS = 5_000;
const log = (...args: unknown[]): void => console.info('[wall:client]', ...args);

/**
 * Connects this tile to the content server: joins the wall, follows its state, keeps the
 * subscriptions equal to what the tile's panels need and feeds live batches to the topic
 * stores. Socket.io reconnects by itself; each reconnection re-joins and resumes.
 */
export function startWallClient(store: WallStore, registry: TopicRegistry, i18n: I18n): () => void {
  const { wallId, displayId } = store.getState();
  const subs = new Subscriptions(registry);
  const socket: WallSocket = io(WALL_NAMESPACE, { transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
  const transport: LiveTransport = {
    subscribe: (req) => socket.timeout(JOIN_TIMEOUT_MS).emitWithAck('live:subscribe', req),
    unsubscribe: (req) => socket.emit('live:unsubscribe', req),
  };
  let joined = false;
  let rejoinTimer: ReturnType<typeof setTimeout> | null = null;

  const neededTopics = () => {
    const { wall, state } = store.getState();
    const tile = wall && tileRectOf(wall, displayId);
    if (!tile || !state) return null;
    return topicsForPanels(panelsOnTile(state.scene, tile).map((p) => p.panel));
  };
  const syncTopics = (): void => {
    const needed = neededTopics();
    if (needed) subs.sync(needed);
  };

  const applyState = (raw: unknown): void => {
    const parsed = WallStateSchema.safeParse(raw);
    if (!parsed.success) return console.warn('[wall:client] invalid wall state', parsed.error.issues);
    const state: WallState = parsed.data;
    if (state.wallId !== wallId) return;
    // Language first: i18next re-renders its consumers in the same task as the store update.
    applyLanguage(i18n, state.language);
    store.setState({ state, language: state.language });
  };

  let layoutsLoading = false;
  let catalogLoading = false;
  const loadLayouts = async (): Promise<void> => {
    if (layoutsLoading) return;
    layoutsLoading = true;
    const layouts = await retrying(fetchLayouts, 'layouts').finally(() => (layoutsLoading = false));
    store.setState({ serverSeen: true });
    const wall = layouts.walls.find((w) => w.id === wallId);
    const error = !wall ? ('unknown-wall' as const) : !tileRectOf(wall, displayId) ? ('unknown-display' as const) : null;
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

  const probeClock = (): void => {
    const sent = Date.now();
    socket.timeout(3000).emit('time:ping', sent, (err, res) => {
      if (err || !res) return;
      const offset = res.serverTime - (sent + Date.now()) / 2;
      store.setState({ clockOffsetMs: Math.abs(offset) < 250 ? 0 : offset });
    });
  };

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
    joined = true;
    liveClock.touch();
    applyState(res.state);
    const err = store.getState().error;
    store.setState({ connection: 'online', error: err?.code === 'join-refused' ? null : err });
    subs.joined(transport, res.epoch);
    syncTopics();
    probeClock();
    // Layouts and catalog may have changed while we were away; refresh without blocking.
    void loadLayouts();
    void loadCatalog();
  };

  // Socket.io retries lost transports by itself, but not a disconnect decided by the server
  // nor a connection refused by its middleware: the wall always wants to come back.
  let retryDelay = 1000;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const reconnectLater = (): void => {
    if (retryTimer || socket.active) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!socket.connected) socket.connect();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10_000);
  };
  socket.on('connect', () => {
    retryDelay = 1000;
    void join();
  });
  socket.on('connect_error', (err) => {
    log('connection failed:', err.message);
    reconnectLater();
  });
  socket.on('disconnect', (reason) => {
    log('disconnected:', reason);
    joined = false;
    subs.connectionLost();
    store.setState({ connection: 'offline' });
    reconnectLater();
  });
  socket.on('live', (raw) => {
    if (!joined) return;
    const parsed = LiveBatchSchema.safeParse(raw);
    if (!parsed.success) return console.warn('[wall:client] invalid live batch', parsed.error.issues);
    liveClock.touch();
    subs.onBatch(parsed.data);
  });
  socket.on('wall:state', (raw) => applyState(raw));

  // Re-subscribe when the scene or the geometry changes (not on language or clock changes).
  const unsubscribeStore = store.subscribe((s, prev) => {
    if (joined && (s.state?.scene !== prev.state?.scene || s.wall !== prev.wall)) syncTopics();
  });

  void loadLayouts();
  void loadCatalog();
  return () => {
    if (retryTimer) clearTimeout(retryTimer);
    unsubscribeStore();
    socket.close();
  };
}
