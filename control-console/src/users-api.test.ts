import { describe, expect, it } from 'vitest';
import { usersApi } from './users-api.js';

function recorder(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetcher = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, api: usersApi('ios_token', fetcher, 'http://h') };
}

describe('users API of the console', () => {
  it('sends each change with the console token to the right route', async () => {
    const { calls, api } = recorder(200, { user: {} });
    expect(await api.update('hoa nguyen', { role: 'operator' })).toBeNull();
    expect(await api.resetPassword('hoa', 'a-new-password-1')).toBeNull();
    expect(calls.map((c) => [c.init?.method, c.url])).toEqual([
      ['PATCH', 'http://h/api/v1/users/hoa%20nguyen'],
      ['POST', 'http://h/api/v1/users/hoa/password'],
    ]);
    expect(calls[0]!.init?.headers).toMatchObject({ authorization: 'Bearer ios_token' });
    expect(JSON.parse(String(calls[1]!.init?.body))).toEqual({ password: 'a-new-password-1' });
  });

  it("answers a refusal with the server's bilingual reason", async () => {
    const { api } = recorder(403, { errors: [{ index: null, field: 'authorization', message: 'Chỉ quản trị viên được quản lý người dùng / only an admin may manage users' }] });
    expect(await api.disable('minh')).toBe('Chỉ quản trị viên được quản lý người dùng / only an admin may manage users');
    await expect(api.list()).rejects.toThrow(/only an admin may manage users/);
  });
});
