import { InternationalQuerySchema, RankingQuerySchema, SIMULATION_LABEL, WhatIfRequestSchema, issuesToErrors, type Principal } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Audit } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import type { CatalogRegistry } from '../feeds/catalog.js';
import { apiError } from '../http/errors.js';
import { compare } from './international/comparison.js';
import type { GapminderData } from './international/gapminder.js';
import { RANKING_METHOD, currentYear, type Rankings } from './rankings/rankings.js';
import type { WhatIf } from './whatif/whatif.js';

export interface AnalyticsRouteDeps {
  rankings: Rankings;
  whatif: WhatIf;
  gapminder: GapminderData;
  catalog: CatalogRegistry;
  audit: Audit;
  resolve(token: string | null): Promise<Principal | null>;
}

/**
 * Rankings and international comparison are read-only views for any reader (like series; who
 * may call each route: http/route-access.ts); a what-if run is audited as `whatif.run`.
 */
export async function analyticsRoutes(app: FastifyInstance, deps: AnalyticsRouteDeps): Promise<void> {
  const { rankings, whatif, catalog, audit } = deps;

  app.get('/api/v1/rankings', async () => ({
    method: RANKING_METHOD,
    rankings: rankings.definitions.map((d) => ({
      ...d,
      indicators: d.indicators.map((x) => {
        const ind = catalog.indicator(x.indicator);
        return { ...x, name: ind?.name ?? { vi: x.indicator, en: x.indicator }, higherIsBetter: ind?.higherIsBetter ?? null, targets: ind?.targets ?? {} };
      }),
    })),
  }));

  app.get<{ Params: { id: string } }>('/api/v1/rankings/:id', async (request, reply) => {
    const def = rankings.definition(request.params.id);
    if (!def) return reply.code(404).send(apiError('id', `unknown ranking "${request.params.id}"; the rankings are ${rankings.definitions.map((d) => d.id).join(', ')}`));
    const q = RankingQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send({ errors: issuesToErrors(q.error.issues) });
    return await rankings.compute(def, q.data.year ?? def.year ?? currentYear(Date.now()));
  });

  app.get('/api/v1/whatif/model', async () => ({ simulation: true, label: SIMULATION_LABEL, ...whatif.model }));

  app.post('/api/v1/whatif', async (request, reply) => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) return reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    const actor = `${p.kind}:${p.name}`;
    const parsed = WhatIfRequestSchema.safeParse(request.body);
    const errors = parsed.success ? whatif.problems(parsed.data.drivers) : issuesToErrors(parsed.error.issues);
    if (!parsed.success || errors.length > 0) {
      await audit.write({ actor, role: p.role, action: 'whatif.run', target: null, detail: { errors: errors.slice(0, 5) }, ok: false });
      return reply.code(parsed.success ? 422 : 400).send({ errors });
    }
    const result = await whatif.run(parsed.data.drivers);
    // A leader's action, not a data change: the scenario (a few numbers) is enough to retrace it.
    await audit.write({ actor, role: p.role, action: 'whatif.run', target: null, detail: { drivers: parsed.data.drivers }, ok: true });
    return result;
  });

  app.get('/api/v1/international', async (request, reply) => {
    const q = InternationalQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send({ errors: issuesToErrors(q.error.issues) });
    return compare(deps.gapminder, q.data.measure, q.data.top);
  });
}
