import type { FastifyInstance } from 'fastify';
import type { Server as SocketServer } from 'socket.io';

/**
 * The Content-Security-Policy of every answer. The wall and the console load only their own
 * bundles (no inline script: Vite emits none, tests/csp.e2e.test.ts proves it in Chromium).
 * - `style-src 'unsafe-inline'`: the wall's index.html sets its background in a `<style>` so a
 *   tile is never white while loading, and MapLibre and d3 write style attributes. Styles cannot
 *   run code; scripts stay strict.
 * - `worker-src blob:`: MapLibre starts its workers from a blob URL of its own bundle.
 * - `img-src data: blob:`: the pages' empty favicon (`data:,`), map sprites and canvases.
 * - `frame-ancestors 'self'` (and X-Frame-Options SAMEORIGIN): no other site can frame a page
 *   to trick a click; the console frames the wall's page as its live preview (issue 16).
 * - `connect-src 'self'`: the API and socket.io (ws/wss of the same host match 'self'); with
 *   CLUSTER_URLS, also every server of the center (http(s) and ws(s)), where a page goes on failover.
 */
export function contentSecurityPolicy(peers: readonly string[] = []): string {
  const connect = peers.flatMap((p) => [p, p.replace(/^http/, 'ws')]);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    ["connect-src 'self' data: blob:", ...connect].join(' '),
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    // Only the center's own pages may frame its pages (the console frames the wall as its live preview).
    "frame-ancestors 'self'",
  ].join('; ');
}

/** The policy of a single server (no CLUSTER_URLS). */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** One year: browsers that saw the center over HTTPS never try plain HTTP again for that long. */
export const HSTS = 'max-age=31536000';

/** Headers for every answer, HTTPS or not (the HTTP redirect of a TLS port sends them too). */
export function baseHeaders(peers: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(peers),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  };
}

/**
 * Sets the security headers on every answer of Fastify (routes, static files, errors, 404s)
 * and of socket.io's long-polling transport, which answers outside Fastify. HSTS only under
 * TLS: over plain HTTP a browser ignores it, and it would lock a lab's http:// out for a year.
 */
export function installSecurityHeaders(app: FastifyInstance, opts: { tls: boolean; peers?: readonly string[] }): void {
  const headers = { ...baseHeaders(opts.peers), ...(opts.tls && { 'strict-transport-security': HSTS }) };
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  // Error answers are built after a reset of the reply in some paths: set them again last.
  app.addHook('onSend', async (_request, reply) => {
    for (const [name, value] of Object.entries(headers)) if (!reply.hasHeader(name)) reply.header(name, value);
  });
}

/** The same headers on socket.io's own HTTP answers (handshake and polling). */
export function installSocketHeaders(io: SocketServer, opts: { tls: boolean; peers?: readonly string[] }): void {
  const headers = { ...baseHeaders(opts.peers), ...(opts.tls && { 'strict-transport-security': HSTS }) };
  io.engine.on('headers', (out: Record<string, string>) => Object.assign(out, headers));
}
