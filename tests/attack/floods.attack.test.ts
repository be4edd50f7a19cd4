// Floods against the real server (a child process, as `npm start` runs it): logins, commands,
// socket events, pairing requests and expensive reads. Each flood: the server stays alive and
// /healthz answers within 1 s throughout, the excess is refused (429 or a socket ack error),
// and the audit log grows by a bounded number of rows: refusals are tallied per source, action
// and minute, and written when the minute closes or, here, when the server shuts down.
import { PROTOCOL_VERSION, WALL_NAMESPACE, type PairingResult } from '@ioc/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from './target.js';

let target: Target;
let firstAuditId = 0;
/** Refusals each flood saw, by the audit action they must be tallied under. */
const refusedBy = new Map<string, number>();
const note = (action: string, n: number) => refusedBy.set(action, (refusedBy.get(action) ?? 0) + n);
/** Rows other than the tally's (which a minute closing during a flood may write at any time, and which carry the count `refused`). */
const untallied = (after: number) => target.auditSince(after).filter((r) => !r.action.startsWith('ratelimit.') && r.action !== 'auth.login.limited' && !('refused' in (JSON.parse(r.detail ?? '{}') as object)));

/**
 * Runs `total` calls of `one`, `concurrency` at a time, probing /healthz (1 s budget) all along;
 * returns each call's outcome and whether every probe answered in time.
 */
async function flood<T>(total: number, concurrency: number, one: (i: number) => Promise<T>): Promise<{ results: T[]; healthy: boolean[] }> {
  const results: T[] = [];
  let next = 0;
  let done = false;
  const healthy: boolean[] = [];
  const probes: number[] = [];
  const probe = (async () => {
    while (!done) {
      const t0 = performance.now();
      const ok = await target.alive(1000);
      probes.push(Math.round(performance.now() - t0));
      healthy.push(ok);
    }
  })();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) results.push(await one(next++));
    }),
  );
  done = true;
  await probe;
  if (!healthy.every(Boolean)) console.log('health probes (ms):', probes.join(' '));
  return { results, healthy };
}

const post = (path: string, token: string | null, body: unknown) =>
  fetch(`${target.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) }, body: JSON.stringify(body) });

beforeAll(async () => {
  target = await startTarget();
  firstAuditId = target.lastAuditId();
}, 60_000);
afterAll(async () => {
  await target?.close();
});

describe('floods against the running server', () => {
  it('login flood: 3,000 attempts from one address are refused with 429 + Retry-After, health stays under 1 s', { timeout: 120_000 }, async () => {
    const before = target.lastAuditId();
    const { results, healthy } = await flood(3000, 20, async (i) => {
      const res = await post('/api/v1/auth/login', null, { username: `attack-admin`, password: `guess-${i}` });
      const body = (await res.json()) as { errors?: Array<{ message: string }> };
      return { status: res.status, retryAfter: res.headers.get('retry-after'), message: body.errors?.[0]?.message ?? '' };
    });
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(2900);
    expect(limited.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
    expect(limited[0]!.message).toMatch(/thử lại sau \d+ giây .*try again in \d+ seconds/);
    expect(healthy.length).toBeGreaterThan(0);
    expect(healthy.every(Boolean)).toBe(true);
    // Until the minute closes only the failures before the lock have rows (5 per address).
    expect(untallied(before).length).toBeLessThanOrEqual(5);
    note('auth.login.limited', results.filter((r) => r.status === 429 && !/Too many requests/.test(r.message)).length);
    note('ratelimit.logins', results.filter((r) => r.status === 429 && /Too many requests/.test(r.message)).length);
    expect(await target.alive()).toBe(true);
  });

  it('command flood: 2,000 commands from one operator are limited; what passes is bounded by the rate', { timeout: 120_000 }, async () => {
    const before = target.lastAuditId();
    const started = Date.now();
    const { results, healthy } = await flood(2000, 40, async (i) => {
      const res = await post('/api/v1/commands', target.sessions.operator, { clientId: `flood-${i}-${started}`, name: 'display.volume', args: { device: 'nowhere', level: 10 } });
      await res.arrayBuffer();
      return res.status;
    });
    const seconds = (Date.now() - started) / 1000;
    const passed = results.filter((s) => s !== 429).length;
    expect(results.filter((s) => s === 429).length).toBeGreaterThan(1000);
    // Burst 30, then 5 a second (the defaults): what reached the command service, each audited.
    expect(passed).toBeLessThanOrEqual(30 + Math.ceil(seconds * 5) + 1);
    expect(untallied(before).length).toBeLessThanOrEqual(passed);
    expect(target.count('command_ids', `client_id LIKE 'flood-%'`)).toBe(0); // refused (unknown device, or limited) before anything is stored
    expect(healthy.every(Boolean)).toBe(true);
    note('ratelimit.commands', results.filter((s) => s === 429).length);
  });

  it('socket event flood: 5,000 events on one console socket get a rate_limited ack; the socket and server live', { timeout: 120_000 }, async () => {
    const socket = await target.console(target.sessions.viewer);
    const before = target.lastAuditId();
    const { results, healthy } = await flood(5000, 50, async () => {
      const r = (await socket.timeout(10_000).emitWithAck('commands:failed', { limit: 1 })) as { ok: boolean; error?: { code: string; message: string } };
      return r;
    });
    const limited = results.filter((r) => !r.ok && r.error?.code === 'rate_limited');
    expect(limited.length).toBeGreaterThan(4000);
    expect(limited[0]!.error!.message).toMatch(/Quá nhiều yêu cầu.*Too many requests/);
    expect(healthy.every(Boolean)).toBe(true);
    expect(untallied(before)).toEqual([]);
    expect(socket.connected).toBe(true);
    note('ratelimit.socket', limited.length);
  });

  it('pairing flood: 200 sockets asking for codes cannot crowd out the list; refusals are acks, not rows', { timeout: 120_000 }, async () => {
    const before = target.lastAuditId();
    const sockets: Socket[] = [];
    const { results, healthy } = await flood(200, 20, async () => {
      const s = io(`${target.url}${WALL_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(s);
      return (await s.timeout(10_000).emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION })) as PairingResult;
    });
    const issued = results.filter((r) => r.ok).length;
    expect(issued).toBeLessThanOrEqual(8); // the per-address cap
    const rateLimited = results.filter((r) => !r.ok && 'error' in r && /Too many requests/.test(r.error)).length;
    expect(rateLimited).toBeGreaterThan(100);
    expect(healthy.every(Boolean)).toBe(true);
    expect(untallied(before)).toEqual([]);
    for (const s of sockets) s.disconnect();
    note('ratelimit.pairing', rateLimited);
  });

  it('expensive read flood: 1,000 forecasts from one viewer are limited with 429 + Retry-After', { timeout: 120_000 }, async () => {
    const { results, healthy } = await flood(1000, 20, async () => {
      const res = await fetch(`${target.url}/api/v1/forecast?indicator=cpi_yoy&unit=VN&horizon=8`, { headers: { authorization: `Bearer ${target.sessions.viewer}` } });
      await res.arrayBuffer();
      return { status: res.status, retryAfter: res.headers.get('retry-after') };
    });
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(800);
    expect(limited.every((r) => Number(r.retryAfter) >= 1)).toBe(true);
    expect(results.every((r) => r.status < 500)).toBe(true);
    expect(healthy.every(Boolean)).toBe(true);
    note('ratelimit.reads', limited.length);
  });

  it('on shutdown, every flood left a handful of audit rows that count all its refusals', { timeout: 60_000 }, async () => {
    expect(await target.alive()).toBe(true);
    await target.server.stop(); // SIGTERM: the open minute's tally is written before the store closes
    const rows = target.auditSince(firstAuditId);
    expect(rows.length).toBeLessThan(300);
    for (const [action, refused] of refusedBy) {
      const tallied = rows.filter((r) => r.action === action);
      // One row per source and minute: one address (or principal), a flood spans a minute boundary at most.
      expect(tallied.length, action).toBeGreaterThan(0);
      expect(tallied.length, action).toBeLessThanOrEqual(4);
      const counted = tallied.reduce((n, r) => n + (JSON.parse(r.detail ?? '{}') as { refused: number }).refused, 0);
      expect(counted, action).toBe(refused);
      expect(tallied.every((r) => r.ok === 0)).toBe(true);
    }
  });
});
