import type { UserList, UserRole } from '@ioc/protocol';
import { apiClient, type Fetch } from './api-failure.js';

/**
 * The user management API (`/api/v1/users`) for the console's Users screen. Every call carries
 * the console's token; the server checks the role (admin) and audits each change. Changes
 * resolve with null when done, or the server's reason (in both languages).
 */
export function usersApi(token: string, fetcher: Fetch = (u, i) => globalThis.fetch(u, i), origin = '') {
  const api = apiClient('/api/v1/users', token, fetcher, origin);
  const at = (username: string) => `/${encodeURIComponent(username)}`;
  return {
    list: () => api.read<UserList>(''),
    create: (user: { username: string; role: UserRole; displayName?: string; password?: string }) => api.change('POST', '', user),
    update: (username: string, change: { displayName?: string; role?: UserRole; unit?: string | null }) => api.change('PATCH', at(username), change),
    disable: (username: string) => api.change('POST', `${at(username)}/disable`),
    enable: (username: string) => api.change('POST', `${at(username)}/enable`),
    remove: (username: string) => api.change('DELETE', at(username)),
    resetPassword: (username: string, password: string) => api.change('POST', `${at(username)}/password`, { password }),
  };
}
