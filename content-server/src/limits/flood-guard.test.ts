import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@ioc/protocol';
import { FloodGuard, resolveLimits } from './index.js';

function setup() {
  const tallied: Array<{ source: string; action: string; target: string | null | undefined }> = [];
  const tally = { count: (source: string, action: string, opts: { target?: string | null } = {}) => void tallied.push({ source, action, target: opts.target }) };
  const ana: Principal = { kind: 'user', id: 1, name: 'ana', role: 'operator', provider: 'local' };
  const limits = resolveLimits({ commands: { perPrincipal: { perSecond: 0.001, burst: 2 } }, expensiveReads: { perAddress: { perSecond: 0.5, burst: 1 } } });
  const guard = new FloodGuard(limits, { tally: tally as never, resolve: async (t) => (t === 'ana-token' ? ana : null), now: () => 0 });
  const app = Fastify();
  guard.http(app);
  app.post('/api/v1/commands', async () => ({ ok: true }));
  app.get('/api/v1/forecast', async () => ({ forecast: [] }));
  app.get('/api/v1/catalog', async () => ({ indicators: [] }));
  return { app, tallied };
}

describe('FloodGuard over HTTP', () => {
  it('answers 429 with Retry-After and the usual error shape in both languages, and tallies the refusal', async () => {
    const { app, tallied } = setup();
    const send = () => app.inject({ method: 'POST', url: '/api/v1/commands', headers: { authorization: 'Bearer ana-token' }, payload: {} });
    expect([(await send()).statusCode, (await send()).statusCode]).toEqual([200, 200]);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json()).toEqual({ errors: [{ index: null, field: 'rate', message: expect.stringMatching(/^Quá nhiều yêu cầu; thử lại sau \d+ giây \/ Too many requests; try again in \d+ seconds$/) }] });
    expect(tallied).toEqual([{ source: 'user:ana', action: 'ratelimit.commands', target: 'POST /api/v1/commands' }]);
  });

  it('limits expensive reads per address, and leaves other routes alone', async () => {
    const { app, tallied } = setup();
    expect((await app.inject({ url: '/api/v1/forecast?indicator=x', remoteAddress: '10.0.0.7' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/forecast?indicator=y', remoteAddress: '10.0.0.7' })).statusCode).toBe(429);
    expect((await app.inject({ url: '/api/v1/forecast', remoteAddress: '10.0.0.8' })).statusCode).toBe(200);
    for (let i = 0; i < 50; i++) expect((await app.inject({ url: '/api/v1/catalog', remoteAddress: '10.0.0.7' })).statusCode).toBe(200);
    expect(tallied).toEqual([{ source: 'address:10.0.0.7', action: 'ratelimit.reads', target: 'GET /api/v1/forecast' }]);
  });
});
