export { ApiKeys, ROLES, can, generateKey, hashKey } from './api-keys.js';
export type { ApiKey, Permission, Role } from './api-keys.js';

/** Reads the key of an `Authorization: Bearer <key>` header; null when absent or malformed. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1] ?? null;
}
