import { CONSOLE_KEY_STORAGE } from '@ioc/protocol';

/**
 * The operator's access key. It arrives in the URL fragment (`#key=...`, so it never reaches a
 * server log or a Referer header) or is typed in; it is kept in sessionStorage so that a reload
 * keeps the session but closing the tab forgets it.
 */

/** sessionStorage key under which the access key is kept. */
export const ACCESS_KEY_STORAGE = CONSOLE_KEY_STORAGE;

/** The part of `Storage` this module uses, so tests can pass a plain object. */
export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What `takeKeyFromFragment` found. `rest` is the fragment without the key, `''` when empty. */
export interface FragmentKey {
  key: string | null;
  rest: string;
}

/**
 * Reads `key` from a URL fragment such as `#key=abc` or `#wall=main&key=abc`. Returns the key
 * (trimmed, URL-decoded; `null` when absent or empty) and the fragment with the key removed.
 */
export function takeKeyFromFragment(hash: string): FragmentKey {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') return { key: null, rest: '' };
  let key: string | null = null;
  const kept: string[] = [];
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    if (name === 'key') {
      const raw = eq === -1 ? '' : part.slice(eq + 1);
      const value = safeDecode(raw).trim();
      if (value !== '') key = value;
    } else if (part !== '') {
      kept.push(part);
    }
  }
  return { key, rest: kept.length > 0 ? `#${kept.join('&')}` : '' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Normalises a typed key; `null` when nothing usable was typed. */
export function cleanTypedKey(text: string): string | null {
  const value = text.trim();
  return value === '' ? null : value;
}

export function loadKey(storage: KeyStorage): string | null {
  try {
    return storage.getItem(ACCESS_KEY_STORAGE);
  } catch {
    // Storage can throw in private modes; the operator then types the key once per load.
    return null;
  }
}

export function saveKey(storage: KeyStorage, key: string): void {
  try {
    storage.setItem(ACCESS_KEY_STORAGE, key);
  } catch {
    /* see loadKey */
  }
}

export function forgetKey(storage: KeyStorage): void {
  try {
    storage.removeItem(ACCESS_KEY_STORAGE);
  } catch {
    /* see loadKey */
  }
}

/** The location operations this module needs, so the browser glue stays testable. */
export interface KeyLocation {
  hash: string;
  pathname: string;
  search: string;
}

/**
 * Startup: takes the key from the fragment if there is one (saving it and wiping it from the
 * address bar with `replaceState`, so it is not left on screen or in history), otherwise reads
 * the saved one. Returns the key to connect with, or `null` to show the login field.
 */
export function resolveStartupKey(
  location: KeyLocation,
  storage: KeyStorage,
  replaceUrl: (url: string) => void,
): string | null {
  const found = takeKeyFromFragment(location.hash);
  if (location.hash.length > 1 && found.rest !== location.hash) {
    replaceUrl(`${location.pathname}${location.search}${found.rest}`);
  }
  if (found.key !== null) {
    saveKey(storage, found.key);
    return found.key;
  }
  return loadKey(storage);
}
