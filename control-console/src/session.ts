import { forgetKey, saveKey, type KeyStorage } from './access-key.js';
import type { ConsoleStore } from './console-store.js';
import { connectConsole, type ConnectOptions, type ConsoleConnection } from './socket-adapter.js';

/**
 * Ties the access key to the connection: signing in saves the key and connects; a refusal
 * forgets the key so that a reload does not retry a key the server turned down.
 */
export interface ConsoleSession {
  signIn(key: string): void;
  signOut(): void;
}

export function createSession(
  store: ConsoleStore,
  storage: KeyStorage,
  options: Omit<ConnectOptions, 'onRefused'> = {},
): ConsoleSession {
  let connection: ConsoleConnection | null = null;

  function drop(): void {
    connection?.close();
    connection = null;
  }

  return {
    signIn(key) {
      drop();
      saveKey(storage, key);
      connection = connectConsole(store, key, {
        ...options,
        onRefused: () => {
          forgetKey(storage);
          drop();
        },
      });
    },
    signOut() {
      drop();
      forgetKey(storage);
      store.getState().setConnection('signed-out');
    },
  };
}
