import type { GroupList, UserRole } from '@ioc/protocol';
import { failure } from './api-failure.js';
import type { Fetch } from './wall-devices-api.js';

/** What an admin may change of a group (`PATCH /api/v1/groups/{id}`). */
export interface GroupChange {
  displayName?: string;
  role?: UserRole;
  idpGroups?: string[];
  disabled?: boolean;
}

/**
 * The group management API (`/api/v1/groups`) for the console's Groups screen. Every call
 * carries the console's token; the server checks the role (admin) and audits each change.
 * Changes resolve with null when done, or the server's reason (in both languages).
 */
export function groupsApi(token: string, fetcher: Fetch = (u, i) => globalThis.fetch(u, i), origin = '') {
  const call = (method: string, path: string, body?: unknown) =>
    fetcher(`${origin}/api/v1/groups${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
  const done = async (res: Promise<Response>): Promise<string | null> => {
    const r = await res;
    return r.ok ? null : failure(r);
  };
  const member = (id: number, username: string) => `/${id}/members/${encodeURIComponent(username)}`;
  return {
    async list(): Promise<GroupList> {
      const res = await call('GET', '');
      if (!res.ok) throw new Error(await failure(res));
      return (await res.json()) as GroupList;
    },
    create: (group: { name: string; role: UserRole; displayName?: string; idpGroups?: string[] }) => done(call('POST', '', group)),
    update: (id: number, change: GroupChange) => done(call('PATCH', `/${id}`, change)),
    remove: (id: number) => done(call('DELETE', `/${id}`)),
    addMember: (id: number, username: string) => done(call('PUT', member(id, username))),
    removeMember: (id: number, username: string) => done(call('DELETE', member(id, username))),
  };
}

/** The identity provider group names typed as a comma-separated list, cleaned. */
export function parseIdpGroups(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}
