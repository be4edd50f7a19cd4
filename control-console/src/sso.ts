import { readLoginResponse, type Fetch, type LoginOutcome } from './login.js';

/**
 * Single sign-on from the console's side. The server's callback sends the browser to
 * `/console/#sso=<one-time code>`; the code sits in the fragment, which browsers never send to
 * a server, and is traded once over POST for a session token, so no token appears in a URL.
 */

export const PROVIDERS_PATH = '/api/v1/auth/providers';
export const SSO_START_PATH = '/api/v1/auth/oidc/start';
export const SSO_EXCHANGE_PATH = '/api/v1/auth/oidc/exchange';

/** Reads `sso` from a fragment such as `#sso=abc`; the code (or null) and the fragment without it. */
export function takeSsoCode(hash: string): { code: string | null; rest: string } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  let code: string | null = null;
  const kept: string[] = [];
  for (const part of body.split('&')) {
    if (part.startsWith('sso=')) {
      const value = part.slice(4).trim();
      if (/^[A-Za-z0-9_-]{1,200}$/.test(value)) code = value;
    } else if (part !== '') {
      kept.push(part);
    }
  }
  return { code, rest: kept.length > 0 ? `#${kept.join('&')}` : '' };
}

/** Whether the server offers single sign-on; false when it cannot be asked (local sign-in still works). */
export async function ssoAvailable(fetcher: Fetch, origin: string): Promise<boolean> {
  try {
    const res = await fetcher(`${origin}${PROVIDERS_PATH}`, { method: 'GET', credentials: 'omit', cache: 'no-store' });
    if (res.status !== 200) return false;
    const body = (await res.json()) as { sso?: unknown } | null;
    return body?.sso === true;
  } catch {
    return false;
  }
}

/** Trades the one-time code for a session; never throws. */
export async function exchangeSsoCode(fetcher: Fetch, origin: string, code: string): Promise<LoginOutcome> {
  let res;
  try {
    res = await fetcher(`${origin}${SSO_EXCHANGE_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, error: { kind: 'network' } };
  }
  return readLoginResponse(res);
}
