import { EnrollRequestSchema, formatVnTimestamp, issuesToErrors, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import { apiError } from '../http/errors.js';
import { positionName } from './device-tokens.js';
import type { WallDevices } from './wall-devices.js';

const MAY_ENROLL = ['technician', 'admin'] as const;

/**
 * Enrollment of wall displays, for technicians and admins:
 * - `GET /api/v1/wall-devices/pending`: codes shown by renderers waiting to be paired (on any
 *   server of the center);
 * - `POST /api/v1/wall-devices/enroll {code, wallId, displayId | rendererId, name?}`: the
 *   renderer showing the code receives its device token over its socket (201, the device;
 *   never the token);
 * - `GET /api/v1/wall-devices` (`?all=1` with revoked ones): devices and every wall position
 *   with how many devices cover it;
 * - `DELETE /api/v1/wall-devices/:id`: revoke; its renderer is disconnected at once.
 * Every enrollment, refusal and revocation is audited with who asked, the code and the position.
 */
export async function wallDeviceRoutes(app: FastifyInstance, deps: { devices: WallDevices; audit: Audit; resolve(token: string | null): Promise<Principal | null> }): Promise<void> {
  const { devices, audit } = deps;
  /** The principal when it may manage displays; otherwise the answer is sent (401, or 403 audited as `action`). */
  const technician = async (request: FastifyRequest, reply: FastifyReply, action: string, target: string | null): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) {
      void reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
      return null;
    }
    if (!(MAY_ENROLL as readonly string[]).includes(p.role)) {
      const message = `the ${p.role} role may not manage wall displays (allowed: ${MAY_ENROLL.join(', ')})`;
      await audit.write({ actor: `${p.kind}:${p.name}`, role: p.role, action, target, detail: { error: message }, ok: false });
      void reply.code(403).send(apiError('authorization', message));
      return null;
    }
    return p;
  };

  app.get('/api/v1/wall-devices/pending', async (request, reply) => {
    if (!(await technician(request, reply, 'wall.device.pending', null))) return reply;
    return { mode: devices.mode, pending: devices.pending().map((x) => ({ ...x, requestedTime: formatVnTimestamp(x.requestedAt, true) })) };
  });

  app.get<{ Querystring: { all?: string } }>('/api/v1/wall-devices', async (request, reply) => {
    if (!(await technician(request, reply, 'wall.device.list', null))) return reply;
    const all = request.query.all === '1' || request.query.all === 'true';
    return { mode: devices.mode, devices: await devices.list({ all }), positions: await devices.positions() };
  });

  app.post('/api/v1/wall-devices/enroll', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const code = typeof body.code === 'string' ? body.code : null;
    const p = await technician(request, reply, 'wall.device.enroll', code);
    if (!p) return reply;
    const actor = `${p.kind}:${p.name}`;
    const parsed = EnrollRequestSchema.safeParse(request.body);
    if (!parsed.success) {
      const errors = issuesToErrors(parsed.error.issues);
      await audit.write({ actor, role: p.role, action: 'wall.device.enroll', target: code, detail: { errors }, ok: false });
      return reply.code(422).send({ errors });
    }
    const req = parsed.data;
    const position = positionName({ wallId: req.wallId, displayId: req.displayId ?? null, rendererId: req.rendererId ?? null });
    const r = await devices.enroll(req, actor);
    if (!r.ok) {
      await audit.write({ actor, role: p.role, action: 'wall.device.enroll', target: req.code, detail: { position, error: r.message }, ok: false });
      return reply.code(r.status).send(apiError(r.field, r.message));
    }
    await audit.write({ actor, role: p.role, action: 'wall.device.enroll', target: req.code, detail: { device: r.device.id, name: r.device.name, position }, ok: true });
    return reply.code(201).send({ device: { ...r.device, connected: true } });
  });

  app.delete<{ Params: { id: string } }>('/api/v1/wall-devices/:id', async (request, reply) => {
    const p = await technician(request, reply, 'wall.device.revoke', `device:${request.params.id}`);
    if (!p) return reply;
    const actor = `${p.kind}:${p.name}`;
    const id = Number(request.params.id);
    const device = Number.isSafeInteger(id) && id > 0 ? await devices.revoke(id) : null;
    if (!device) {
      const message = `no active wall device ${request.params.id}`;
      await audit.write({ actor, role: p.role, action: 'wall.device.revoke', target: `device:${request.params.id}`, detail: { error: message }, ok: false });
      return reply.code(404).send(apiError('id', message));
    }
    await audit.write({ actor, role: p.role, action: 'wall.device.revoke', target: `device:${device.id}`, detail: { name: device.name, position: positionName(device) }, ok: true });
    return { device: { ...device, connected: false } };
  });
}
