import { LoginRequestSchema, issuesToErrors, type ApiErrorBody, type AuthMe, type SessionInfo } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../audit/index.js';
import type { RefusalTally } from '../audit/refusal-tally.js';
import { apiError } from '../http/errors.js';
import type { ApiKeys } from './api-keys.js';
import { bearerToken } from './index.js';
import { LoginLimiter, PasswordCheckGate } from './login-limiter.js';
import { principalOfUser, resolvePrincipal } from './principal.js';
import type { Sessions } from './sessions.js';
import type { User, Users } from './users.js';

export interface AuthRouteDeps {
  users: Users;
  sessions: Sessions;
  /** For `GET /api/v1/auth/me` with an API key. */
  keys: ApiKeys;
  audit: Audit;
  /** Default: a new LoginLimiter (5 failures in 15 minutes). */
  limiter?: LoginLimiter;
  /** Where locked-out attempts are counted (one audit row per address and minute), not written one by one. */
  tally: Pick<RefusalTally, 'count'>;
}

/** The one answer to a refused login: it never tells whether the user name exists. */
export const INVALID_LOGIN = 'invalid username or password';

const LOGIN_BODY_LIMIT = 4096;

function userInfo(user: User): SessionInfo['user'] {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, provider: user.provider === 'local' ? 'local' : 'oidc' };
}

function isJson(request: FastifyRequest): boolean {
  const type = request.headers['content-type'];
  return typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type.trim());
}

function clientOf(request: FastifyRequest): { address: string; userAgent: string | null } {
  const ua = request.headers['user-agent'];
  return { address: request.ip, userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null };
}

/**
 * Sign-in for people: `POST /api/v1/auth/login` (user name and password; a session token
 * back), `POST /api/v1/auth/logout`, and `GET /api/v1/auth/me` (who a session token or an API
 * key is). Every login, refused login and logout is written to the audit log with the user
 * name and the remote address, never the password. Registered in its own scope: wiring it is
 * `await authRoutes(app, deps)`.
 */
export async function authRoutes(app: FastifyInstance, deps: AuthRouteDeps): Promise<void> {
  const { users, sessions, keys, audit } = deps;
  const limiter = deps.limiter ?? new LoginLimiter();
  const gate = new PasswordCheckGate();

  await app.register(async (scope) => {
    scope.post('/api/v1/auth/login', { bodyLimit: LOGIN_BODY_LIMIT }, async (request, reply): Promise<SessionInfo | ApiErrorBody> => {
      const started = performance.now();
      if (!isJson(request)) return reply.code(415).send(apiError('content-type', 'expected Content-Type: application/json'));
      const parsed = LoginRequestSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ errors: issuesToErrors(parsed.error.issues) });
      const { username, password } = parsed.data;
      const { address, userAgent } = clientOf(request);
      const durationMs = () => Math.round(performance.now() - started);

      const attempt = limiter.begin(username, address);
      if (!attempt.allowed) {
        // Counted, not written: a locked-out client retrying in a loop would otherwise grow the
        // audit log by a row per attempt. Failures before the lock (at most the limiter's
        // maximum per address and window) keep their own rows below.
        deps.tally.count(`address:${address}`, 'auth.login.limited', { target: username.slice(0, 100), detail: { limitedBy: attempt.limitedBy } });
        reply.header('retry-after', String(attempt.retryAfterSeconds));
        return reply
          .code(429)
          .send(apiError('username', `Đăng nhập sai quá nhiều lần; thử lại sau ${attempt.retryAfterSeconds} giây / too many failed logins; try again in ${attempt.retryAfterSeconds} seconds`));
      }

      let result: Awaited<ReturnType<Users['verifyLogin']>> | null;
      try {
        result = await gate.run(() => users.verifyLogin(username, password));
      } catch (err) {
        attempt.failed();
        throw err;
      }
      if (!result) {
        // Too many password checks waiting: refused unchecked, and not counted against the user.
        attempt.cancelled();
        deps.tally.count(`address:${address}`, 'auth.login.limited', { target: username.slice(0, 100), detail: { limitedBy: 'server' } });
        reply.header('retry-after', '5');
        return reply.code(429).send(apiError('username', 'Máy chủ đang bận kiểm tra đăng nhập; thử lại sau 5 giây / the server is busy checking logins; try again in 5 seconds'));
      }
      if (!result.user) {
        attempt.failed();
        await audit.write({ actor: 'anonymous', action: 'auth.login.failed', target: username, detail: { address, userAgent, reason: result.reason }, ok: false, durationMs: durationMs() });
        return reply.code(401).send(apiError('credentials', INVALID_LOGIN));
      }
      attempt.succeeded();
      // The role with the groups' grants, as the session will act with it.
      const user = (await sessions.effectiveUser(result.user.id)) ?? result.user;
      const { token, expiresAt, session } = await sessions.create(user.id, { address, userAgent });
      await audit.write({ actor: `user:${user.username}`, role: user.role, action: 'auth.login', target: user.username, detail: { address, userAgent, session: session.id }, ok: true, durationMs: durationMs() });
      reply.header('cache-control', 'no-store');
      return { token, user: userInfo(user), expiresAt };
    });

    scope.post('/api/v1/auth/logout', async (request, reply) => {
      const token = bearerToken(request.headers.authorization);
      const hit = await sessions.verify(token);
      if (!token || !hit) return unauthorized(reply, 'expected Authorization: Bearer <session token> of a live session');
      await sessions.revoke(token);
      await audit.write({ actor: `user:${hit.user.username}`, role: hit.user.role, action: 'auth.logout', target: hit.user.username, detail: { address: request.ip, session: hit.session.id }, ok: true });
      return reply.code(204).send();
    });

    scope.get('/api/v1/auth/me', async (request, reply): Promise<AuthMe | ApiErrorBody> => {
      const token = bearerToken(request.headers.authorization);
      const hit = await sessions.verify(token);
      if (hit) return { principal: principalOfUser(hit.user), user: userInfo(hit.user), expiresAt: hit.session.expiresAt };
      const principal = await resolvePrincipal(token, { keys, sessions });
      if (!principal) return unauthorized(reply, 'expected Authorization: Bearer <session token or API key>');
      return { principal, user: null, expiresAt: null };
    });
  });
}

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(401).header('www-authenticate', 'Bearer').send(apiError('authorization', message));
}
