import type { SessionUser } from '@ioc/protocol';
import { forgetKey, loadKey, saveKey, type KeyStorage } from './access-key.js';
import type { ConsoleStore } from './console-store.js';
import { login, logout, type Fetch, type LoginError } from './login.js';
import { currentServer } from './current-server.js';
import { exchangeSsoCode } from './sso.js';
import { connectConsole, type ConnectOptions, type ConsoleConnection } from './socket-adapter.js';

/**
 * Ties the token to the connection. The token is an API key (`#key=` or typed in) or a session
 * token from a password sign-in; either is kept in sessionStorage under the same key, so a
 * reload keeps the session and closing the tab forgets it. A refusal forgets the token so that
 * a reload does not retry one the server turned down; signing out also ends a session on the
 * server.
 */
export interface ConsoleSession {
  /** Connects with an API key or a session token (`account`: who the session token is for). */
  signIn(token: string, account?: SessionUser | null): void;
  /** Signs in with a user name and password; resolves with the reason when it did not work. */
  signInWithPassword(username: string, password: string): Promise<LoginError | null>;
  /** Signs in with the one-time code that single sign-on left in the URL fragment. */
  signInWithSso(code: string): Promise<LoginError | null>;
  signOut(): void;
}

/** sessionStorage key of the signed-in person (display name and role, for the header). */
export const ACCOUNT_STORAGE = 'ioc.console.account';

export function loadAccount(storage: KeyStorage): SessionUser | null {
  try {
    const raw = storage.getItem(ACCOUNT_STORAGE);
    const parsed = raw === null ? null : (JSON.parse(raw) as SessionUser);
    return parsed && typeof parsed.username === 'string' ? parsed : null;
  } catch {
    return null;
  }
}

function saveAccount(storage: KeyStorage, account: SessionUser | null): void {
  try {
    if (account) storage.setItem(ACCOUNT_STORAGE, JSON.stringify(account));
    else storage.removeItem(ACCOUNT_STORAGE);
  } catch {
    /* private mode: the header shows the user name from the server instead */
  }
}

export interface SessionOptions extends Omit<ConnectOptions, 'onRefused'> {
  /** `fetch` in the browser. */
  fetch?: Fetch;
}

export function createSession(store: ConsoleStore, storage: KeyStorage, options: SessionOptions = {}): ConsoleSession {
  const { fetch: fetcher = (url, init) => globalThis.fetch(url, init), ...connectOptions } = options;
  // Read at each call: after a failover, sign-in and sign-out go to the server that answers.
  const origin = (): string => options.origin ?? currentServer().origin;
  let connection: ConsoleConnection | null = null;

  function drop(): void {
    connection?.close();
    connection = null;
  }

  function forget(): void {
    forgetKey(storage);
    saveAccount(storage, null);
  }

  const session: ConsoleSession = {
    signIn(token, account = null) {
      drop();
      saveKey(storage, token);
      saveAccount(storage, account);
      store.getState().reset(account);
      connection = connectConsole(store, token, {
        ...connectOptions,
        onRefused: () => {
          forget();
          drop();
        },
      });
    },
    async signInWithPassword(username, password) {
      const outcome = await login(fetcher, origin(), username, password);
      if (!outcome.ok) return outcome.error;
      session.signIn(outcome.token, outcome.user);
      return null;
    },
    async signInWithSso(code) {
      const outcome = await exchangeSsoCode(fetcher, origin(), code);
      if (!outcome.ok) return outcome.error;
      session.signIn(outcome.token, outcome.user);
      return null;
    },
    signOut() {
      const token = loadKey(storage);
      drop();
      forget();
      store.getState().reset(null);
      store.getState().setConnection('signed-out');
      if (token !== null) void logout(fetcher, origin(), token);
    },
  };
  return session;
}
