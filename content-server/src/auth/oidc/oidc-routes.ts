import { OidcExchangeRequestSchema, issuesToErrors, type ApiErrorBody, type AuthProviders, type SessionInfo } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../../audit/index.js';
import type { RefusalTally } from '../../audit/refusal-tally.js';
import { apiError } from '../../http/errors.js';
import type { Groups } from '../groups.js';
import type { Sessions } from '../sessions.js';
import { UserError, type User, type Users } from '../users.js';
import { OidcRefused, type OidcSignIn } from './oidc-sign-in.js';

export const OIDC_START_PATH = '/api/v1/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/api/v1/auth/oidc/callback';
export const OIDC_EXCHANGE_PATH = '/api/v1/auth/oidc/exchange';
/** Where the console picks up the one-time code (in the fragment, which browsers never send). */
export const CONSOLE_SSO_PATH = '/console/';

export interface OidcRouteDeps {
  /** Null: single sign-on is not configured; its routes answer 404. */
  sso: OidcSignIn | null;
  users: Users;
  sessions: Sessions;
  /** The stored groups: at each sign-in the person's provider groups set their `idp` memberships. */
  groups?: Groups;
  audit: Audit;
  tally: Pick<RefusalTally, 'count'>;
}

const NOT_CONFIGURED = 'Đăng nhập một lần chưa được cấu hình / single sign-on is not configured';

/** What the person reads for each refusal (vi / en); the audit keeps the precise reason. */
const REFUSALS: Record<string, { status: number; message: string }> = {
  'unknown-state': { status: 400, message: 'Phiên đăng nhập một lần không hợp lệ, đã hết hạn hoặc đã dùng; hãy đăng nhập lại / the sign-in link is invalid, expired or already used; sign in again' },
  'provider-error': { status: 400, message: 'Nhà cung cấp định danh từ chối đăng nhập / the identity provider refused the sign-in' },
  'code-rejected': { status: 400, message: 'Không xác minh được đăng nhập với nhà cung cấp định danh / the sign-in could not be verified with the identity provider' },
  'no-mapped-group': { status: 403, message: 'Tài khoản không thuộc nhóm nào được cấp quyền tại trung tâm / your account is in no group granted a role here' },
  disabled: { status: 403, message: 'Tài khoản đã bị vô hiệu hóa / this account is disabled' },
  'name-taken': { status: 409, message: 'Tên người dùng đã thuộc một tài khoản khác; hãy liên hệ quản trị / the user name belongs to another account; ask an administrator' },
  busy: { status: 429, message: 'Quá nhiều lượt đăng nhập đang chờ; thử lại sau / too many sign-ins under way; try again shortly' },
};

function clientOf(request: FastifyRequest): { address: string; userAgent: string | null } {
  const ua = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null };
}

function userInfo(user: User): SessionInfo['user'] {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, provider: user.provider === 'local' ? 'local' : 'oidc' };
}

/**
 * Single sign-on (OpenID Connect, authorization code with PKCE): `GET /api/v1/auth/providers`
 * (what the sign-in screen offers), `GET .../oidc/start` (302 to the provider), `GET
 * .../oidc/callback` (the provider's answer: 302 to `/console/#sso=<one-time code>`) and `POST
 * .../oidc/exchange` (the code for a session). No session token ever travels in a URL: the
 * callback's URL holds only the provider's code and state, and the hand-over code rides in the
 * fragment, which browsers do not send to servers, to be traded once over POST.
 */
export async function oidcRoutes(app: FastifyInstance, deps: OidcRouteDeps): Promise<void> {
  const { sso, users, sessions, audit } = deps;

  const refuse = (reply: FastifyReply, reason: string): FastifyReply => {
    const r = REFUSALS[reason] ?? { status: 400, message: reason };
    return reply.code(r.status).header('cache-control', 'no-store').send(apiError('sso', r.message));
  };

  await app.register(async (scope) => {
    scope.get('/api/v1/auth/providers', async (): Promise<AuthProviders> => ({ local: true, sso: sso !== null }));

    scope.get(OIDC_START_PATH, async (request, reply) => {
      if (!sso) return reply.code(404).send(apiError('sso', NOT_CONFIGURED));
      try {
        const url = await sso.start();
        return reply.code(302).header('cache-control', 'no-store').header('location', url.href).send();
      } catch (err) {
        if (err instanceof OidcRefused) {
          deps.tally.count(`address:${request.ip}`, 'auth.oidc.refused', { detail: { reason: err.reason } });
          return refuse(reply, err.reason);
        }
        // The provider cannot be reached: say so rather than answer a 500.
        await audit.write({ actor: 'anonymous', action: 'auth.oidc.unavailable', detail: { address: request.ip, error: (err as Error).message.slice(0, 300) }, ok: false });
        return reply.code(503).send(apiError('sso', 'Không liên lạc được nhà cung cấp định danh / the identity provider cannot be reached'));
      }
    });

    scope.get(OIDC_CALLBACK_PATH, async (request, reply) => {
      if (!sso) return reply.code(404).send(apiError('sso', NOT_CONFIGURED));
      const { address, userAgent } = clientOf(request);
      let identity;
      try {
        identity = await sso.finish(new URL(request.url, 'http://callback.invalid'));
      } catch (err) {
        if (!(err instanceof OidcRefused)) throw err;
        if (err.reason === 'unknown-state') {
          // Forged or replayed links cost nothing to send: counted per address and minute, not a row each.
          deps.tally.count(`address:${address}`, 'auth.oidc.refused', { detail: { reason: err.reason } });
        } else {
          const who = err.who;
          await audit.write({
            actor: who ? `oidc:${who.username ?? who.subject}` : 'anonymous',
            action: 'auth.oidc.refused',
            target: who?.username ?? null,
            detail: { reason: err.reason, address, userAgent, message: err.message, ...(who && { subject: who.subject, groups: who.groups.slice(0, 50) }) },
            ok: false,
          });
        }
        return refuse(reply, err.reason);
      }
      let user: User;
      try {
        user = await users.upsertExternal('oidc', identity.subject, { username: identity.username, role: identity.role, ...(identity.displayName !== undefined && { displayName: identity.displayName }) });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        await audit.write({ actor: `oidc:${identity.username}`, action: 'auth.oidc.refused', target: identity.username, detail: { reason: 'name-taken', address, subject: identity.subject, message: err.message }, ok: false });
        return refuse(reply, 'name-taken');
      }
      if (user.disabledAt !== null) {
        await audit.write({ actor: `user:${user.username}`, role: user.role, action: 'auth.oidc.refused', target: user.username, detail: { reason: 'disabled', address, subject: identity.subject }, ok: false });
        return refuse(reply, 'disabled');
      }
      const memberships = await deps.groups?.syncIdp(user.id, identity.groups);
      const role = (await deps.groups?.effectiveRole(user.id)) ?? user.role;
      let code: string;
      try {
        code = await sso.issueHandoff({ userId: user.id, address, userAgent });
      } catch (err) {
        if (!(err instanceof OidcRefused)) throw err;
        await audit.write({ actor: `user:${user.username}`, role, action: 'auth.oidc.refused', target: user.username, detail: { reason: err.reason, address, subject: identity.subject, message: err.message }, ok: false });
        return refuse(reply, err.reason);
      }
      await audit.write({ actor: `user:${user.username}`, role, action: 'auth.oidc.login', target: user.username, detail: { address, userAgent, subject: identity.subject, groups: identity.groups.slice(0, 50), ...(memberships && { joined: memberships.joined, left: memberships.left }) }, ok: true });
      return reply.code(302).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').header('location', `${CONSOLE_SSO_PATH}#sso=${code}`).send();
    });

    scope.post(OIDC_EXCHANGE_PATH, { bodyLimit: 1024 }, async (request, reply): Promise<SessionInfo | ApiErrorBody> => {
      if (!sso) return reply.code(404).send(apiError('sso', NOT_CONFIGURED));
      const parsed = OidcExchangeRequestSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ errors: issuesToErrors(parsed.error.issues) });
      const handoff = await sso.takeHandoff(parsed.data.code);
      const user = handoff ? await users.findById(handoff.userId) : null;
      if (!handoff || !user || user.disabledAt !== null) {
        deps.tally.count(`address:${request.ip}`, 'auth.oidc.exchange.refused', { detail: { reason: handoff ? 'disabled' : 'unknown-code' } });
        return reply.code(400).header('cache-control', 'no-store').send(apiError('code', 'Mã đăng nhập một lần không hợp lệ, đã hết hạn hoặc đã dùng / the sign-in code is invalid, expired or already used'));
      }
      const { token, expiresAt, session } = await sessions.create(user.id, { address: handoff.address, userAgent: handoff.userAgent });
      await audit.write({ actor: `user:${user.username}`, role: user.role, action: 'auth.login', target: user.username, detail: { provider: 'oidc', address: request.ip, session: session.id }, ok: true });
      reply.header('cache-control', 'no-store');
      return { token, user: userInfo((await sessions.effectiveUser(user.id)) ?? user), expiresAt };
    });
  });
}
