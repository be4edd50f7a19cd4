import { DEVICE_TOKEN_PREFIX } from '@ioc/protocol';
import { currentServer } from './current-server';
import type { StoredIdentity } from './device-identity';

/**
 * A page opened with `&code=` (printed by `ops wall-device enroll` or the demo) trades the code
 * once, over POST, for its device token, and the code leaves the address at once: what stays in
 * a proxy's or a browser's history is a code already used, or expired within minutes.
 */

/** A `&code=` in the address, and the address without it. */
export function takeUrlCode(search: string): { code: string | null; search: string } {
  const params = new URLSearchParams(search);
  const code = params.get('code')?.trim() || null;
  params.delete('code');
  const rest = params.toString();
  return { code, search: rest ? `?${rest}` : '' };
}

type Fetch = (url: string, init: RequestInit) => Promise<Pick<Response, 'ok' | 'json'>>;

/** The identity the code stands for, or null (used, expired, unknown, or the server unreachable). */
export async function exchangeCode(code: string, fetcher: Fetch = (u, i) => globalThis.fetch(u, i)): Promise<StoredIdentity | null> {
  try {
    const res = await fetcher(currentServer().url('/api/v1/wall-devices/exchange'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code }),
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { token?: unknown; device?: { wallId?: unknown; displayId?: unknown; rendererId?: unknown } };
    const d = body.device;
    if (typeof body.token !== 'string' || !body.token.startsWith(DEVICE_TOKEN_PREFIX) || !d || typeof d.wallId !== 'string') return null;
    const opt = (v: unknown) => (typeof v === 'string' ? v : null);
    return { token: body.token, wallId: d.wallId, displayId: opt(d.displayId), rendererId: opt(d.rendererId) };
  } catch (err) {
    console.warn('[wall:enroll] the enrollment code could not be traded:', err);
    return null;
  }
}
