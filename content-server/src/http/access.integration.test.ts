// The enumeration test: every HTTP route (the OpenAPI document and the server's own list, which
// must agree) and every client event of both namespaces, called as nobody and as each role,
// against its declared access. A route or event without a declaration fails here by name.
import { CONSOLE_CLIENT_EVENTS, CONSOLE_EVENT_ACCESS, USER_ROLES, WALL_CLIENT_EVENTS, WALL_EVENT_ACCESS, allows, type PrincipalRole } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, enrollDevice, startTestServer, wallClient, type TestServer } from '../testing/harness.js';
import { ROUTE_ACCESS, routeAccess, type RouteAccess } from './route-access.js';

interface Who {
  label: string;
  token: string | null;
  /** null: nobody; 'device': a wall device token; `unit`: a user bound to a reporting unit. */
  as: { role: PrincipalRole; kind: 'user' | 'key'; unit?: true } | 'device' | null;
}

let t: TestServer;
const who: Who[] = [];
beforeAll(async () => {
  // Every route as every caller from one address: the flood limits (tested on their own) would answer 429 first.
  const many = { perSecond: 1e5, burst: 1e5 };
  t = await startTestServer({ wallAuth: 'enrolled', limits: { commands: { perPrincipal: many, perAddress: many }, socketEvents: { perSocket: many }, logins: { perAddress: many }, expensiveReads: { perPrincipal: many, perAddress: many } } });
  who.push({ label: 'no credentials', token: null, as: null });
  for (const role of USER_ROLES) {
    const user = await t.server.users.create({ username: `enum-${role}`, role, password: 'enumeration-Passw0rd!' });
    who.push({ label: `${role} session`, token: (await t.server.sessions.create(user.id)).token, as: { role, kind: 'user' } });
  }
  // A unit's own account: the lowest role, bound to Hà Nội (01).
  const clerk = await t.server.users.create({ username: 'enum-unit-clerk', role: 'viewer', password: 'enumeration-Passw0rd!', unit: '01' });
  who.push({ label: 'unit user session', token: (await t.server.sessions.create(clerk.id)).token, as: { role: 'viewer', kind: 'user', unit: true } });
  for (const role of ['ingest', 'reader', 'operator', 'admin'] as const) who.push({ label: `${role} key`, token: t.keys[role], as: { role, kind: 'key' } });
  who.push({ label: 'wall device token', token: await enrollDevice(t.server, 'main', 'd1'), as: 'device' });
});
afterAll(() => t?.close());

/** What the declaration says this caller gets: 401, 403, or through (anything else). */
function expected(access: RouteAccess, w: Who): 401 | 403 | 'through' {
  if ('public' in access) return 'through';
  if (w.as === null) return 401;
  if (w.as === 'device') return access.device ? 'through' : 403;
  if (access.via === 'key' && w.as.kind !== 'key') return 'unitUsers' in access && access.unitUsers && w.as.unit ? 'through' : 403;
  if (access.via === 'session' && w.as.kind !== 'user') return 403;
  return access.roles.includes(w.as.role) ? 'through' : 403;
}

const fastifyPath = (openApiPath: string) => openApiPath.replace(/\{([A-Za-z]+)\}/g, ':$1');

describe('every route and socket event has a declared access, and gets it', () => {
  it('lists the same API routes in the OpenAPI document and the server, each declared, none declared in vain', async () => {
    const doc = (await (await fetch(`${t.url}/api/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${fastifyPath(path)}`));
    const served = t.server.routes.map((r) => `${r.method.toUpperCase()} ${fastifyPath(r.path)}`);
    const isApi = (k: string) => k.includes(' /api/') || k.endsWith(' /healthz');
    expect([...new Set(served.filter(isApi))].sort()).toEqual([...new Set(documented)].sort());
    expect(served.filter((k) => !routeAccess(k.split(' ')[0]!, k.split(' ')[1]!))).toEqual([]);
    expect(Object.keys(ROUTE_ACCESS).filter((k) => !served.includes(k))).toEqual([]);
  });

  it('declares every client event of both namespaces', () => {
    expect(Object.keys(WALL_EVENT_ACCESS).sort()).toEqual([...WALL_CLIENT_EVENTS].sort());
    expect(Object.keys(CONSOLE_EVENT_ACCESS).sort()).toEqual([...CONSOLE_CLIENT_EVENTS].sort());
  });

  it('refuses a console socket to nobody, ingest and reader keys and devices, and each event to roles not declared', async () => {
    const wrong: string[] = [];
    for (const w of who) {
      const socket = consoleClient(t.url, w.token ?? undefined);
      const connected = await new Promise<boolean>((resolve) => {
        socket.once('connect', () => resolve(true));
        socket.once('connect_error', () => resolve(false));
      });
      const mayConnect = w.as !== null && w.as !== 'device' && (USER_ROLES as readonly string[]).includes(w.as.role);
      if (connected !== mayConnect) wrong.push(`console connect as ${w.label}: ${connected}`);
      if (connected && w.as !== null && w.as !== 'device') {
        for (const event of CONSOLE_CLIENT_EVENTS) {
          const answer = (await socket.timeout(5000).emitWithAck(event as 'commands:failed', { limit: 1 })) as { ok: boolean; error?: { code: string } };
          const admitted = allows(CONSOLE_EVENT_ACCESS[event], w.as);
          const forbidden = answer.ok === false && answer.error?.code === 'forbidden';
          // `command` is admitted to every role and refused per command by the catalog: an empty envelope is `invalid`.
          if (admitted === forbidden) wrong.push(`${event} as ${w.label}: ${JSON.stringify(answer)}`);
        }
      }
      socket.disconnect();
    }
    expect(wrong).toEqual([]);
  });

  it('answers wall events to an unenrolled page only when declared public', async () => {
    const wrong: string[] = [];
    const socket = wallClient(t.url);
    await new Promise((resolve) => socket.once('connect', () => resolve(null)));
    for (const event of WALL_CLIENT_EVENTS) {
      const access = WALL_EVENT_ACCESS[event];
      const answer = (await socket.timeout(5000).emitWithAck(event as 'time:ping', 0 as never).catch(() => 'no answer')) as unknown;
      const refused = typeof answer === 'object' && answer !== null && (answer as { ok?: boolean }).ok === false && /not enrolled/.test(String((answer as { error?: unknown }).error));
      if (refused === 'public' in access) wrong.push(`${event}: ${JSON.stringify(answer)}`);
    }
    socket.disconnect();
    expect(wrong).toEqual([]);
  });
  it('answers each route as declared: 401 without credentials, 403 to a caller not admitted, neither to one admitted', async () => {
    const keys = Object.keys(ROUTE_ACCESS) as Array<keyof typeof ROUTE_ACCESS>;
    // Signing out ends the sessions: last (and this test after the socket tests, which use them).
    const ordered = [...keys.filter((k) => k !== 'POST /api/v1/auth/logout'), 'POST /api/v1/auth/logout' as const];
    const wrong: string[] = [];
    for (const key of ordered) {
      const [method, path] = key.split(' ') as [string, string];
      const access: RouteAccess = ROUTE_ACCESS[key];
      const url = `${t.url}${path.replace(/:[A-Za-z]+/g, 'x').replace('*', 'x')}`;
      for (const w of who) {
        const res = await fetch(url, {
          method,
          redirect: 'manual',
          headers: { ...(w.token && { authorization: `Bearer ${w.token}` }), ...(method !== 'GET' && method !== 'DELETE' && { 'content-type': 'application/json' }) },
          ...(method !== 'GET' && method !== 'DELETE' && { body: '{}' }),
        });
        await res.arrayBuffer();
        const want = expected(access, w);
        const ok = want === 'through' ? res.status !== 401 && res.status !== 403 : res.status === want;
        if (!ok) wrong.push(`${key} as ${w.label}: ${res.status}, expected ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
