import { io, type Socket } from 'socket.io-client';
import { CONNECT_TIMEOUT_MS, CurrentServer, HEARTBEAT_LOST, type CONSOLE_NAMESPACE, type ConsoleClientToServer, type ConsoleServerToClient, type PROTOCOL_VERSION } from '@ioc/protocol';
import type { ConsoleStore } from './console-store.js';
import { currentServer } from './current-server.js';
import { bindWarnings } from './warnings-socket.js';
import { warningsStore } from './warnings-store.js';

/**
 * The only module that touches socket.io. It turns socket events into store calls and lends the
 * store a transport while connected. The namespace and version are written out here, typed
 * against the protocol's constants, so the build fails if the protocol ever changes them.
 */
const NAMESPACE: typeof CONSOLE_NAMESPACE = '/console';
/** The wire contract this console speaks; the server refuses a mismatch with a clear reason. */
const PROTOCOL: typeof PROTOCOL_VERSION = 3;

/** The reason the server gives when it turns down a token (a bad key, an ended session). */
export const UNAUTHORISED = 'unauthorised';

export type ConsoleSocket = Socket<ConsoleServerToClient, ConsoleClientToServer>;

export interface ConnectOptions {
  /** Origin of the content server, and no failover; the current server (current-server.ts) when absent. */
  origin?: string;
  /** How long to wait for a command's ack before telling the operator. */
  ackTimeoutMs?: number;
  /** Called when the server refuses the token, so the caller can forget it. */
  onRefused?: (reason: string) => void;
}

export interface ConsoleConnection {
  close(): void;
}

/**
 * Connects the console with `token`. When the center has several servers and the current one
 * stops answering, the console moves to the next with the same token (valid on all: one store),
 * keeping its screen in the offline state meanwhile.
 */
export function connectConsole(store: ConsoleStore, token: string, options: ConnectOptions = {}): ConsoleConnection {
  const ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
  const server = options.origin === undefined ? currentServer() : new CurrentServer(options.origin);
  const open = (origin: string): ConsoleSocket => {
    const s: ConsoleSocket = io(`${origin}${NAMESPACE}`, {
      auth: { token, protocolVersion: PROTOCOL },
      // Plain websocket: the long-polling fallback only hides a broken proxy from the operator.
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
      timeout: CONNECT_TIMEOUT_MS,
    });
    wire(s);
    return s;
  };
  const { getState } = store;
  getState().setConnection('connecting');
  /** The old socket is dropped unheard; the new one attaches its transport on connect. */
  const moveOn = (): void => {
    socket.removeAllListeners();
    socket.disconnect();
    socket = open(server.origin);
  };

  function wire(socket: ConsoleSocket): void {
    socket.on('connect', () => {
      server.connected();
      getState().attachTransport((command) => socket.timeout(ackTimeoutMs).emitWithAck('command', command));
      getState().attachLog({
        failed: (limit) => socket.timeout(ackTimeoutMs).emitWithAck('commands:failed', { limit }),
        resend: (clientId, newClientId) => socket.timeout(ackTimeoutMs).emitWithAck('command:resend', { clientId, newClientId }),
      });
      getState().setConnection('connected');
    });

    socket.on('console:servers', (servers) => server.learn(servers));
    socket.on('console:state', (state) => getState().applyState(state));
    socket.on('console:whoami', (who) => getState().applyWhoami(who));
    socket.on('console:catalog', (catalog) => getState().applyCatalog(catalog));
    socket.on('devices:status', (devices) => getState().applyDevices(devices));
    socket.on('device:status', (device) => getState().applyDevice(device));
    bindWarnings(socket, warningsStore, ackTimeoutMs);

    socket.on('disconnect', (reason) => {
      getState().attachTransport(null);
      getState().attachLog(null);
      if (reason === 'io client disconnect') return;
      getState().setConnection('reconnecting');
      if (reason === HEARTBEAT_LOST) {
        // Not heard for a whole heartbeat: the server (or its machine) is gone; the next one now.
        const before = server.origin;
        if (server.unreachable() !== before) return moveOn();
      } else server.failed();
      // socket.io retries by itself after a network loss, but not after the server closed the
      // socket (a restart or a kick); try again, and let the auth check decide.
      if (reason === 'io server disconnect') socket.connect();
    });

    socket.on('connect_error', (err) => {
      if (err.message === UNAUTHORISED) {
        socket.disconnect();
        getState().setConnection('refused', UNAUTHORISED);
        options.onRefused?.(UNAUTHORISED);
        return;
      }
      if (socket.active) {
        // Server down or unreachable: the manager keeps retrying with backoff, or, after two
        // failures in a row where the center has other servers, the next one is tried.
        getState().setConnection('reconnecting');
        const before = server.origin;
        if (server.failed() !== before) moveOn();
        return;
      }
      // Another refusal from a middleware (e.g. a protocol mismatch): retrying will not help.
      getState().setConnection('refused', err.message);
      options.onRefused?.(err.message);
    });
  }
  let socket = open(server.origin);

  return {
    close() {
      getState().attachTransport(null);
      getState().attachLog(null);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
