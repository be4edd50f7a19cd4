import type { IncomingMessage } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { RefusalTally } from '../audit/refusal-tally.js';
import type { Logger } from '../logger.js';
import { apiError } from './errors.js';

/** Methods a browser may send cross-site without a preflight or that change nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_HEADERS = 'authorization, content-type, x-request-id';
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';

export const ORIGIN_REFUSED_EN = 'this origin may not use the server (ALLOWED_ORIGINS lists the others)';
export const ORIGIN_REFUSED_VI = 'nguồn gốc (origin) này không được phép dùng máy chủ';

/** An `ALLOWED_ORIGINS` entry as browsers write an Origin header, or why it is not one. */
export function parseOrigin(entry: string): { origin: string } | { error: string } {
  try {
    const url = new URL(entry);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { error: `"${entry}": only http and https origins` };
    if (url.origin !== entry.replace(/\/$/, '')) return { error: `"${entry}" is not an origin (scheme://host[:port], no path)` };
    return { origin: url.origin };
  } catch {
    return { error: `"${entry}" is not an origin (scheme://host[:port])` };
  }
}

/**
 * Which Origin headers may use the server: its own (this machine's names and addresses, with
 * the scheme and port it serves; the Electron kiosk loads the wall from the server, so it is
 * one of them), the TLS certificate's names, and `ALLOWED_ORIGINS`. A page under any other name
 * (DNS rebinding included) is foreign.
 */
export class OriginPolicy {
  private readonly extra: Set<string>;

  constructor(private readonly opts: { scheme: 'http' | 'https'; port: () => number; allowed: readonly string[]; names: readonly string[] }) {
    this.extra = new Set(opts.allowed);
  }

  private ownNames(): Set<string> {
    const names = new Set(['localhost', '127.0.0.1', '[::1]', hostname().toLowerCase(), ...this.opts.names.map((n) => n.toLowerCase())]);
    // Read at each check: a machine's addresses change (DHCP, a new interface) while it runs.
    for (const list of Object.values(networkInterfaces())) {
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address.replace(/%.*$/, '')}]` : a.address);
    }
    return names;
  }

  allows(origin: string): boolean {
    if (this.extra.has(origin)) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== `${this.opts.scheme}:` || url.origin !== origin) return false;
    const port = url.port === '' ? (this.opts.scheme === 'https' ? 443 : 80) : Number(url.port);
    return port === this.opts.port() && this.ownNames().has(url.hostname.toLowerCase());
  }

  /** Socket.io's check: a browser always sends Origin on the handshake; other clients send none. */
  allowsRequest(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.allows(origin);
  }
}

/** Where a refused origin is reported: `originRefusals(tally)` in the server. */
export type OriginRefused = (origin: string, address: string, channel: 'http' | 'socket.io', what: string) => Promise<void>;

/**
 * Refused origins are counted in the shared refusal tally like every other refusal: the first of
 * each address and origin in a minute is audited at once, the rest as one row when the minute
 * closes, and an attacker inventing origins is folded into the tally's bounded rows.
 */
export function originRefusals(tally: Pick<RefusalTally, 'count'>): OriginRefused {
  return (origin, address, channel, what) =>
    tally.count(`address:${address}`, 'origin.refused', { target: origin.slice(0, 200), detail: { channel, request: what.slice(0, 200) }, firstAtOnce: true });
}

/** What socket.io's `allowRequest` is given. */
export type AllowRequest = (req: IncomingMessage, answer: (err: string | null | undefined, ok: boolean) => void) => void;

/**
 * socket.io's check of a handshake (`allowRequest`): one from a foreign origin is refused once
 * its refusal is in the audit log (the tally's first row of that address and origin in the
 * minute; the rest of a flood waits on that row, no more), or once a failure to write it is
 * logged: it is refused either way.
 */
export function socketOriginCheck(policy: OriginPolicy, refused: OriginRefused, log: Logger): AllowRequest {
  return (req, answer) => {
    if (policy.allowsRequest(req)) return answer(null, true);
    let written: Promise<void>;
    try {
      written = refused(req.headers.origin ?? '', req.socket.remoteAddress ?? 'unknown', 'socket.io', (req.url ?? '').split('?')[0] ?? '');
    } catch (err) {
      written = Promise.reject(err);
    }
    void written
      .catch((err: unknown) => void log.error({ err }, 'could not audit a refused origin'))
      .then(() => answer('origin not allowed', false))
      .catch((err: unknown) => log.error({ err }, 'could not refuse a socket.io handshake'));
  };
}

/**
 * CORS for the allowed origins, and a 403 for a request from a foreign origin that could change
 * something (any method but GET/HEAD) or asks to (its preflight). A foreign GET gets no CORS
 * headers, so its page cannot read the answer.
 */
export function installOriginPolicy(app: FastifyInstance, policy: OriginPolicy, refused: OriginRefused): void {
  app.addHook('onRequest', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined) return;
    if (policy.allows(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('vary', 'Origin');
      if (request.method === 'OPTIONS' && request.headers['access-control-request-method']) {
        return reply.code(204).headers({ 'access-control-allow-methods': ALLOWED_METHODS, 'access-control-allow-headers': ALLOWED_HEADERS, 'access-control-max-age': '600' }).send();
      }
      return;
    }
    if (SAFE_METHODS.has(request.method) && !request.headers['access-control-request-method']) return;
    await refused(origin, request.ip, 'http', `${request.method} ${request.url.split('?')[0]}`);
    return reply.code(403).send(apiError('origin', `${ORIGIN_REFUSED_EN} / ${ORIGIN_REFUSED_VI}: ${origin.slice(0, 200)}`));
  });
}
