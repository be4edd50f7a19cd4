import { createHash } from 'node:crypto';
import { USER_ROLES, type UserRole } from '@ioc/protocol';
import * as client from 'openid-client';
import { OneTimeCodesFull, type OneTimeCodes, type OneTimeKind } from '../one-time-codes.js';
import { isLoopback, type OidcSettings } from './oidc-config.js';

/** Why a sign-in through the provider did not give a user; each is audited. */
export type OidcRefusal =
  /** The state is unknown, expired or already used (a replay, a forged link, a stale tab). */
  | 'unknown-state'
  /** The provider answered an error instead of a code (the person cancelled, or was refused there). */
  | 'provider-error'
  /** The code, the ID token, the nonce or the PKCE verifier did not check out. */
  | 'code-rejected'
  /** Signed in at the provider, but no group of theirs is mapped to a role here (OIDC_ROLE_MAP or a stored group). */
  | 'no-mapped-group'
  /** Too many sign-ins under way, or hand-overs waiting, at once. */
  | 'busy';

export class OidcRefused extends Error {
  override readonly name = 'OidcRefused';
  constructor(
    readonly reason: OidcRefusal,
    detail: string,
    /** What the provider vouched for, when it got that far (for the audit line). */
    readonly who: { subject: string; username: string | null; groups: string[] } | null = null,
  ) {
    super(detail);
  }
}

/** What the provider vouched for, mapped to our terms. */
export interface OidcIdentity {
  subject: string;
  username: string;
  displayName: string | undefined;
  groups: string[];
  /**
   * The user's own role: what OIDC_ROLE_MAP grants, else `viewer` when only stored groups map
   * theirs (those grant their roles through membership, which disabling the group takes away).
   */
  role: UserRole;
}

/** The stored groups' side of the mapping (auth/groups.ts): the highest role they grant, or null. */
export interface StoredGroupRoles {
  roleOfIdpGroups(groups: readonly string[]): Promise<UserRole | null>;
}

/** What the callback hands to the exchange, through a one-time code in the console's URL fragment. */
export interface OidcHandoff {
  userId: number;
  /** The client that signed in at the provider, for the session the exchange creates. */
  address: string;
  userAgent: string | null;
}

/** What a sign-in keeps under its state until the provider sends the browser back. */
interface Pending {
  verifier: string;
  nonce: string;
}

/** A sign-in left at the provider's login page this long is forgotten. */
export const PENDING_TTL_MS = 10 * 60_000;
/** A hand-over code is traded within this: the console does it as soon as it loads. */
export const HANDOFF_TTL_MS = 60_000;

/** The highest role (USER_ROLES order) that any of the groups grants, or null. */
export function roleOfGroups(groups: readonly string[], roleMap: ReadonlyMap<string, UserRole>): UserRole | null {
  let best = -1;
  for (const g of groups) {
    const role = roleMap.get(g);
    if (role) best = Math.max(best, USER_ROLES.indexOf(role));
  }
  return best < 0 ? null : (USER_ROLES[best] ?? null);
}

function groupsOf(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string').slice(0, 1000);
  return null;
}

/** A user name from the claim, or one derived from the subject (stable, valid, short). */
function usernameOf(claim: unknown, subject: string): string {
  if (typeof claim === 'string' && /^[a-z0-9._-]{1,64}$/i.test(claim.trim())) return claim.trim().toLowerCase();
  return `oidc-${createHash('sha256').update(subject).digest('hex').slice(0, 16)}`;
}

/**
 * The relying-party side of OpenID Connect (authorization code with PKCE, openid-client). The
 * nonce and PKCE verifier are kept in the store (auth/one-time-codes.ts) for PENDING_TTL_MS
 * under the state, which is the one-time key: the browser only ever carries the state, and the
 * provider's callback may reach any server of the center. The hand-over codes of the callback
 * live there too. Discovery happens at the first sign-in (and again after a failure), so a
 * provider that is down at start does not stop the server.
 */
export class OidcSignIn {
  private config: Promise<client.Configuration> | null = null;

  constructor(
    private readonly settings: OidcSettings,
    private readonly redirectUri: () => string,
    private readonly codes: OneTimeCodes,
    private readonly stored: StoredGroupRoles | null = null,
  ) {}

  /** The provider's authorization URL for a new sign-in. */
  async start(): Promise<URL> {
    const config = await this.configuration();
    const nonce = client.randomNonce();
    const verifier = client.randomPKCECodeVerifier();
    const state = await this.put('oidc.state', { verifier, nonce } satisfies Pending, PENDING_TTL_MS, 'too many sign-ins under way');
    return client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri(),
      scope: this.settings.scopes,
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
  }

  /** Checks the provider's answer at the callback URL; the identity, or OidcRefused. */
  async finish(callbackUrl: URL): Promise<OidcIdentity> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    // Single use: deleted as it is read, so a replay racing this one, on any server, finds nothing.
    const pending = await this.codes.take<Pending>('oidc.state', state);
    if (!pending) throw new OidcRefused('unknown-state', 'unknown, expired or used sign-in state');
    if (callbackUrl.searchParams.has('error')) throw new OidcRefused('provider-error', `the provider answered ${callbackUrl.searchParams.get('error')?.slice(0, 100)}`);
    const config = await this.configuration();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      // The callback URL as the provider was told it, whatever Host header reached us.
      const current = new URL(this.redirectUri());
      current.search = callbackUrl.search;
      tokens = await client.authorizationCodeGrant(config, current, { pkceCodeVerifier: pending.verifier, expectedNonce: pending.nonce, expectedState: state, idTokenExpected: true });
    } catch (err) {
      throw new OidcRefused('code-rejected', (err as Error).message.slice(0, 300));
    }
    const claims = tokens.claims();
    if (!claims) throw new OidcRefused('code-rejected', 'no ID token');
    const subject = claims.sub;
    let groups = groupsOf(claims[this.settings.groupsClaim]);
    let info: Record<string, unknown> = claims;
    if (groups === null) {
      // Many providers keep groups out of the ID token to keep it small: ask userinfo.
      try {
        info = { ...claims, ...(await client.fetchUserInfo(config, tokens.access_token, subject)) };
        groups = groupsOf(info[this.settings.groupsClaim]);
      } catch {
        groups = null;
      }
    }
    const username = usernameOf(info[this.settings.usernameClaim], subject);
    const mapped = roleOfGroups(groups ?? [], this.settings.roleMap);
    const role = mapped ?? ((await this.stored?.roleOfIdpGroups(groups ?? [])) ? 'viewer' : null);
    if (!role) throw new OidcRefused('no-mapped-group', 'no group of this person is mapped to a role', { subject, username, groups: groups ?? [] });
    const name = info['name'];
    return { subject, username, displayName: typeof name === 'string' ? name.slice(0, 128) : undefined, groups: groups ?? [], role };
  }

  /**
   * A one-time code that the console trades, once and within HANDOFF_TTL_MS, at any server for
   * a session (`takeHandoff`); OidcRefused 'busy' when too many wait.
   */
  issueHandoff(handoff: OidcHandoff): Promise<string> {
    return this.put('oidc.handoff', handoff, HANDOFF_TTL_MS, 'too many hand-overs waiting');
  }

  /** The hand-over of a code, once; null for an unknown, expired or used one. */
  takeHandoff(code: string): Promise<OidcHandoff | null> {
    return this.codes.take<OidcHandoff>('oidc.handoff', code);
  }

  private configuration(): Promise<client.Configuration> {
    const s = this.settings;
    this.config ??= client
      .discovery(new URL(s.issuer), s.clientId, undefined, s.clientSecret ? client.ClientSecretBasic(s.clientSecret) : client.None(), {
        ...(isLoopback(new URL(s.issuer)) && { execute: [client.allowInsecureRequests] }),
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.config = null;
        throw err;
      });
    return this.config;
  }

  private async put(kind: OneTimeKind, value: Pending | OidcHandoff, ttlMs: number, busy: string): Promise<string> {
    try {
      return await this.codes.put(kind, value, ttlMs);
    } catch (err) {
      if (err instanceof OneTimeCodesFull) throw new OidcRefused('busy', busy);
      throw err;
    }
  }
}
