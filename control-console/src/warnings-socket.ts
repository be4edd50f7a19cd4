import type { ConsoleSocket } from './socket-adapter.js';
import type { WarningsStore } from './warnings-store.js';

/** Feeds the warnings store from a console socket and lends it `warning:ack` while connected. */
export function bindWarnings(socket: ConsoleSocket, store: WarningsStore, ackTimeoutMs: number): void {
  const { getState } = store;
  getState().reset();
  socket.on('connect', () => getState().attachAck((req) => socket.timeout(ackTimeoutMs).emitWithAck('warning:ack', req)));
  socket.on('disconnect', () => getState().attachAck(null));
  socket.on('warnings:snapshot', (snapshot) => getState().applySnapshot(snapshot));
  socket.on('warning:changed', (change) => getState().applyChange(change));
}
