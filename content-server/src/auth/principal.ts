import type { Principal, PrincipalRole, UserRole } from '@ioc/protocol';
import type { ApiKey, ApiKeys, Role as KeyRole } from './api-keys.js';
import { SESSION_TOKEN_PREFIX, type Sessions } from './sessions.js';
import type { User } from './users.js';

export type { Principal, PrincipalRole } from '@ioc/protocol';

/**
 * What an API key's role means as a principal: operator and admin keys act as those user roles
 * (kiosk consoles, scripts); an ingest key only submits data and has no console or command
 * rights, so it keeps a role of its own that no command grants.
 */
const KEY_ROLE: Record<KeyRole, PrincipalRole> = { ingest: 'ingest', reader: 'reader', operator: 'operator', admin: 'admin' };

export function principalOfUser(user: User): Principal {
  return { kind: 'user', id: user.id, name: user.username, role: user.role, provider: user.provider === 'local' ? 'local' : 'oidc' };
}

export function principalOfKey(key: ApiKey): Principal {
  return { kind: 'key', id: key.id, name: key.name, role: KEY_ROLE[key.role], provider: 'apikey' };
}

/** The audit log's name for a principal: `user:<name>` or `key:<name>`. */
export function actorOf(principal: Principal): string {
  return `${principal.kind}:${principal.name}`;
}

/** Who an audit row names for a caller who may be nobody: `{actor, role}`, or `anonymous`. */
export function auditActorOf(principal: Principal | null | undefined): { actor: string; role: string | null } {
  return principal ? { actor: actorOf(principal), role: principal.role } : { actor: 'anonymous', role: null };
}

/** The principal's role when it is a user role (console rights); null for an ingest or reader key. */
export function userRoleOf(principal: Principal): UserRole | null {
  return principal.role === 'ingest' || principal.role === 'reader' ? null : principal.role;
}

/**
 * Who presents this token: a signed-in user (session token `ios_...`) or an API key
 * (`ioc_...`), or null for anything else, an ended session or a revoked key. This is the one
 * place the server answers "who is this"; HTTP routes and sockets both ask it.
 */
export async function resolvePrincipal(token: string | null | undefined, deps: { keys: ApiKeys; sessions: Sessions }): Promise<Principal | null> {
  if (!token) return null;
  if (token.startsWith(SESSION_TOKEN_PREFIX)) {
    const hit = await deps.sessions.verify(token);
    return hit ? principalOfUser(hit.user) : null;
  }
  const key = await deps.keys.verify(token);
  return key ? principalOfKey(key) : null;
}
