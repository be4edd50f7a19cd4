import type { RefusalTally } from '../audit/refusal-tally.js';
import { DEVICE_TOKEN_PREFIX, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import { apiError } from './errors.js';
import { routeAccess, type RouteAccess } from './route-access.js';
import { actorOf } from '../auth/principal.js';

/** An enrolled wall renderer presenting its device token: it may read what its own wall shows. */
export interface DeviceCaller {
  id: number;
  name: string;
  wallId: string;
}

/** Who made a request, once the access hook has run: a principal, a wall device, or nobody. */
export type Caller = { kind: 'principal'; principal: Principal } | { kind: 'device'; device: DeviceCaller } | null;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    caller: Caller;
  }
}

export interface AccessDeps {
  /** A session token or an API key to its principal. */
  resolve(token: string | null): Promise<Principal | null>;
  /** The reporting unit a user principal is bound to (a unit's own account), or null. */
  unitOf?(principal: Principal): Promise<string | null>;
  /** A wall device token to its device (active only). */
  device(token: string): Promise<DeviceCaller | null>;
  /** The `open` wall mode (development, test benches): what walls read needs no device token. */
  openWalls(): boolean;
  audit: Audit;
  /** 403s are counted per caller, route and minute (the first written at once), not one row each. */
  tally?: Pick<RefusalTally, 'count'>;
}

export const UNAUTHENTICATED =
  'expected Authorization: Bearer <session token, API key or wall device token> / cần đăng nhập: gửi Authorization: Bearer <mã phiên, khóa API hoặc mã thiết bị tường>';

/** The audit log's name for a caller. */
export function callerName(caller: NonNullable<Caller>): string {
  return caller.kind === 'device' ? `device:${caller.device.name}` : actorOf(caller.principal);
}

async function resolveCaller(request: FastifyRequest, deps: AccessDeps): Promise<Caller> {
  const token = bearerToken(request.headers.authorization);
  if (!token) return null;
  if (token.startsWith(DEVICE_TOKEN_PREFIX)) {
    const device = await deps.device(token);
    return device ? { kind: 'device', device } : null;
  }
  const principal = await deps.resolve(token);
  return principal ? { kind: 'principal', principal } : null;
}

async function forbidden(caller: NonNullable<Caller>, access: Exclude<RouteAccess, { public: string }>, deps: AccessDeps): Promise<string | null> {
  if (caller.kind === 'device') {
    return access.device ? null : `a wall device token may not use this route (allowed roles: ${access.roles.join(', ')}) / mã thiết bị tường không được dùng đường dẫn này`;
  }
  const p = caller.principal;
  if (access.unitUsers && p.kind === 'user') {
    if (await deps.unitOf?.(p)) return null;
    return `this route takes an API key (role ${access.roles.join(' or ')}) or the session of a user bound to a reporting unit; user "${p.name}" is bound to no unit / đường dẫn này cần khóa API hoặc phiên của người dùng được gắn với một đơn vị báo cáo; người dùng "${p.name}" chưa gắn với đơn vị nào`;
  }
  if (access.via === 'key' && p.kind !== 'key') return `this route takes an API key (role ${access.roles.join(' or ')}), not a session / đường dẫn này cần khóa API, không phải phiên đăng nhập`;
  if (access.via === 'session' && p.kind !== 'user') return 'this route takes a session token, not an API key / đường dẫn này cần phiên đăng nhập, không phải khóa API';
  if (access.roles.includes(p.role)) return null;
  return `the ${p.role} role may not use this route (allowed: ${access.roles.join(', ')}) / vai trò ${p.role} không có quyền dùng đường dẫn này`;
}

/**
 * The one access check of the HTTP API. Every route takes its access from ROUTE_ACCESS when it
 * is registered (none declared: the server does not start, naming the route); each request is
 * then answered 401 without valid credentials and 403 for a caller the route does not admit,
 * before the body is read. A 403 is audited (`access.forbidden`); a 401 is not written row by
 * row (anyone can send those; refused attempts are counted in aggregate, not one row each).
 * Reads of sensitive data (`audit` in the declaration) write one row each: who read what.
 */
export function installRouteAccess(app: FastifyInstance, deps: AccessDeps): void {
  app.decorateRequest('caller', null);
  app.addHook('onRoute', (route) => {
    const declared = route.config?.access ?? routeAccess([route.method].flat()[0] ?? '', route.url);
    if (!declared) throw new Error(`route ${[route.method].flat().join(',')} ${route.url} declares no access: add it to ROUTE_ACCESS (content-server/src/http/route-access.ts)`);
    route.config = { ...route.config, access: declared };
  });

  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config.access;
    // No access means no route matched: the 404 handler answers.
    if (!access) return;
    request.caller = await resolveCaller(request, deps);
    if ('public' in access) return;
    const caller = request.caller;
    if (!caller && access.device && deps.openWalls()) return;
    if (!caller) return refuse(reply, 401, UNAUTHENTICATED);
    const why = await forbidden(caller, access, deps);
    if (!why) return;
    const role = caller.kind === 'device' ? 'device' : caller.principal.role;
    if (deps.tally) await deps.tally.count(callerName(caller), 'access.forbidden', { target: routeName(request), role, detail: { status: 403 }, firstAtOnce: true });
    else await deps.audit.write({ actor: callerName(caller), role, action: 'access.forbidden', target: routeName(request), detail: { status: 403 }, ok: false });
    return refuse(reply, 403, why);
  });

  // Before the answer leaves (not after): whoever reads the audit next sees this read in it.
  app.addHook('onSend', async (request, reply, payload) => {
    const access = request.routeOptions.config.access;
    const caller = request.caller;
    if (!access || 'public' in access || !access.audit || !caller || reply.statusCode === 401 || reply.statusCode === 403) return payload;
    const role = caller.kind === 'device' ? 'device' : caller.principal.role;
    const query = request.query && typeof request.query === 'object' ? request.query : {};
    await deps.audit.write({ actor: callerName(caller), role, action: access.audit, target: routeName(request), detail: { query, params: request.params, status: reply.statusCode }, ok: reply.statusCode < 400 });
    return payload;
  });
}

function routeName(request: FastifyRequest): string {
  return `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`;
}

function refuse(reply: FastifyReply, status: 401 | 403, message: string): FastifyReply {
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(status).send(apiError('authorization', message));
}
