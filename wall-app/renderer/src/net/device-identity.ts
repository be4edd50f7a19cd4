import { DEVICE_TOKEN_PREFIX, type DeviceIdentity } from '@ioc/protocol';

/**
 * This page's device token and the wall position it was enrolled at, kept in `localStorage`
 * so that a reload, a kiosk restart or a power cut does not ask for pairing again.
 *
 * Several wall pages may share one browser profile (Electron opens every display's window in
 * one session), so the token is kept per page: under a key made of the page's wall, display,
 * renderer and canvas parameters. A token never comes from the address (an address ends up in
 * proxy logs and browser history): a `&token=` is dropped unread, and a page enrolls by pairing
 * or by a single-use `&code=` (net/device-exchange.ts).
 */

export interface StoredIdentity {
  token: string;
  wallId: string;
  displayId: string | null;
  rendererId: string | null;
}

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'ioc.wall.device';
const SLOT_PARAMS = ['wall', 'display', 'renderer', 'canvas'] as const;

/** The storage key of a page: `ioc.wall.device?wall=main&display=d1` (the bare prefix without parameters). */
export function identityKey(search: string): string {
  const params = new URLSearchParams(search);
  const slot = new URLSearchParams();
  for (const name of SLOT_PARAMS) {
    const v = params.get(name)?.trim();
    if (v) slot.set(name, v);
  }
  const s = slot.toString();
  return s ? `${PREFIX}?${s}` : PREFIX;
}

function parse(raw: string | null): StoredIdentity | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<StoredIdentity>;
    if (typeof v.token !== 'string' || !v.token.startsWith(DEVICE_TOKEN_PREFIX) || typeof v.wallId !== 'string') return null;
    return { token: v.token, wallId: v.wallId, displayId: v.displayId ?? null, rendererId: v.rendererId ?? null };
  } catch {
    return null;
  }
}

export function readIdentity(storage: Storage | null, search: string): StoredIdentity | null {
  return storage ? parse(storage.getItem(identityKey(search))) : null;
}

/** Keeps the identity under the key of every address given (the address loaded, and its position's). */
export function saveIdentity(storage: Storage | null, searches: readonly string[], identity: StoredIdentity): void {
  if (!storage) return;
  for (const key of new Set(searches.map(identityKey))) storage.setItem(key, JSON.stringify(identity));
}

/** Removes every stored copy of a token (revoked, or refused by the server). */
export function forgetToken(storage: Storage | null, token: string): void {
  if (!storage) return;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const k = storage.key(i);
    if (k?.startsWith(PREFIX) && parse(storage.getItem(k))?.token === token) keys.push(k);
  }
  for (const k of keys) storage.removeItem(k);
}

/**
 * The address without any `&token=`, and whether it had one. The token is never read: the page
 * drops it before anything can log or send it, and enrolls by code or pairing instead.
 */
export function dropUrlToken(search: string): { dropped: boolean; search: string } {
  const params = new URLSearchParams(search);
  if (!params.has('token')) return { dropped: false, search };
  params.delete('token');
  const rest = params.toString();
  return { dropped: true, search: rest ? `?${rest}` : '' };
}

/**
 * Whether the page's address already shows the identity's position: the same wall, and the
 * same display or renderer (a canvas preview, or a page naming neither, joins as the device may).
 */
export function addressMatches(search: string, id: Pick<StoredIdentity, 'wallId' | 'displayId' | 'rendererId'>): boolean {
  const params = new URLSearchParams(search);
  const get = (n: string) => params.get(n)?.trim() || null;
  if (get('wall') !== id.wallId) return false;
  const canvas = get('canvas');
  if (canvas && canvas !== '0' && canvas !== 'false') return true;
  const display = get('display');
  const renderer = get('renderer');
  if (id.rendererId !== null) return renderer === id.rendererId;
  return display === id.displayId && renderer === null;
}

/** The address of a position: `?wall=main&display=d1` or `?wall=ops-room&renderer=top`. */
export function positionSearch(id: Pick<DeviceIdentity, 'wallId' | 'displayId' | 'rendererId'>): string {
  const params = new URLSearchParams({ wall: id.wallId });
  if (id.rendererId !== null) params.set('renderer', id.rendererId);
  else if (id.displayId !== null) params.set('display', id.displayId);
  return `?${params.toString()}`;
}

/** `localStorage`, or null where it cannot be used (a sandbox, a disabled profile). */
export function pageStorage(): Storage | null {
  try {
    const s = globalThis.localStorage;
    s.getItem(PREFIX);
    return s;
  } catch {
    return null;
  }
}
