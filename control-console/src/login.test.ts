import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n.js';
import { isSessionToken, login, loginErrorMessage, logout, readLoginResponse, retryAfterSeconds, type Fetch } from './login.js';

const USER = { id: 4, username: 'lan', displayName: 'Nguyễn Thị Lan', role: 'operator' as const, provider: 'local' as const };

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, headers: new Headers(headers), json: async () => body };
}

function recorder(reply: () => ReturnType<typeof answer> | Promise<never>) {
  const calls: Array<{ url: string; init: RequestInit }> = [];
  const fetcher: Fetch = async (url, init) => {
    calls.push({ url, init });
    return reply();
  };
  return { calls, fetcher };
}

describe('login', () => {
  it('posts the user name and password as JSON and returns the session', async () => {
    const { calls, fetcher } = recorder(() => answer(200, { token: 'ios_abc', user: USER, expiresAt: 123 }));
    expect(await login(fetcher, 'http://h', ' lan ', 'pw d')).toEqual({ ok: true, token: 'ios_abc', user: USER, expiresAt: 123 });
    expect(calls[0]?.url).toBe('http://h/api/v1/auth/login');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ username: 'lan', password: 'pw d' });
  });

  it('maps 401 to "invalid", whatever the body', async () => {
    expect(await readLoginResponse(answer(401, { error: 'invalid username or password' }))).toEqual({ ok: false, error: { kind: 'invalid' } });
    expect(await readLoginResponse({ status: 401, headers: new Headers(), json: async () => Promise.reject(new Error('no body')) })).toEqual({ ok: false, error: { kind: 'invalid' } });
  });

  it('maps 429 to the wait from Retry-After, or from the message', async () => {
    expect(await readLoginResponse(answer(429, {}, { 'retry-after': '42' }))).toEqual({ ok: false, error: { kind: 'rate-limited', retryAfterSeconds: 42 } });
    const message = { errors: [{ field: 'username', message: 'too many failed logins; try again in 17 seconds' }] };
    expect(await readLoginResponse(answer(429, message))).toEqual({ ok: false, error: { kind: 'rate-limited', retryAfterSeconds: 17 } });
    expect(await readLoginResponse(answer(429, null))).toEqual({ ok: false, error: { kind: 'rate-limited', retryAfterSeconds: 60 } });
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(retryAfterSeconds('0')).toBe(1);
    expect(retryAfterSeconds('120')).toBe(120);
    expect(retryAfterSeconds(new Date(10_000 + 30_000).toUTCString(), 10_000)).toBe(30);
    expect(retryAfterSeconds(null)).toBeNull();
    expect(retryAfterSeconds('soon')).toBeNull();
  });

  it('passes on a refused request and tells server and network failures apart', async () => {
    expect(await readLoginResponse(answer(400, { errors: [{ field: 'username', message: 'expected a user name' }] }))).toEqual({ ok: false, error: { kind: 'rejected', message: 'expected a user name' } });
    expect(await readLoginResponse(answer(500, {}))).toEqual({ ok: false, error: { kind: 'server', status: 500 } });
    expect(await readLoginResponse(answer(200, { nope: 1 }))).toEqual({ ok: false, error: { kind: 'server', status: 200 } });
    const { fetcher } = recorder(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await login(fetcher, '', 'lan', 'x')).toEqual({ ok: false, error: { kind: 'network' } });
  });
});

describe('logout', () => {
  it('ends a session with its bearer token, and ignores API keys and failures', async () => {
    const { calls, fetcher } = recorder(() => answer(204, null));
    await logout(fetcher, '', 'ios_abc');
    expect(calls).toEqual([{ url: '/api/v1/auth/logout', init: expect.objectContaining({ method: 'POST', headers: { authorization: 'Bearer ios_abc' } }) }]);
    await logout(fetcher, '', 'ioc_key');
    expect(calls).toHaveLength(1);
    await expect(logout(async () => Promise.reject(new Error('offline')), '', 'ios_x')).resolves.toBeUndefined();
    expect(isSessionToken('ios_x')).toBe(true);
    expect(isSessionToken('ioc_x')).toBe(false);
  });
});

describe('login error messages', () => {
  const i18n = createI18n('vi');
  const text = (lng: 'vi' | 'en', error: Parameters<typeof loginErrorMessage>[0]) => {
    const { key, values } = loginErrorMessage(error);
    return i18n.getFixedT(lng)(key, values);
  };

  it('words a wrong password in both languages, without saying which part was wrong', () => {
    expect(text('vi', { kind: 'invalid' })).toBe('Sai tên đăng nhập hoặc mật khẩu.');
    expect(text('en', { kind: 'invalid' })).toBe('Wrong user name or password.');
  });

  it('gives the wait in seconds when rate-limited', () => {
    expect(text('vi', { kind: 'rate-limited', retryAfterSeconds: 42 })).toBe('Đăng nhập sai quá nhiều lần. Hãy thử lại sau 42 giây.');
    expect(text('en', { kind: 'rate-limited', retryAfterSeconds: 42 })).toBe('Too many failed sign-ins. Try again in 42 seconds.');
    expect(text('en', { kind: 'rate-limited', retryAfterSeconds: 1 })).toBe('Too many failed sign-ins. Try again in 1 second.');
  });

  it('words the other failures', () => {
    expect(text('vi', { kind: 'network' })).toContain('máy chủ');
    expect(text('en', { kind: 'server', status: 503 })).toContain('503');
    expect(text('en', { kind: 'rejected', message: 'expected a password' })).toContain('expected a password');
  });
});
