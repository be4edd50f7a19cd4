import { CreateGroupRequestSchema, GroupMemberParamsSchema, UpdateGroupRequestSchema, issuesToErrors, type GroupList, type GroupSummary, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Audit } from '../audit/index.js';
import type { Sql } from '../store/sql.js';
import { apiError } from '../http/errors.js';
import { GroupError, type Group, type Groups } from './groups.js';
import { bearerToken } from './index.js';
import { auditActorOf } from './principal.js';
import type { Users } from './users.js';

export interface GroupRouteDeps {
  groups: Groups;
  users: Users;
  audit: Audit;
  resolve(token: string | null): Promise<Principal | null>;
}

type IdParams = { Params: { id: string } };
type MemberParams = { Params: { id: string; username: string } };

const SELF = 'Không thể tự bỏ quyền quản trị của mình / you cannot remove your own admin grant';
const LAST_ADMIN = 'Phải còn ít nhất một quản trị viên đang hoạt động / at least one enabled admin must remain';
const noGroup = (id: string) => `Không có nhóm "${id.slice(0, 32)}" / no group "${id.slice(0, 32)}"`;
/** A group id from the path: digits only (`1e3`, `0x1` and the like name no group). */
const idOf = (text: string): number => (/^\d{1,15}$/.test(text) ? Number(text) : 0);
const noUser = (name: string) => `Không có người dùng "${name.slice(0, 64)}" / no user named "${name.slice(0, 64)}"`;

/**
 * Group management for administrators (the console's Groups screen):
 * - `GET /api/v1/groups`: every group with its role, provider groups and members (audited `group.list`);
 * - `POST /api/v1/groups`; `PATCH /api/v1/groups/:id` (display name, role, provider groups,
 *   `disabled`); `DELETE /api/v1/groups/:id`;
 * - `PUT /api/v1/groups/:id/members/:username` adds a member (again: no change), `DELETE` the same
 *   path removes them.
 * Each change is audited (`group.create|update|delete|member.add|member.remove`), refusals too.
 * The route access hook refuses every role but admin first (403, `access.forbidden`). A change
 * that would leave no enabled admin, or take the asking admin's own admin grant, is refused (409)
 * and rolled back: the guards judge the state the change leaves (Groups.guarded).
 */
export async function groupRoutes(app: FastifyInstance, deps: GroupRouteDeps): Promise<void> {
  const { groups, users, audit } = deps;

  const summary = (g: Group): GroupSummary => ({ id: g.id, name: g.name, displayName: g.displayName, role: g.role, idpGroups: g.idpGroups, createdAt: g.createdAt, disabledAt: g.disabledAt, members: g.members });

  /** The admin asking, or null with the answer sent; the access hook has refused the others already. */
  const admin = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (p?.role === 'admin') return p;
    void reply.code(p ? 403 : 401).send(apiError('authorization', 'Chỉ quản trị viên được quản lý nhóm / only an admin may manage groups'));
    return null;
  };

  const refuse = async (reply: FastifyReply, p: Principal, action: string, target: string | null, status: number, field: string, message: string) => {
    await audit.write({ ...auditActorOf(p), action, target, detail: { error: message }, ok: false });
    return reply.code(status).send(apiError(field, message));
  };

  const parse = async <S extends z.ZodType>(schema: S, value: unknown, reply: FastifyReply, p: Principal, action: string, target: string | null): Promise<z.infer<S> | null> => {
    const parsed = schema.safeParse(value ?? {});
    if (parsed.success) return parsed.data;
    const errors = issuesToErrors(parsed.error.issues);
    await audit.write({ ...auditActorOf(p), action, target, detail: { errors }, ok: false });
    void reply.code(422).send({ errors });
    return null;
  };

  /** What is wrong with the state a change leaves, or null: the asking admin's grant, then any admin at all. */
  const guard = (p: Principal) => async (tx: Sql): Promise<string | null> => {
    if (p.kind === 'user' && (await groups.effectiveRole(p.id, tx)) !== 'admin') return SELF;
    return (await groups.enabledAdmins(tx)) === 0 ? LAST_ADMIN : null;
  };

  /** Runs a guarded change; a guard's refusal is answered 409 and audited. */
  const change = async <T>(reply: FastifyReply, p: Principal, action: string, target: string, run: (tx: Sql) => Promise<T>): Promise<T | null> => {
    try {
      return await groups.guarded(run, guard(p));
    } catch (err) {
      if (!(err instanceof GroupError)) throw err;
      await refuse(reply, p, action, target, 409, 'group', err.message);
      return null;
    }
  };

  await app.register(async (scope) => {
    scope.get('/api/v1/groups', async (request, reply): Promise<GroupList | FastifyReply> => {
      const p = await admin(request, reply);
      if (!p) return reply;
      const list = (await groups.list()).map(summary);
      await audit.write({ ...auditActorOf(p), action: 'group.list', detail: { count: list.length }, ok: true });
      reply.header('cache-control', 'no-store');
      return { groups: list };
    });

    scope.post('/api/v1/groups', { bodyLimit: 16_384 }, async (request, reply) => {
      const p = await admin(request, reply);
      if (!p) return reply;
      const body = await parse(CreateGroupRequestSchema, request.body, reply, p, 'group.create', null);
      if (!body) return reply;
      try {
        const group = await groups.create({ name: body.name, role: body.role, ...(body.displayName !== undefined && { displayName: body.displayName }), ...(body.idpGroups !== undefined && { idpGroups: body.idpGroups }) });
        await audit.write({ ...auditActorOf(p), action: 'group.create', target: group.name, detail: { id: group.id, role: group.role, idpGroups: group.idpGroups }, ok: true });
        return reply.code(201).send({ group: summary(group) });
      } catch (err) {
        if (err instanceof GroupError) return refuse(reply, p, 'group.create', body.name, 409, 'name', `Tên nhóm đã có / ${err.message}`);
        throw err;
      }
    });

    scope.patch<IdParams>('/api/v1/groups/:id', { bodyLimit: 16_384 }, async (request, reply) => {
      const p = await admin(request, reply);
      if (!p) return reply;
      const before = await groups.find(idOf(request.params.id));
      if (!before) return refuse(reply, p, 'group.update', request.params.id.slice(0, 32), 404, 'id', noGroup(request.params.id));
      const body = await parse(UpdateGroupRequestSchema, request.body, reply, p, 'group.update', before.name);
      if (!body) return reply;
      const after = await change(reply, p, 'group.update', before.name, (tx) => groups.update(before.id, body, tx));
      if (!after) return reply;
      const shown = (g: Group) => ({ displayName: g.displayName, role: g.role, idpGroups: g.idpGroups, disabled: g.disabledAt !== null });
      await audit.write({ ...auditActorOf(p), action: 'group.update', target: after.name, detail: { id: after.id, before: shown(before), after: shown(after) }, ok: true });
      return { group: summary(after) };
    });

    scope.delete<IdParams>('/api/v1/groups/:id', async (request, reply) => {
      const p = await admin(request, reply);
      if (!p) return reply;
      const group = await groups.find(idOf(request.params.id));
      if (!group) return refuse(reply, p, 'group.delete', request.params.id.slice(0, 32), 404, 'id', noGroup(request.params.id));
      if (!(await change(reply, p, 'group.delete', group.name, (tx) => groups.remove(group.id, tx)))) return reply;
      await audit.write({ ...auditActorOf(p), action: 'group.delete', target: group.name, detail: { id: group.id, role: group.role, members: group.members.map((m) => m.username) }, ok: true });
      return reply.code(204).send();
    });

    const member = (action: 'group.member.add' | 'group.member.remove') => async (request: FastifyRequest<MemberParams>, reply: FastifyReply) => {
      const p = await admin(request, reply);
      if (!p) return reply;
      const params = await parse(GroupMemberParamsSchema, request.params, reply, p, action, `${request.params.id}/${request.params.username}`.slice(0, 100));
      if (!params) return reply;
      const group = await groups.find(params.id);
      if (!group) return refuse(reply, p, action, String(params.id), 404, 'id', noGroup(String(params.id)));
      const user = await users.find(params.username);
      if (!user) return refuse(reply, p, action, group.name, 404, 'username', noUser(params.username));
      const done = await change(reply, p, action, group.name, async (tx) => {
        if (action === 'group.member.add') return groups.addMember(group.id, user.id, 'local', tx);
        await groups.removeMember(group.id, user.id, tx);
        return groups.find(group.id, tx);
      });
      if (!done) return reply;
      await audit.write({ ...auditActorOf(p), action, target: group.name, detail: { id: group.id, username: user.username, role: group.role }, ok: true });
      return { group: summary(done) };
    };
    scope.put<MemberParams>('/api/v1/groups/:id/members/:username', member('group.member.add'));
    scope.delete<MemberParams>('/api/v1/groups/:id/members/:username', member('group.member.remove'));
  });
}
