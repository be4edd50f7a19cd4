import { ACTION_LABELS, MyActionsQuerySchema, formatVnTimestamp, type CommandResult, type MyAction, type MyActions, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Audit, AuditRecord } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import { describeIssues } from '../describe-issues.js';
import { apiError } from '../http/errors.js';
import type { CommandCatalog } from './catalog.js';
import type { CommandService } from './command-service.js';
import { actorOf, type ConsoleAuth } from './console-socket.js';

/** HTTP status of a command's answer: refusals by kind, a device that failed as 502. */
const STATUS: Record<string, number> = {
  invalid: 422,
  unauthorised: 401,
  forbidden: 403,
  not_found: 404,
  confirm_required: 428,
  conflict: 409,
  unsupported: 422,
  device_failed: 502,
  rate_limited: 429,
  queue_full: 429,
  in_progress: 409,
  failed: 500,
};
export const commandStatus = (r: CommandResult): number => (r.ok ? 200 : (STATUS[r.error.code] ?? 500));

const Time = z.union([z.iso.datetime({ offset: true }), z.iso.date()]).transform((s) => Date.parse(s.length === 10 ? `${s}T00:00:00+07:00` : s));
const AuditQuerySchema = z.strictObject({
  user: z.string().max(100).optional(),
  device: z.string().max(64).optional(),
  wall: z.string().max(64).optional(),
  command: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  from: Time.optional(),
  to: Time.optional(),
  ok: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
const LogQuerySchema = z.strictObject({ status: z.enum(['running', 'done', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });

/**
 * The command API: the catalog, running a command (the same path as the console's), the
 * command log with an admin's re-send of failed commands, and the audit log search. Every
 * route needs a session token or an API key; what each role may do is the catalog's rule.
 */
export async function commandRoutes(app: FastifyInstance, deps: { auth: ConsoleAuth; catalog: CommandCatalog; commands: CommandService; audit: Audit }): Promise<void> {
  const { auth, catalog, commands, audit } = deps;
  const principalOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await auth.resolve(bearerToken(request.headers.authorization));
    if (!p) void reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    return p;
  };
  const requireRole = async (p: Principal, reply: FastifyReply, roles: readonly string[], what: string): Promise<boolean> => {
    if (roles.includes(p.role)) return true;
    await audit.write({ actor: `${p.kind}:${p.name}`, role: p.role, action: 'api.forbidden', target: what, ok: false });
    void reply.code(403).send(apiError('authorization', `the ${p.role} role may not ${what} (allowed: ${roles.join(', ')})`));
    return false;
  };

  app.get('/api/v1/commands', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    return { commands: catalog.served(p.role) };
  });

  app.post('/api/v1/commands', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    const result = await commands.execute(request.body, actorOf(p));
    // A full device queue drains in seconds (its commands' gaps and replies).
    if (!result.ok && result.error.code === 'queue_full') void reply.header('retry-after', '5');
    if (!result.ok && result.error.code === 'in_progress') void reply.header('retry-after', '1');
    return reply.code(commandStatus(result)).send(result);
  });

  app.get('/api/v1/commands/log', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p || !await requireRole(p, reply, ['technician', 'admin'], 'read the command log')) return reply;
    const q = LogQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send(apiError('query', describeIssues(q.error.issues)));
    return { commands: (await commands.log.list({ limit: q.data.limit, ...(q.data.status && { status: q.data.status }) })).map((c) => ({ ...c, receivedTime: formatVnTimestamp(c.receivedAt, true) })) };
  });

  app.post<{ Params: { clientId: string } }>('/api/v1/commands/:clientId/resend', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p || !await requireRole(p, reply, ['admin'], 're-send a failed command')) return reply;
    const body = z.strictObject({ clientId: z.string() }).safeParse(request.body ?? {});
    if (!body.success) return reply.code(400).send(apiError('clientId', 'expected {"clientId": "<a new client id for the re-sent command>"}'));
    const result = await commands.resend(request.params.clientId, actorOf(p), body.data.clientId);
    return reply.code(commandStatus(result)).send(result);
  });

  app.get('/api/v1/audit', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p || !await requireRole(p, reply, ['technician', 'admin'], 'search the audit log')) return reply;
    const q = AuditQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send(apiError('query', describeIssues(q.error.issues)));
    const { user, device, wall, command, action, from, to, ok, limit } = q.data;
    const target = device ?? wall;
    const entries = await audit.search({
      ...(user !== undefined && { actor: user }),
      ...(target !== undefined && { target }),
      ...(command !== undefined && { command }),
      ...(action !== undefined && { action }),
      ...(from !== undefined && { from }),
      ...(to !== undefined && { to }),
      ...(ok !== undefined && { ok }),
      limit,
    });
    return { entries: entries.map((e) => ({ ...e, time: formatVnTimestamp(e.ts, true) })) };
  });

  // One's own record, for every role: what I did, when, and how it went (the console's "My actions").
  app.get('/api/v1/audit/mine', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    const q = MyActionsQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send(apiError('query', describeIssues(q.error.issues)));
    const entries = await audit.ofActor(`${p.kind}:${p.name}`, q.data.limit);
    return { actions: entries.map((e) => myAction(e, catalog)) } satisfies MyActions;
  });
}

/** An audit line as its author sees it in "My actions": labelled, the error as text, no hash. */
export function myAction(e: AuditRecord, catalog: Pick<CommandCatalog, 'get'>): MyAction {
  const detail = (typeof e.detail === 'object' && e.detail !== null ? e.detail : {}) as { clientId?: unknown; error?: unknown; duplicate?: unknown };
  const command = e.action.startsWith('command.') ? catalog.get(e.action.slice('command.'.length)) : undefined;
  const error = typeof detail.error === 'string' ? detail.error : typeof (detail.error as { message?: unknown } | undefined)?.message === 'string' ? (detail.error as { message: string }).message : null;
  return {
    id: e.id,
    ts: e.ts,
    time: formatVnTimestamp(e.ts, true),
    action: e.action,
    label: command?.label ?? ACTION_LABELS[e.action] ?? null,
    target: e.target,
    ok: e.ok,
    durationMs: e.durationMs,
    clientId: typeof detail.clientId === 'string' ? detail.clientId : null,
    error,
    duplicate: detail.duplicate === true,
  };
}
