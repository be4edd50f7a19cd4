import { CreateUserRequestSchema, ResetPasswordRequestSchema, UpdateUserRequestSchema, issuesToErrors, type Principal, type UserList, type UserRole, type UserSummary } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Audit } from '../audit/index.js';
import { apiError } from '../http/errors.js';
import { bearerToken } from './index.js';
import { PasswordPolicyError } from './passwords.js';
import type { Sessions } from './sessions.js';
import { UserError, type User, type Users } from './users.js';
import { auditActorOf } from './principal.js';
import type { Groups } from './groups.js';

export interface UserRouteDeps {
  users: Users;
  sessions: Sessions;
  audit: Audit;
  resolve(token: string | null): Principal | null;
  /** The provider's group -> role grants (OIDC_ROLE_MAP), shown to admins; absent without single sign-on. */
  groupGrants?: ReadonlyMap<string, UserRole>;
  /** Whether the catalog has this reporting unit (a user may be bound to one); absent: none is known. */
  knownUnit?: (code: string) => boolean;
  /** The stored groups: an admin by a group's grant counts as one for the lockout guard. */
  groups?: Pick<Groups, 'effectiveRole' | 'enabledAdmins'>;
}

type Params = { Params: { username: string } };

/**
 * User management for administrators (the console's Users screen):
 * - `GET /api/v1/users`: every user (a sensitive read: audited as `user.list`);
 * - `POST /api/v1/users`: a local user; `PATCH /api/v1/users/:username`: display name, role, unit;
 * - `POST /api/v1/users/:username/disable` | `/enable`; `DELETE /api/v1/users/:username`;
 * - `POST /api/v1/users/:username/password`: a new password (local users).
 * Only the admin role may use them (403 audited otherwise). Disabling, deleting and a new
 * password end the user's sessions at once (their sockets are cut). An admin cannot disable,
 * delete or demote themselves, nor leave the center without an enabled admin.
 */
export async function userRoutes(app: FastifyInstance, deps: UserRouteDeps): Promise<void> {
  const { users, sessions, audit } = deps;

  const summary = (u: User): UserSummary => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    provider: u.provider === 'local' ? 'local' : 'oidc',
    hasPassword: u.hasPassword,
    createdAt: u.createdAt,
    disabledAt: u.disabledAt,
    activeSessions: sessions.listActive(u.id).length,
    unit: u.unit,
    effectiveRole: deps.groups?.effectiveRole(u.id) ?? u.role,
  });

  /** The admin asking, or null with the answer sent (401; 403 audited as `action`). */
  const admin = async (request: FastifyRequest, reply: FastifyReply, action: string, target: string | null): Promise<Principal | null> => {
    const p = deps.resolve(bearerToken(request.headers.authorization));
    if (!p) {
      void reply.code(401).header('www-authenticate', 'Bearer').send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
      return null;
    }
    if (p.role !== 'admin') {
      const message = `Chỉ quản trị viên được quản lý người dùng / only an admin may manage users (the ${p.role} role may not)`;
      await audit.write({ ...auditActorOf(p), action, target, detail: { error: 'forbidden' }, ok: false });
      void reply.code(403).send(apiError('authorization', message));
      return null;
    }
    return p;
  };

  /** Writes the audit line of a change and answers a refusal in the usual shape. */
  const refuse = async (reply: FastifyReply, p: Principal, action: string, target: string | null, status: number, field: string, message: string, extra: Record<string, unknown> = {}) => {
    await audit.write({ ...auditActorOf(p), action, target, detail: { error: message, ...extra }, ok: false });
    return reply.code(status).send(apiError(field, message));
  };

  const parse = async <S extends z.ZodType>(schema: S, request: FastifyRequest, reply: FastifyReply, p: Principal, action: string, target: string | null): Promise<z.infer<S> | null> => {
    const parsed = schema.safeParse(request.body ?? {});
    if (parsed.success) return parsed.data;
    const errors = issuesToErrors(parsed.error.issues);
    await audit.write({ ...auditActorOf(p), action, target, detail: { errors }, ok: false });
    void reply.code(422).send({ errors });
    return null;
  };

  const enabledAdmins = () => deps.groups?.enabledAdmins() ?? users.list().filter((u) => u.role === 'admin' && u.disabledAt === null).length;
  const isAdmin = (u: User) => (deps.groups?.effectiveRole(u.id) ?? u.role) === 'admin';
  /** Why this change would lock the center out, or null. */
  const lockout = (p: Principal, target: User, change: 'disable' | 'delete' | 'demote'): string | null => {
    if (p.kind === 'user' && p.id === target.id) return `Không thể tự ${change === 'delete' ? 'xóa' : change === 'disable' ? 'vô hiệu hóa' : 'hạ quyền'} tài khoản của mình / you cannot ${change} your own account`;
    if (isAdmin(target) && target.disabledAt === null && enabledAdmins() <= 1) return 'Phải còn ít nhất một quản trị viên đang hoạt động / at least one enabled admin must remain';
    return null;
  };
  /** Why this unit cannot be a user's, or null (unset, or a unit of the catalog). */
  const badUnit = (unit: string | null | undefined): string | null =>
    unit == null || deps.knownUnit?.(unit) ? null : `Đơn vị báo cáo "${unit}" không có trong danh mục / unknown reporting unit "${unit}": expected VN, a province code or an agency id of the catalog`;
  const notFound = (username: string) => `Không có người dùng "${username.slice(0, 64)}" / no user named "${username.slice(0, 64)}"`;

  await app.register(async (scope) => {
    scope.get('/api/v1/users', async (request, reply): Promise<UserList | FastifyReply> => {
      const p = await admin(request, reply, 'user.list', null);
      if (!p) return reply;
      const list = users.list().map(summary);
      await audit.write({ ...auditActorOf(p), action: 'user.list', detail: { count: list.length }, ok: true });
      reply.header('cache-control', 'no-store');
      return { users: list, groupGrants: [...(deps.groupGrants ?? [])].map(([group, role]) => ({ group, role })) };
    });

    scope.post('/api/v1/users', { bodyLimit: 4096 }, async (request, reply) => {
      const p = await admin(request, reply, 'user.create', null);
      if (!p) return reply;
      const body = await parse(CreateUserRequestSchema, request, reply, p, 'user.create', null);
      if (!body) return reply;
      const unitProblem = badUnit(body.unit);
      if (unitProblem) return refuse(reply, p, 'user.create', body.username, 422, 'unit', unitProblem);
      try {
        const user = await users.create({ username: body.username, role: body.role, ...(body.displayName !== undefined && { displayName: body.displayName }), ...(body.password !== undefined && { password: body.password }), ...(body.unit !== undefined && { unit: body.unit }) });
        await audit.write({ ...auditActorOf(p), action: 'user.create', target: user.username, detail: { role: user.role, withPassword: user.hasPassword, ...(user.unit && { unit: user.unit }) }, ok: true });
        return reply.code(201).send({ user: summary(user) });
      } catch (err) {
        if (err instanceof UserError) return refuse(reply, p, 'user.create', body.username, 409, 'username', `Tên người dùng đã có / ${err.message}`);
        if (err instanceof PasswordPolicyError) return refuse(reply, p, 'user.create', body.username, 422, 'password', err.message);
        throw err;
      }
    });

    scope.patch<Params>('/api/v1/users/:username', { bodyLimit: 4096 }, async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.update', name);
      if (!p) return reply;
      const body = await parse(UpdateUserRequestSchema, request, reply, p, 'user.update', name);
      if (!body) return reply;
      const before = users.find(name);
      if (!before) return refuse(reply, p, 'user.update', name, 404, 'username', notFound(name));
      if (body.role !== undefined && body.role !== 'admin' && before.role === 'admin') {
        const why = lockout(p, before, 'demote');
        if (why) return refuse(reply, p, 'user.update', before.username, 409, 'role', why);
      }
      const unitProblem = badUnit(body.unit);
      if (unitProblem) return refuse(reply, p, 'user.update', before.username, 422, 'unit', unitProblem);
      let user = before;
      if (body.displayName !== undefined) user = users.setDisplayName(user.username, body.displayName);
      if (body.role !== undefined) user = users.setRole(user.username, body.role);
      if (body.unit !== undefined) user = users.setUnit(user.username, body.unit);
      await audit.write({ ...auditActorOf(p), action: 'user.update', target: user.username, detail: { before: { displayName: before.displayName, role: before.role, unit: before.unit }, after: { displayName: user.displayName, role: user.role, unit: user.unit } }, ok: true });
      return { user: summary(user) };
    });

    scope.post<Params>('/api/v1/users/:username/disable', async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.disable', name);
      if (!p) return reply;
      const target = users.find(name);
      if (!target) return refuse(reply, p, 'user.disable', name, 404, 'username', notFound(name));
      const why = lockout(p, target, 'disable');
      if (why) return refuse(reply, p, 'user.disable', target.username, 409, 'username', why);
      const user = users.disable(target.username);
      const ended = sessions.revokeAllFor(user.id);
      await audit.write({ ...auditActorOf(p), action: 'user.disable', target: user.username, detail: { sessionsEnded: ended }, ok: true });
      return { user: summary(user) };
    });

    scope.post<Params>('/api/v1/users/:username/enable', async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.enable', name);
      if (!p) return reply;
      if (!users.find(name)) return refuse(reply, p, 'user.enable', name, 404, 'username', notFound(name));
      const user = users.enable(name);
      await audit.write({ ...auditActorOf(p), action: 'user.enable', target: user.username, ok: true });
      return { user: summary(user) };
    });

    scope.delete<Params>('/api/v1/users/:username', async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.delete', name);
      if (!p) return reply;
      const target = users.find(name);
      if (!target) return refuse(reply, p, 'user.delete', name, 404, 'username', notFound(name));
      const why = lockout(p, target, 'delete');
      if (why) return refuse(reply, p, 'user.delete', target.username, 409, 'username', why);
      const ended = sessions.listActive(target.id).length;
      users.remove(target.username);
      await audit.write({ ...auditActorOf(p), action: 'user.delete', target: target.username, detail: { id: target.id, role: target.role, provider: target.provider, sessionsEnded: ended }, ok: true });
      return reply.code(204).send();
    });

    scope.post<Params>('/api/v1/users/:username/password', { bodyLimit: 4096 }, async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.password.reset', name);
      if (!p) return reply;
      const body = await parse(ResetPasswordRequestSchema, request, reply, p, 'user.password.reset', name);
      if (!body) return reply;
      const target = users.find(name);
      if (!target) return refuse(reply, p, 'user.password.reset', name, 404, 'username', notFound(name));
      if (target.provider !== 'local') return refuse(reply, p, 'user.password.reset', target.username, 409, 'username', `"${target.username}" đăng nhập qua nhà cung cấp định danh, không có mật khẩu tại đây / signs in through single sign-on and has no password here`);
      try {
        const user = await users.setPassword(target.username, body.password);
        const ended = sessions.revokeAllFor(user.id);
        await audit.write({ ...auditActorOf(p), action: 'user.password.reset', target: user.username, detail: { sessionsEnded: ended }, ok: true });
        return { user: summary(user) };
      } catch (err) {
        if (err instanceof PasswordPolicyError) return refuse(reply, p, 'user.password.reset', target.username, 422, 'password', err.message);
        throw err;
      }
    });
  });
}
