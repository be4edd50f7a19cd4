import type { GroupList, UserRole } from '@ioc/protocol';
import { apiClient, type Fetch } from './api-failure.js';

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
  const api = apiClient('/api/v1/groups', token, fetcher, origin);
  const member = (id: number, username: string) => `/${id}/members/${encodeURIComponent(username)}`;
  return {
    list: () => api.read<GroupList>(''),
    create: (group: { name: string; role: UserRole; displayName?: string; idpGroups?: string[] }) => api.change('POST', '', group),
    update: (id: number, change: GroupChange) => api.change('PATCH', `/${id}`, change),
    remove: (id: number) => api.change('DELETE', `/${id}`),
    addMember: (id: number, username: string) => api.change('PUT', member(id, username)),
    removeMember: (id: number, username: string) => api.change('DELETE', member(id, username)),
  };
}

/** The identity provider group names typed as a comma-separated list, cleaned. */
export function parseIdpGroups(text: string): string[] {
  return [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
}
