import { IndicatorSchema, formatVnTimestamp, issuesToErrors, type Indicator, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import { apiError } from '../http/errors.js';
import type { CatalogEdits } from './catalog-edits.js';
import type { CatalogRegistry } from './catalog.js';

export interface CatalogEditDeps {
  resolve(token: string | null): Promise<Principal | null>;
  catalog: CatalogRegistry;
  edits: CatalogEdits;
  audit: Audit;
  /** Told of an indicator added through the API (layouts may then name it). */
  onAdded?(id: string): void;
}

/** Top-level fields that differ between two versions of an indicator (for the audit entry). */
function changedFields(before: Indicator | undefined, after: Indicator): string[] {
  if (!before) return ['(new)'];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]) as Set<keyof Indicator>;
  return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

/**
 * Editing the indicator catalog (admins): `PUT /api/v1/catalog/indicators/:id` with the whole
 * indicator creates or replaces it, validated like the shipped file and against the rest of
 * the catalog; each edit is a new stored version, audited with the fields it changed.
 * `GET /api/v1/catalog/indicators/:id/versions` reads the history back.
 */
export async function catalogEditRoutes(app: FastifyInstance, deps: CatalogEditDeps): Promise<void> {
  const { catalog, edits, audit } = deps;
  const principalOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) void reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    return p;
  };

  app.put<{ Params: { id: string } }>('/api/v1/catalog/indicators/:id', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    const actor = `${p.kind}:${p.name}`;
    const id = request.params.id;
    const refuse = async (status: number, errors: ReturnType<typeof issuesToErrors>) => {
      await audit.write({ actor, role: p.role, action: 'catalog.indicator.update', target: id, detail: { errors }, ok: false });
      return reply.code(status).send({ errors });
    };
    if (p.role !== 'admin') return refuse(403, [{ index: null, field: 'authorization', message: `the ${p.role} role may not edit the catalog (allowed: admin)` }]);
    const parsed = IndicatorSchema.safeParse(request.body);
    if (!parsed.success) return refuse(422, issuesToErrors(parsed.error.issues));
    const ind = parsed.data;
    if (ind.id !== id) return refuse(422, [{ index: null, field: 'id', message: `the body is indicator "${ind.id}", the URL "${id}"` }]);
    const problems = catalog.problemsOf(ind);
    if (problems.length) return refuse(422, problems.map((x) => ({ index: null, field: x.field, message: x.message })));
    const before = catalog.indicator(id);
    const changed = changedFields(before, ind);
    const version = await edits.save(ind, actor);
    catalog.put(ind);
    if (!before) deps.onAdded?.(id);
    await audit.write({ actor, role: p.role, action: 'catalog.indicator.update', target: id, detail: { version, changed }, ok: true });
    return { indicator: ind, version, changed };
  });

  app.get<{ Params: { id: string } }>('/api/v1/catalog/indicators/:id/versions', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    if (!catalog.indicator(request.params.id)) return reply.code(404).send(apiError('id', `unknown indicator "${request.params.id}"`));
    return { indicator: request.params.id, versions: (await edits.versions(request.params.id)).map((v) => ({ ...v, time: formatVnTimestamp(v.changedAt, true) })) };
  });
}
