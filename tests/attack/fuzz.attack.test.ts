// The fuzz pass: generated bodies, queries and path parameters on every route of the OpenAPI
// document, generated arguments on every client event of both socket namespaces, as nobody, a
// viewer and an admin. Bounded in time (FUZZ_MS, 60 s by default); the seed (FUZZ_SEED) is
// printed, and a failure names its case so it can be replayed.
import { WALL_CLIENT_EVENTS, CONSOLE_CLIENT_EVENTS, WALL_NAMESPACE, CONSOLE_NAMESPACE } from '@ioc/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATH_VALUES, STRINGS, genBody, genValue, rng } from './fuzz.js';
import { enrollDisplays } from '../support/server.js';
import { startTarget, type Target } from './target.js';

const SEED = Number(process.env.FUZZ_SEED ?? 14);
const BUDGET_MS = Number(process.env.FUZZ_MS ?? 60_000);
/** Tables a refused request must leave as they were. */
const TABLES = ['observations', 'observation_revisions', 'submissions', 'users', 'api_keys', 'command_ids', 'map_feed_items', 'wall_devices', 'unit_keys', 'catalog_versions'];
/** Client events without an ack (the event maps say which). */
const NO_ACK = new Set(['live:unsubscribe', 'clock:report']);
/** Routes that end the caller's own session: fuzzing them would only leave the rest unauthenticated. */
const SKIP = new Set(['post /api/v1/auth/logout']);

let target: Target;
let stopHealth: () => Promise<string[]>;
beforeAll(async () => {
  target = await startTarget();
  // eslint-disable-next-line no-console
  console.log(`fuzz: FUZZ_SEED=${SEED} FUZZ_MS=${BUDGET_MS}`);
  // /healthz must answer within 1 s throughout, whatever the fuzz is doing.
  let running = true;
  const misses: string[] = [];
  const loop = (async () => {
    while (running) {
      const t0 = Date.now();
      if (!(await target.alive(1000))) misses.push(new Date(t0).toISOString());
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  stopHealth = async () => {
    running = false;
    await loop;
    return misses;
  };
});
afterAll(async () => {
  await target?.close();
});

const counts = () => TABLES.map((t) => target.count(t)).join(',');
const who = () => [
  { name: 'nobody', token: null as string | null },
  { name: 'viewer', token: target.sessions.viewer },
  { name: 'admin', token: target.sessions.admin },
];

/** A generated value as a query parameter (lone surrogates cannot be percent-encoded). */
const queryValue = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')).replace(/[\ud800-\udfff]/g, '?');

interface Failure {
  where: string;
  problem: string;
}

describe(`fuzz pass (seed ${SEED})`, () => {
  it('every JSON route, with generated bodies, queries and path parameters, answers < 500 and stores nothing when it refuses', async () => {
    const doc = (await (await fetch(`${target.url}/api/v1/openapi.json`, { headers: { authorization: `Bearer ${target.sessions.admin}` } })).json()) as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method, path })));
    expect(routes.length).toBeGreaterThan(30);
    const failures: Failure[] = [];
    const deadline = Date.now() + BUDGET_MS * 0.7;
    let n = 0;
    while (Date.now() < deadline) {
      for (const route of routes) {
        if (SKIP.has(`${route.method} ${route.path}`)) continue;
        for (const w of who()) {
          const c = n++;
          const r = rng(SEED * 1_000_003 + c);
          const url = route.path.replace(/\{[^}]+\}/g, () => PATH_VALUES[Math.floor(r() * PATH_VALUES.length)]!);
          const query = Array.from({ length: Math.floor(r() * 4) }, () => `${encodeURIComponent(STRINGS[Math.floor(r() * STRINGS.length)]!.replace(/[\ud800-\udfff]/g, '?'))}=${encodeURIComponent(queryValue(genValue(r, { maxDepth: 1, maxSize: 50 })))}`).join('&');
          const hasBody = route.method !== 'get' && route.method !== 'delete';
          const before = counts();
          const where = `case ${c}: ${w.name} ${route.method.toUpperCase()} ${url}${query ? `?${query}` : ''}`.slice(0, 300);
          try {
            const res = await fetch(`${target.url}${url}${query ? `?${query}` : ''}`, {
              method: route.method.toUpperCase(),
              headers: { ...(w.token && { authorization: `Bearer ${w.token}` }), ...(hasBody && { 'content-type': 'application/json' }) },
              ...(hasBody && { body: genBody(r, { maxDepth: 40, maxSize: 1500 }) }),
              signal: AbortSignal.timeout(10_000),
            });
            await res.arrayBuffer();
            if (res.status >= 500 && res.status !== 503) failures.push({ where, problem: `answered ${res.status}` });
            if (res.status >= 400 && counts() !== before) failures.push({ where, problem: `refused (${res.status}) but stored: ${before} -> ${counts()}` });
          } catch (err) {
            // A server that refuses a body early (413 before it is all sent) closes the connection
            // while the client still writes: undici reports the reset, not the answer.
            const code = (err as Error & { cause?: { code?: string } }).cause?.code ?? '';
            const reset = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code) && (await target.alive());
            if (!reset) failures.push({ where, problem: `no answer: ${(err as Error).message} ${code}` });
            else if (counts() !== before) failures.push({ where, problem: `reset but stored: ${before} -> ${counts()}` });
          }
          if (failures.length > 20) break;
        }
        if (Date.now() > deadline || failures.length > 20) break;
      }
      if (failures.length > 20) break;
    }
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${n} HTTP cases over ${routes.length} routes`);
    expect(failures, `replay with FUZZ_SEED=${SEED}`).toEqual([]);
    expect(await target.alive()).toBe(true);
  }, BUDGET_MS + 30_000);

  it('every client event of /wall and /console, with generated arguments, is answered or refused and the process stays up', async () => {
    const failures: Failure[] = [];
    const deadline = Date.now() + BUDGET_MS * 0.3;
    let n = 0;
    const open = (ns: string, token: string | null): Promise<Socket | null> =>
      new Promise((resolve) => {
        const s = io(`${target.url}${ns}`, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
        s.once('connect', () => resolve(s));
        s.once('connect_error', () => (s.close(), resolve(null)));
      });
    const spaces = [
      { ns: WALL_NAMESPACE, events: WALL_CLIENT_EVENTS as readonly string[] },
      { ns: CONSOLE_NAMESPACE, events: CONSOLE_CLIENT_EVENTS as readonly string[] },
    ];
    // A wall display enrolled as a technician would: the one identity /wall admits besides nobody.
    const display = { name: 'display', token: enrollDisplays(target.dataDir, 'main', ['d1']).d1! };
    for (const w of [...who(), display]) {
      for (const space of spaces) {
        let socket = await open(space.ns, w.token);
        if (!socket) {
          // A console without credentials, and a wall page with a user's token instead of a
          // device token, are refused at the handshake; nobody may still reach /wall (pairing).
          if (space.ns === WALL_NAMESPACE && (w.name === 'nobody' || w.name === 'display')) failures.push({ where: `${w.name} ${space.ns}`, problem: 'could not connect' });
          continue;
        }
        const until = Math.min(deadline, Date.now() + (BUDGET_MS * 0.3) / 4);
        while (Date.now() < until && failures.length <= 20) {
          const c = n++;
          const r = rng(SEED * 7_000_003 + c);
          const known = r() < 0.9;
          const event = known ? space.events[Math.floor(r() * space.events.length)]! : `fuzz:${Math.floor(r() * 1000)}`;
          const args = genValue(r, { maxDepth: 24, maxSize: 300 });
          const where = `case ${c}: ${w.name} ${space.ns} ${event}`;
          const before = counts();
          if (!socket.connected) socket = (await open(space.ns, w.token)) ?? socket;
          if (NO_ACK.has(event)) {
            socket.emit(event, args);
            continue;
          }
          const disconnected = new Promise<'disconnected'>((resolve) => socket!.once('disconnect', () => resolve('disconnected')));
          const ack = socket.timeout(5000).emitWithAck(event, args).catch(() => 'no ack' as const);
          const answer = await Promise.race([ack, disconnected]);
          if (answer === 'no ack') failures.push({ where, problem: 'no ack within 5 s' });
          const refused = answer === 'disconnected' || (typeof answer === 'object' && answer !== null && (answer as { ok?: unknown }).ok === false);
          if (refused && counts() !== before) failures.push({ where, problem: `refused but stored: ${before} -> ${counts()}` });
        }
        socket.close();
      }
    }
    // eslint-disable-next-line no-console
    console.log(`fuzz: ${n} socket cases`);
    expect(failures, `replay with FUZZ_SEED=${SEED}`).toEqual([]);
    expect(await target.alive()).toBe(true);
    expect(await stopHealth(), '/healthz took over 1 s at').toEqual([]);
  }, BUDGET_MS + 30_000);
});
