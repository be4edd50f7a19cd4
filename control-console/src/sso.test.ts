import { describe, expect, it } from 'vitest';
import type { Fetch } from './login.js';
import { exchangeSsoCode, ssoAvailable, takeSsoCode } from './sso.js';

const USER = { id: 7, username: 'tuan.le', displayName: 'Lê Anh Tuấn', role: 'admin' as const, provider: 'oidc' as const };
const answer = (status: number, body: unknown) => ({ status, headers: new Headers(), json: async () => body });

describe('single sign-on in the console', () => {
  it('takes the one-time code from the fragment and keeps the rest', () => {
    expect(takeSsoCode('#sso=abc_DEF-123')).toEqual({ code: 'abc_DEF-123', rest: '' });
    expect(takeSsoCode('#wall=main&sso=abc')).toEqual({ code: 'abc', rest: '#wall=main' });
    expect(takeSsoCode('#key=ioc_x')).toEqual({ code: null, rest: '#key=ioc_x' });
    expect(takeSsoCode('#sso=<script>')).toEqual({ code: null, rest: '' });
  });

  it('trades the code over POST (never in a URL) for a session', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const fetcher: Fetch = async (url, init) => {
      calls.push({ url, init });
      return answer(200, { token: 'ios_abc', user: USER, expiresAt: 9 });
    };
    expect(await exchangeSsoCode(fetcher, 'http://h', 'the-code')).toEqual({ ok: true, token: 'ios_abc', user: USER, expiresAt: 9 });
    expect(calls[0]).toMatchObject({ url: 'http://h/api/v1/auth/oidc/exchange', init: { method: 'POST' } });
    expect(calls[0]!.url).not.toContain('the-code');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ code: 'the-code' });
  });

  it("says why a used code was refused, in the server's words", async () => {
    const refused: Fetch = async () => answer(400, { errors: [{ index: null, field: 'code', message: 'Mã đăng nhập một lần không hợp lệ / the sign-in code is invalid' }] });
    expect(await exchangeSsoCode(refused, '', 'x')).toEqual({ ok: false, error: { kind: 'rejected', message: 'Mã đăng nhập một lần không hợp lệ / the sign-in code is invalid' } });
    expect(await exchangeSsoCode(async () => Promise.reject(new Error('down')), '', 'x')).toEqual({ ok: false, error: { kind: 'network' } });
  });

  it('offers single sign-on only when the server says so', async () => {
    expect(await ssoAvailable(async () => answer(200, { local: true, sso: true }), '')).toBe(true);
    expect(await ssoAvailable(async () => answer(200, { local: true, sso: false }), '')).toBe(false);
    expect(await ssoAvailable(async () => answer(404, null), '')).toBe(false);
    expect(await ssoAvailable(async () => Promise.reject(new Error('down')), '')).toBe(false);
  });
});
