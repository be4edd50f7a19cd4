import { PROTOCOL_VERSION, WALL_NAMESPACE, type DeviceEnrolled, type PairingCode, type PairingHint, type PairingResult, type WallClientToServer, type WallServerToClient } from '@ioc/protocol';
import { io, type Socket } from 'socket.io-client';
import type { WallStore } from '../state/wall-store';
import { currentServer } from './current-server';

const RETRY_MS = 5_000;
const log = (...args: unknown[]): void => console.info('[wall:pairing]', ...args);

/** The page's wall, display and renderer parameters, shown to the technician next to the code. */
export function hintOf(search: string): PairingHint {
  const params = new URLSearchParams(search);
  const get = (n: string) => params.get(n)?.trim().slice(0, 64) || undefined;
  const wallId = get('wall');
  const displayId = get('display');
  const rendererId = get('renderer');
  return { ...(wallId && { wallId }), ...(displayId && { displayId }), ...(rendererId && { rendererId }) };
}

/**
 * A page without a device token: connects to `/wall` with no token, asks for a pairing code and
 * shows it (store `pairing`), takes each renewed code, and hands over the token the server
 * sends once a technician assigned the code (`device:enrolled`). The socket receives nothing
 * else: the server sends no data to it. When the server runs open (no enrollment), `onOpen`.
 * A server that stops answering is left for the next one the page knows (net/current-server.ts).
 */
export function startPairing(store: WallStore, hint: PairingHint, handlers: { onEnrolled: (e: DeviceEnrolled) => void; onOpen: () => void }): () => void {
  const server = currentServer();
  const open = (origin: string): Socket<WallServerToClient, WallClientToServer> => {
    const s: Socket<WallServerToClient, WallClientToServer> = io(`${origin}${WALL_NAMESPACE}`, { transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    wire(s);
    return s;
  };
  let socket = open(server.origin);
  let retry: ReturnType<typeof setTimeout> | null = null;
  let done = false;

  const show = (c: PairingCode): void => {
    // The expiry on the local clock: the server's time may differ from this machine's.
    store.setState({ serverSeen: true, pairing: { code: c.code, expiresAt: Date.now() + (c.expiresAt - c.serverTime), error: null } });
  };
  const request = async (): Promise<void> => {
    if (retry) clearTimeout(retry);
    retry = null;
    let res: PairingResult;
    try {
      res = await socket.timeout(10_000).emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION, hint });
    } catch {
      if (socket.connected) retry = setTimeout(() => void request(), RETRY_MS);
      return;
    }
    if (res.ok) return show(res);
    if (res.open) {
      stop();
      return handlers.onOpen();
    }
    log('no pairing code:', res.error);
    store.setState({ serverSeen: true, pairing: { code: null, expiresAt: null, error: res.error } });
    retry = setTimeout(() => void request(), RETRY_MS);
  };
  const stop = (): void => {
    done = true;
    if (retry) clearTimeout(retry);
    socket.close();
  };

  // The new server issues its own code: the old one died with its connection anyway.
  const moveOn = (): void => {
    socket.removeAllListeners();
    socket.close();
    socket = open(server.origin);
  };
  function wire(socket: Socket<WallServerToClient, WallClientToServer>): void {
    socket.on('connect', () => {
      server.connected();
      void request();
    });
    // A code lives as long as its connection: after a reconnection the page gets a new one.
    socket.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') server.failed();
      if (!done) store.setState({ pairing: { code: null, expiresAt: null, error: null } });
    });
    socket.on('connect_error', (err) => {
      log('connection failed:', err.message);
      const before = server.origin;
      if (server.failed() !== before) moveOn();
    });
    socket.on('pairing:code', (c) => show(c));
    socket.on('device:enrolled', (e) => {
      log(`enrolled as ${e.device.name}`);
      stop();
      handlers.onEnrolled(e);
    });
  }
  return stop;
}
