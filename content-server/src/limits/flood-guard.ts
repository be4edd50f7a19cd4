import { WALL_NAMESPACE, type Principal } from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Namespace, Socket } from 'socket.io';
import type { RefusalTally } from '../audit/refusal-tally.js';
import { bearerToken } from '../auth/index.js';
import { apiError } from '../http/errors.js';
import type { FloodLimits } from './limits-config.js';
import { TokenBuckets, type Take } from './token-buckets.js';
import { actorOf } from '../auth/principal.js';

/** What a limited request is: the audit action its refusals are tallied under. */
export type FloodClass = 'commands' | 'logins' | 'reads' | 'socket' | 'pairing';

/** Routes that are limited, by Fastify's route pattern; the rest only by their edges' bounds. */
const HTTP_CLASSES: ReadonlyArray<{ method: string; url: RegExp; cls: FloodClass }> = [
  { method: 'POST', url: /^\/api\/v1\/commands(\/:clientId\/resend)?$/, cls: 'commands' },
  { method: 'POST', url: /^\/api\/v1\/auth\/login$/, cls: 'logins' },
  // Reads that compute (a forecast fit, a what-if run, a ranking, a template workbook, the
  // submission tables): one request costs milliseconds to seconds of the one event loop.
  { method: '*', url: /^\/api\/v1\/(forecast|whatif|rankings|international|templates|submissions|notifications)(\/|$)/, cls: 'reads' },
];

/** Events over a socket that run commands or ask for codes, besides the per-socket limit. */
const SOCKET_CLASSES: Readonly<Record<string, FloodClass>> = { command: 'commands', 'command:resend': 'commands', 'pairing:request': 'pairing' };

/** The one message of a limited request, in both languages. */
export function limitedMessage(retryAfterS: number): string {
  return `Quá nhiều yêu cầu; thử lại sau ${retryAfterS} giây / Too many requests; try again in ${retryAfterS} seconds`;
}

const who = actorOf;

/**
 * Per-address, per-principal and per-socket limits on what a flood could use to starve the
 * server: commands, logins, expensive reads, socket events and pairing requests. A limited
 * request is answered 429 with `Retry-After` (or a socket ack error) before any parsing or
 * work, and counted in the refusal tally (one audit row per source, class and minute).
 */
export class FloodGuard {
  private readonly buckets: Record<string, TokenBuckets>;

  constructor(
    readonly limits: FloodLimits,
    private readonly deps: { tally: RefusalTally; resolve: (token: string | null) => Promise<Principal | null>; now?: () => number },
  ) {
    const b = (rate: FloodLimits['logins']['perAddress']) => new TokenBuckets(rate, deps.now ? { now: deps.now } : {});
    this.buckets = {
      'commands:principal': b(limits.commands.perPrincipal),
      'commands:address': b(limits.commands.perAddress),
      'logins:address': b(limits.logins.perAddress),
      'reads:principal': b(limits.expensiveReads.perPrincipal),
      'reads:address': b(limits.expensiveReads.perAddress),
      'pairing:address': b(limits.pairing.perAddress),
      'socket:socket': b(limits.socketEvents.perSocket),
    };
  }

  /**
   * Spends one request of class `cls` for this address (and principal, where the class has a
   * per-principal limit); a refusal is tallied against the source that ran out.
   */
  take(cls: FloodClass, address: string, principal: Principal | null, target: string): Take {
    const checks: Array<[string, string]> = [[`${cls}:address`, `address:${address}`]];
    if (principal) checks.push([`${cls}:principal`, who(principal)]);
    for (const [bucket, source] of checks) {
      const buckets = this.buckets[bucket];
      if (!buckets) continue;
      const taken = buckets.take(source);
      if (!taken.ok) {
        this.deps.tally.count(source, `ratelimit.${cls}`, { target, detail: { limit: buckets.rate } });
        return taken;
      }
    }
    return { ok: true };
  }

  /** Limits the routes of HTTP_CLASSES; register before the routes (an onRequest hook: before the body is read). */
  http(app: FastifyInstance): void {
    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const url = request.routeOptions.url;
      if (!url) return;
      const hit = HTTP_CLASSES.find((c) => (c.method === '*' || c.method === request.method) && c.url.test(url));
      if (!hit) return;
      // Logins are limited by address only: the principal is what the request is trying to get.
      const principal = hit.cls === 'logins' ? null : await this.deps.resolve(bearerToken(request.headers.authorization));
      const taken = this.take(hit.cls, request.ip, principal, `${request.method} ${url}`);
      if (taken.ok) return;
      return reply.code(429).header('retry-after', String(taken.retryAfterS)).send(apiError('rate', limitedMessage(taken.retryAfterS)));
    });
  }

  /** Limits every event of every socket of `ns`, and the costly ones per principal or address too. */
  sockets(ns: Pick<Namespace, 'name'> & { on(event: 'connection', listener: (socket: Socket) => void): unknown }): void {
    ns.on('connection', (socket: Socket) => {
      const address = socket.handshake.address;
      socket.use((packet, next) => {
        const event = String(packet[0]);
        let taken = this.buckets['socket:socket']!.take(socket.id);
        if (!taken.ok) this.deps.tally.count(`address:${address}`, 'ratelimit.socket', { target: `${ns.name} ${event.slice(0, 64)}` });
        const cls = SOCKET_CLASSES[event];
        if (taken.ok && cls) taken = this.take(cls, address, (socket.data as { principal?: Principal }).principal ?? null, `${ns.name} ${event}`);
        if (taken.ok) return next();
        const ack = packet[packet.length - 1];
        if (typeof ack !== 'function') return;
        const message = limitedMessage(taken.retryAfterS);
        // Each namespace's acks keep their shape: the wall's carry their error as text, the
        // console's as { code, message } (CommandResult, FailedCommandsResult, WarningAckResult).
        if (ns.name === WALL_NAMESPACE) ack({ ok: false, error: message, retryAfterS: taken.retryAfterS });
        else ack({ ok: false, clientId: null, error: { code: 'rate_limited', message }, retryAfterS: taken.retryAfterS });
      });
      socket.on('disconnect', () => this.buckets['socket:socket']!.forget(socket.id));
    });
  }
}
