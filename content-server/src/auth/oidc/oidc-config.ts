import { readFileSync } from 'node:fs';
import { USER_ROLES, type UserRole } from '@ioc/protocol';

/** Single sign-on through an OpenID Connect provider (authorization code with PKCE). */
export interface OidcSettings {
  /** The provider's issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
  issuer: string;
  clientId: string;
  /** Null: a public client (PKCE alone); otherwise sent as client_secret_basic. */
  clientSecret: string | null;
  /** Where the provider sends the browser back; null: `<server url>/api/v1/auth/oidc/callback`. */
  redirectUri: string | null;
  scopes: string;
  /** The ID token (or userinfo) claim that lists the person's groups. */
  groupsClaim: string;
  /** The claim that becomes the user name on first sign-in (the `sub` when absent or unusable). */
  usernameClaim: string;
  /**
   * Provider group -> role (`OIDC_ROLE_MAP`), a bootstrap beside the groups kept in the store
   * (auth/groups.ts); may be empty when the store's groups map the provider's. A person gets the
   * highest role any of their groups grants.
   */
  roleMap: ReadonlyMap<string, UserRole>;
}

/**
 * `OIDC_ROLE_MAP`: JSON `{"<group>": "<role>"}` or `group=role,group=role`. Every role must be
 * one of ours; a map granting nothing would refuse everyone, so it is an error too.
 */
export function parseRoleMap(text: string): Map<string, UserRole> {
  let pairs: Array<[string, unknown]>;
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new Error(`OIDC_ROLE_MAP is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('OIDC_ROLE_MAP must be a JSON object {"<group>": "<role>"}');
    pairs = Object.entries(parsed);
  } else {
    pairs = trimmed
      .split(',')
      .filter((p) => p.trim() !== '')
      .map((p) => {
        const at = p.lastIndexOf('=');
        if (at <= 0) throw new Error(`OIDC_ROLE_MAP entry "${p.trim()}" is not <group>=<role>`);
        return [p.slice(0, at).trim(), p.slice(at + 1).trim()];
      });
  }
  const map = new Map<string, UserRole>();
  for (const [group, role] of pairs) {
    if (typeof role !== 'string' || !USER_ROLES.includes(role as UserRole)) {
      throw new Error(`OIDC_ROLE_MAP maps group "${group}" to "${String(role)}": expected one of ${USER_ROLES.join(', ')}`);
    }
    map.set(group, role as UserRole);
  }
  if (map.size === 0) throw new Error('OIDC_ROLE_MAP maps no group to a role: nobody could sign in');
  return map;
}

function httpUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name} must be a URL, got "${value}"`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    throw new Error(`${name} must be an https:// URL (http:// only on this machine: localhost, 127.0.0.1, [::1]), got "${value}"`);
  }
  return value;
}

/** Plain HTTP to the provider is allowed only on this machine (a provider for tests or a local proxy). */
export function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/**
 * The OIDC settings from the environment, or null when `OIDC_ISSUER` is unset (local accounts
 * only). A partial or wrong configuration stops the start with a message naming the variable.
 */
export function parseOidcEnv(env: NodeJS.ProcessEnv): OidcSettings | null {
  const issuer = env['OIDC_ISSUER']?.trim();
  if (!issuer) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET_FILE', 'OIDC_ROLE_MAP'].filter((k) => env[k]);
    if (stray.length > 0) throw new Error(`${stray.join(', ')} set without OIDC_ISSUER: set OIDC_ISSUER to enable single sign-on`);
    return null;
  }
  const clientId = env['OIDC_CLIENT_ID']?.trim();
  if (!clientId) throw new Error('OIDC_CLIENT_ID must be set with OIDC_ISSUER');
  // Optional since the store keeps groups (migration 17): an admin maps the provider's groups
  // in the console. Without either, nobody can sign in through the provider (refused, audited).
  const roleMapText = env['OIDC_ROLE_MAP'];
  let clientSecret: string | null = null;
  const secretFile = env['OIDC_CLIENT_SECRET_FILE'];
  if (secretFile) {
    try {
      clientSecret = readFileSync(secretFile, 'utf8').trim();
    } catch (err) {
      throw new Error(`OIDC_CLIENT_SECRET_FILE ${secretFile} cannot be read: ${(err as Error).message}`);
    }
    if (!clientSecret) throw new Error(`OIDC_CLIENT_SECRET_FILE ${secretFile} is empty`);
  }
  const redirect = env['OIDC_REDIRECT_URI']?.trim();
  return {
    issuer: httpUrl('OIDC_ISSUER', issuer),
    clientId,
    clientSecret,
    redirectUri: redirect ? httpUrl('OIDC_REDIRECT_URI', redirect) : null,
    scopes: env['OIDC_SCOPES']?.trim() || 'openid profile email',
    groupsClaim: env['OIDC_GROUPS_CLAIM']?.trim() || 'groups',
    usernameClaim: env['OIDC_USERNAME_CLAIM']?.trim() || 'preferred_username',
    roleMap: roleMapText?.trim() ? parseRoleMap(roleMapText) : new Map(),
  };
}
