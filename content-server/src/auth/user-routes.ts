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
import { GroupError, type Groups } from './groups.js';
import type { Sql } from '../store/sql.js';

export interface UserRouteDeps {
  users: Users;
  sessions: Sessions;
  audit: Audit;
  resolve(token: string | null): Promise<Principal | null>;
  /** The provider's group -> role grants (OIDC_ROLE_MAP), shown to admins; absent without single sign-on. */
  groupGrants?: ReadonlyMap<string, UserRole>;
  /** Whether the catalog has this reporting unit (a user may be bound to one); absent: none is known. */
  knownUnit?: (code: string) => boolean;
  /** The stored groups: an admin by a group's grant counts as one for the lockout guard, which runs in their guarded transaction. */
  groups: Pick<Groups, 'effectiveRole' | 'enabledAdmins' | 'guarded'>;
}

type Params = { Params: { username: string } };

const LAST_ADMIN = 'Phải còn ít nhất một quản trị viên đang hoạt động / at least one enabled admin must remain';

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
  const { users, sessions, audit, groups } = deps;

  const summary = async (u: User): Promise<UserSummary> => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    provider: u.provider === 'local' ? 'local' : 'oidc',
    hasPassword: u.hasPassword,
    createdAt: u.createdAt,
    disabledAt: u.disabledAt,
    activeSessions: (await sessions.listActive(u.id)).length,
    unit: u.unit,
    effectiveRole: (await groups.effectiveRole(u.id)) ?? u.role,
  });

  /** The admin asking, or null with the answer sent (401; 403 audited as `action`). */
  const admin = async (request: FastifyRequest, reply: FastifyReply, action: string, target: string | null): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
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

  /** Why this change would take the asking admin's own account, or null. */
  const selfLockout = (p: Principal, target: User, change: 'disable' | 'delete' | 'demote'): string | null =>
    p.kind === 'user' && p.id === target.id ? `Không thể tự ${change === 'delete' ? 'xóa' : change === 'disable' ? 'vô hiệu hóa' : 'hạ quyền'} tài khoản của mình / you cannot ${change} your own account` : null;
  /**
   * Runs `change` of `target` unless it would leave the center without an enabled admin
   * (GroupError then): judged on `target` read again inside the guarded transaction, where
   * what decides who is an admin is locked, so that two servers disabling two admins at once
   * cannot both pass.
   */
  const unlessLastAdmin = <T>(target: User, change: (tx: Sql, fresh: User) => Promise<T>): Promise<T> =>
    groups.guarded(
      async (tx) => {
        const fresh = (await users.findById(target.id, tx)) ?? target;
        if (fresh.disabledAt === null && (await groups.effectiveRole(fresh.id, tx)) === 'admin' && (await groups.enabledAdmins(tx)) <= 1) throw new GroupError(LAST_ADMIN);
        return change(tx, fresh);
      },
      async () => null,
    );
  /** Why this unit cannot be a user's, or null (unset, or a unit of the catalog). */
  const badUnit = (unit: string | null | undefined): string | null =>
    unit == null || deps.knownUnit?.(unit) ? null : `Đơn vị báo cáo "${unit}" không có trong danh mục / unknown reporting unit "${unit}": expected VN, a province code or an agency id of the catalog`;
  const notFound = (username: string) => `Không có người dùng "${username.slice(0, 64)}" / no user named "${username.slice(0, 64)}"`;

  await app.register(async (scope) => {
    scope.get('/api/v1/users', async (request, reply): Promise<UserList | FastifyReply> => {
      const p = await admin(request, reply, 'user.list', null);
      if (!p) return reply;
      const list = await Promise.all((await users.list()).map(summary));
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
        return reply.code(201).send({ user: await summary(user) });
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
      const before = await users.find(name);
      if (!before) return refuse(reply, p, 'user.update', name, 404, 'username', notFound(name));
      const demotes = body.role !== undefined && body.role !== 'admin' && before.role === 'admin';
      const self = demotes ? selfLockout(p, before, 'demote') : null;
      if (self) return refuse(reply, p, 'user.update', before.username, 409, 'role', self);
      const unitProblem = badUnit(body.unit);
      if (unitProblem) return refuse(reply, p, 'user.update', before.username, 422, 'unit', unitProblem);
      // Outside a guarded transaction (`tx` undefined) when the change cannot demote an admin.
      const apply = async (tx: Sql | undefined, from: User): Promise<User> => {
        let user = from;
        if (body.displayName !== undefined) user = await users.setDisplayName(user.username, body.displayName, tx);
        if (body.role !== undefined) user = await users.setRole(user.username, body.role, tx);
        if (body.unit !== undefined) user = await users.setUnit(user.username, body.unit, tx);
        return user;
      };
      let user: User;
      try {
        user = demotes ? await unlessLastAdmin(before, apply) : await apply(undefined, before);
      } catch (err) {
        if (err instanceof GroupError) return refuse(reply, p, 'user.update', before.username, 409, 'role', err.message);
        throw err;
      }
      await audit.write({ ...auditActorOf(p), action: 'user.update', target: user.username, detail: { before: { displayName: before.displayName, role: before.role, unit: before.unit }, after: { displayName: user.displayName, role: user.role, unit: user.unit } }, ok: true });
      return { user: await summary(user) };
    });

    scope.post<Params>('/api/v1/users/:username/disable', async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.disable', name);
      if (!p) return reply;
      const target = await users.find(name);
      if (!target) return refuse(reply, p, 'user.disable', name, 404, 'username', notFound(name));
      const self = selfLockout(p, target, 'disable');
      if (self) return refuse(reply, p, 'user.disable', target.username, 409, 'username', self);
      let done: { user: User; ended: number };
      try {
        done = await unlessLastAdmin(target, async (tx) => {
          const user = await users.disable(target.username, tx);
          return { user, ended: await sessions.revokeAllFor(user.id, tx) };
        });
      } catch (err) {
        if (err instanceof GroupError) return refuse(reply, p, 'user.disable', target.username, 409, 'username', err.message);
        throw err;
      }
      const { user, ended } = done;
      await audit.write({ ...auditActorOf(p), action: 'user.disable', target: user.username, detail: { sessionsEnded: ended }, ok: true });
      return { user: await summary(user) };
    });

    scope.post<Params>('/api/v1/users/:username/enable', async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.enable', name);
      if (!p) return reply;
      if (!(await users.find(name))) return refuse(reply, p, 'user.enable', name, 404, 'username', notFound(name));
      const user = await users.enable(name);
      await audit.write({ ...auditActorOf(p), action: 'user.enable', target: user.username, ok: true });
      return { user: await summary(user) };
    });

    scope.delete<Params>('/api/v1/users/:username', async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.delete', name);
      if (!p) return reply;
      const target = await users.find(name);
      if (!target) return refuse(reply, p, 'user.delete', name, 404, 'username', notFound(name));
      const self = selfLockout(p, target, 'delete');
      if (self) return refuse(reply, p, 'user.delete', target.username, 409, 'username', self);
      let ended: number;
      try {
        ended = await unlessLastAdmin(target, async (tx) => {
          const live = (await sessions.listActive(target.id, tx)).length;
          await users.remove(target.username, tx);
          return live;
        });
      } catch (err) {
        if (err instanceof GroupError) return refuse(reply, p, 'user.delete', target.username, 409, 'username', err.message);
        throw err;
      }
      await audit.write({ ...auditActorOf(p), action: 'user.delete', target: target.username, detail: { id: target.id, role: target.role, provider: target.provider, sessionsEnded: ended }, ok: true });
      return reply.code(204).send();
    });

    scope.post<Params>('/api/v1/users/:username/password', { bodyLimit: 4096 }, async (request, reply) => {
      const name = request.params.username;
      const p = await admin(request, reply, 'user.password.reset', name);
      if (!p) return reply;
      const body = await parse(ResetPasswordRequestSchema, request, reply, p, 'user.password.reset', name);
      if (!body) return reply;
      const target = await users.find(name);
      if (!target) return refuse(reply, p, 'user.password.reset', name, 404, 'username', notFound(name));
      if (target.provider !== 'local') return refuse(reply, p, 'user.password.reset', target.username, 409, 'username', `"${target.username}" đăng nhập qua nhà cung cấp định danh, không có mật khẩu tại đây / signs in through single sign-on and has no password here`);
      try {
        const user = await users.setPassword(target.username, body.password);
        const ended = await sessions.revokeAllFor(user.id);
        await audit.write({ ...auditActorOf(p), action: 'user.password.reset', target: user.username, detail: { sessionsEnded: ended }, ok: true });
        return { user: await summary(user) };
      } catch (err) {
        if (err instanceof PasswordPolicyError) return refuse(reply, p, 'user.password.reset', target.username, 422, 'password', err.message);
        throw err;
      }
    });
  });
}
