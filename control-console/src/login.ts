import type { SessionInfo, SessionUser } from '@ioc/protocol';

/**
 * Sign-in with a user name and password over the content server's HTTP API: `POST
 * /api/v1/auth/login` answers a session token (`ios_...`) that the console then uses on its
 * socket, as it would an API key. Knows no React and no storage, so every answer is testable.
 */

export const LOGIN_PATH = '/api/v1/auth/login';
export const LOGOUT_PATH = '/api/v1/auth/logout';

/** Why a login did not give a session; the login screen words it in both languages. */
export type LoginError =
  /** 401: the server never says whether the user name exists. */
  | { kind: 'invalid' }
  /** 429: too many failures; wait this many seconds. */
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  /** 400 / 415: the request itself was refused; the server's words. */
  | { kind: 'rejected'; message: string }
  | { kind: 'server'; status: number }
  | { kind: 'network' };

export type LoginOutcome = { ok: true; token: string; user: SessionUser; expiresAt: number } | { ok: false; error: LoginError };

/** The part of `fetch` used here, so tests can answer by hand. */
export type Fetch = (url: string, init: RequestInit) => Promise<Pick<Response, 'status' | 'headers' | 'json'>>;

/** Session tokens start with `ios_`; API keys with `ioc_`. Only sessions are logged out. */
export const isSessionToken = (token: string): boolean => token.startsWith('ios_');

/** `Retry-After` in seconds: a number of seconds or an HTTP date; at least 1. */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Math.max(1, Number(t));
  const at = Date.parse(t);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - now) / 1000));
}

/** The first error message of an `{error}` or `{errors: [{message}]}` body, if any. */
function messageOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const b = body as { error?: unknown; errors?: Array<{ message?: unknown }> };
  if (typeof b.error === 'string') return b.error;
  if (typeof b.error === 'object' && b.error !== null && typeof (b.error as { message?: unknown }).message === 'string') {
    return (b.error as { message: string }).message;
  }
  const first = Array.isArray(b.errors) ? b.errors[0]?.message : undefined;
  return typeof first === 'string' ? first : null;
}

/** The seconds in the 429 message ("try again in 42 seconds") when there is no header. */
function secondsInMessage(body: unknown): number | null {
  const m = /(\d+)\s*second/.exec(messageOf(body) ?? '');
  return m ? Math.max(1, Number(m[1])) : null;
}

async function jsonOrNull(res: Pick<Response, 'json'>): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    return null;
  }
}

/** Maps the login answer to a session or a reason. */
export async function readLoginResponse(res: Pick<Response, 'status' | 'headers' | 'json'>, now: number = Date.now()): Promise<LoginOutcome> {
  const body = await jsonOrNull(res);
  if (res.status === 200) {
    const info = body as Partial<SessionInfo> | null;
    if (info && typeof info.token === 'string' && info.user && typeof info.expiresAt === 'number') {
      return { ok: true, token: info.token, user: info.user, expiresAt: info.expiresAt };
    }
    return { ok: false, error: { kind: 'server', status: 200 } };
  }
  if (res.status === 401) return { ok: false, error: { kind: 'invalid' } };
  if (res.status === 429) {
    const seconds = retryAfterSeconds(res.headers.get('retry-after'), now) ?? secondsInMessage(body) ?? 60;
    return { ok: false, error: { kind: 'rate-limited', retryAfterSeconds: seconds } };
  }
  if (res.status === 400 || res.status === 415) return { ok: false, error: { kind: 'rejected', message: messageOf(body) ?? `HTTP ${res.status}` } };
  return { ok: false, error: { kind: 'server', status: res.status } };
}

/** Signs in; never throws (a network failure is an outcome too). */
export async function login(fetcher: Fetch, origin: string, username: string, password: string): Promise<LoginOutcome> {
  let res;
  try {
    res = await fetcher(`${origin}${LOGIN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: username.trim(), password }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { ok: false, error: { kind: 'network' } };
  }
  return readLoginResponse(res);
}

/** Ends a session on the server; best effort (the console forgets the token either way). */
export async function logout(fetcher: Fetch, origin: string, token: string): Promise<void> {
  if (!isSessionToken(token)) return;
  try {
    await fetcher(`${origin}${LOGOUT_PATH}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  } catch {
    /* offline: the session will time out on the server */
  }
}

/** The i18n key and values that word a login error (see `messages.ts`, `login.errors`). */
export function loginErrorMessage(error: LoginError): { key: string; values: Record<string, string | number> } {
  switch (error.kind) {
    case 'invalid':
      return { key: 'login.errors.invalid', values: {} };
    case 'rate-limited':
      return { key: 'login.errors.rateLimited', values: { count: error.retryAfterSeconds, seconds: error.retryAfterSeconds } };
    case 'rejected':
      return { key: 'login.errors.rejected', values: { reason: error.message } };
    case 'server':
      return { key: 'login.errors.server', values: { status: error.status } };
    case 'network':
      return { key: 'login.errors.network', values: {} };
  }
}
