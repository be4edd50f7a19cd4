import { formatVnTimestamp, issuesToErrors, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Audit } from '../../audit/index.js';
import { bearerToken } from '../../auth/index.js';
import { apiError } from '../../http/errors.js';
import type { Store } from '../../store/index.js';
import type { CatalogRegistry } from '../catalog.js';
import type { UnitKey, UnitKeys } from './unit-keys.js';

export interface ProvenanceRouteDeps {
  resolve(token: string | null): Promise<Principal | null>;
  catalog: CatalogRegistry;
  unitKeys: UnitKeys;
  store: Store;
  audit: Audit;
}

const AddKeySchema = z.strictObject({
  /** PEM (SPKI) or the base64 of the 32 raw bytes of an Ed25519 public key. */
  publicKey: z.string().min(40).max(2000),
  label: z.string().trim().min(1).max(120).optional(),
});
const ReviewQuerySchema = z.strictObject({ indicator: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });

const keyView = (k: UnitKey) => ({
  unit: k.unit,
  fingerprint: k.fingerprint,
  publicKey: k.publicKeyPem,
  label: k.label,
  addedBy: k.addedBy,
  added: formatVnTimestamp(k.addedAt, true),
  revoked: k.revokedAt === null ? null : formatVnTimestamp(k.revokedAt, true),
});

/**
 * Keys of reporting units (who may sign submissions) and the values waiting for review.
 * `GET /api/v1/units/:code/keys` (signed in), `POST` the same to register a key and
 * `DELETE /api/v1/units/:code/keys/:fingerprint` to revoke one (admins, audited);
 * `GET /api/v1/review` lists current values accepted but flagged as implausible.
 */
export async function provenanceRoutes(app: FastifyInstance, deps: ProvenanceRouteDeps): Promise<void> {
  const { unitKeys, catalog, audit } = deps;
  const principalOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) void reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    return p;
  };
  const adminOnly = async (p: Principal, reply: FastifyReply, action: string, target: string): Promise<boolean> => {
    if (p.role === 'admin') return true;
    await audit.write({ actor: `${p.kind}:${p.name}`, role: p.role, action, target, detail: { status: 403 }, ok: false });
    void reply.code(403).send(apiError('authorization', `the ${p.role} role may not change the keys of reporting units (allowed: admin)`));
    return false;
  };
  const knownUnit = (code: string, reply: FastifyReply): boolean => {
    if (catalog.vintages(code).length > 0) return true;
    void reply.code(404).send(apiError('code', `unknown reporting unit "${code}"`));
    return false;
  };

  app.get<{ Params: { code: string } }>('/api/v1/units/:code/keys', async (request, reply) => {
    if (!(await principalOf(request, reply)) || !knownUnit(request.params.code, reply)) return reply;
    return { unit: request.params.code, keys: (await unitKeys.list(request.params.code)).map(keyView) };
  });

  app.post<{ Params: { code: string } }>('/api/v1/units/:code/keys', async (request, reply) => {
    const p = await principalOf(request, reply);
    const unit = request.params.code;
    if (!p || !(await adminOnly(p, reply, 'unit.key.add', unit)) || !knownUnit(unit, reply)) return reply;
    const actor = `${p.kind}:${p.name}`;
    const body = AddKeySchema.safeParse(request.body);
    if (!body.success) return reply.code(422).send({ errors: issuesToErrors(body.error.issues) });
    const added = await unitKeys.add(unit, body.data.publicKey, actor, body.data.label ?? null);
    if (!added.ok) {
      await audit.write({ actor, role: p.role, action: 'unit.key.add', target: unit, detail: { error: added.message }, ok: false });
      return reply.code(added.message.includes('already registered') ? 409 : 422).send(apiError('publicKey', added.message));
    }
    await audit.write({ actor, role: p.role, action: 'unit.key.add', target: unit, detail: { fingerprint: added.key.fingerprint, label: added.key.label }, ok: true });
    return reply.code(201).send(keyView(added.key));
  });

  app.delete<{ Params: { code: string; fingerprint: string } }>('/api/v1/units/:code/keys/:fingerprint', async (request, reply) => {
    const p = await principalOf(request, reply);
    const { code, fingerprint } = request.params;
    if (!p || !await adminOnly(p, reply, 'unit.key.revoke', code) || !knownUnit(code, reply)) return reply;
    if (!(await unitKeys.revoke(code, fingerprint))) return reply.code(404).send(apiError('fingerprint', `unit "${code}" has no active key ${fingerprint}`));
    await audit.write({ actor: `${p.kind}:${p.name}`, role: p.role, action: 'unit.key.revoke', target: code, detail: { fingerprint }, ok: true });
    return { unit: code, fingerprint, revoked: true };
  });

  app.get('/api/v1/review', async (request, reply) => {
    if (!(await principalOf(request, reply))) return reply;
    const q = ReviewQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send({ errors: issuesToErrors(q.error.issues) });
    if (q.data.indicator && !catalog.indicator(q.data.indicator)) return reply.code(404).send(apiError('indicator', `unknown indicator "${q.data.indicator}"`));
    // Who sent each flagged value (`key:<name>` or a unit's own account, `user:<name>`): the reviewer asks them.
    const submitterOf = async (id: number | null) => (id === null ? null : ((await deps.store.submissions.get(id))?.submitter ?? null));
    const flagged = await deps.store.observations.flagged(q.data.indicator ?? null, q.data.limit);
    const values = await Promise.all(flagged.map(async (v) => ({ ...v, submitter: await submitterOf(v.submissionId), received: formatVnTimestamp(v.receivedAt, true) })));
    return { values };
  });
}
