import type { UserList, UserRole } from '@ioc/protocol';
import type { Fetch } from './wall-devices-api.js';
import { failure } from './api-failure.js';


/**
 * The user management API (`/api/v1/users`) for the console's Users screen. Every call carries
 * the console's token; the server checks the role (admin) and audits each change. Changes
 * resolve with null when done, or the server's reason (in both languages).
 */
export function usersApi(token: string, fetcher: Fetch = (u, i) => globalThis.fetch(u, i), origin = '') {
  const call = (method: string, path: string, body?: unknown) =>
    fetcher(`${origin}/api/v1/users${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
  const done = async (res: Promise<Response>): Promise<string | null> => {
    const r = await res;
    return r.ok ? null : failure(r);
  };
  const at = (username: string) => `/${encodeURIComponent(username)}`;
  return {
    async list(): Promise<UserList> {
      const res = await call('GET', '');
      if (!res.ok) throw new Error(await failure(res));
      return (await res.json()) as UserList;
    },
    create: (user: { username: string; role: UserRole; displayName?: string; password?: string }) => done(call('POST', '', user)),
    update: (username: string, change: { displayName?: string; role?: UserRole; unit?: string | null }) => done(call('PATCH', at(username), change)),
    disable: (username: string) => done(call('POST', `${at(username)}/disable`)),
    enable: (username: string) => done(call('POST', `${at(username)}/enable`)),
    remove: (username: string) => done(call('DELETE', at(username))),
    resetPassword: (username: string, password: string) => done(call('POST', `${at(username)}/password`, { password })),
  };
}
