export { ApiKeys, ROLES, can, generateKey, hashKey } from './api-keys.js';
export type { ApiKey, Permission, Role } from './api-keys.js';
export { hashPassword, verifyPassword, needsRehash, passwordProblem, PasswordPolicyError, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './passwords.js';
export { Users, UserError, normalizeUsername, parseUserRole } from './users.js';
export type { User, UserProvider, ExternalClaims } from './users.js';
export { Sessions, SESSION_TOKEN_PREFIX } from './sessions.js';
export type { Session, SessionMeta, SessionOptions } from './sessions.js';
export { OneTimeCodes, OneTimeCodesFull, MAX_CODES_PER_KIND } from './one-time-codes.js';
export type { OneTimeKind } from './one-time-codes.js';
export { LoginLimiter } from './login-limiter.js';
export type { LoginAttempt, LoginLimiterOptions } from './login-limiter.js';
export { resolvePrincipal, principalOfUser, principalOfKey, actorOf, auditActorOf, userRoleOf } from './principal.js';
export type { Principal, PrincipalRole } from './principal.js';
export { authRoutes, INVALID_LOGIN } from './auth-routes.js';
export type { AuthRouteDeps } from './auth-routes.js';

/** Reads the key of an `Authorization: Bearer <key>` header; null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
export { userRoutes } from './user-routes.js';
export type { UserRouteDeps } from './user-routes.js';
export { Groups, GroupError, groupRoleSql, higherRole } from './groups.js';
export type { Group } from './groups.js';
export { groupRoutes } from './group-routes.js';
export type { GroupRouteDeps } from './group-routes.js';
