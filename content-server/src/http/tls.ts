import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { baseHeaders } from './security-headers.js';

/** A certificate chain and its private key, read and checked at start (config.ts). */
export interface TlsMaterial {
  certPath: string;
  keyPath: string;
  cert: string;
  key: string;
  /** The names the leaf certificate covers (`DNS:` and `IP Address:` entries, without the prefix). */
  names: string[];
  notAfter: Date;
}

/** The first byte of every TLS record that opens a connection (a handshake record, 22). */
const TLS_HANDSHAKE = 0x16;
/** A connection that says nothing for this long is closed before we know what it speaks. */
const FIRST_BYTE_TIMEOUT_MS = 10_000;

function readPem(path: string, what: string, variable: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${variable}: cannot read the ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/**
 * Reads `TLS_CERT` and `TLS_KEY` and checks that they belong together, so that a wrong pair
 * stops the start with a sentence instead of a handshake failure on every wall.
 */
export function loadTlsMaterial(certPath: string, keyPath: string): TlsMaterial {
  const cert = readPem(certPath, 'certificate', 'TLS_CERT');
  const key = readPem(keyPath, 'private key', 'TLS_KEY');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(cert);
  } catch {
    throw new Error(`TLS_CERT: ${certPath} is not a PEM certificate (expected "-----BEGIN CERTIFICATE-----")`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new Error(`TLS_KEY: ${keyPath} is not a PEM private key (an encrypted key is not supported)`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new Error(`TLS_CERT and TLS_KEY do not match: the key ${keyPath} is not the key of the certificate ${certPath}`);
  }
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() < Date.now()) throw new Error(`TLS_CERT: the certificate ${certPath} expired on ${notAfter.toISOString()}`);
  const names = (leaf.subjectAltName ?? '').split(', ').map((n) => n.replace(/^(DNS|IP Address):/, '')).filter((n) => n !== '');
  return { certPath, keyPath, cert, key, names, notAfter };
}

/** The host a plain request named, if it is a plausible one (never a header to echo blindly). */
function plainHost(req: IncomingMessage): string | null {
  const host = req.headers.host ?? '';
  return /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:\d{1,5})?$/.test(host) ? host : null;
}

/** The plain-HTTP side of a TLS port: a permanent redirect to the same path over https, nothing else. */
function redirectToHttps(fallbackHost: () => string): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const target = `https://${plainHost(req) ?? fallbackHost()}${(req.url ?? '/').startsWith('/') ? req.url : '/'}`;
    res.writeHead(308, { ...baseHeaders(), location: target, 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
    res.end(`This server speaks only HTTPS / Máy chủ này chỉ dùng HTTPS: ${target}\n`);
    // The body of a plain request (a POST with data) is never read.
    req.resume();
  };
}

/**
 * A Fastify `serverFactory` for HTTPS and WSS on one port where plain HTTP only redirects:
 * the HTTPS server's connection handler looks at the first byte of each connection (0x16 opens
 * a TLS handshake) and hands anything else to a tiny HTTP server that answers 308. One port
 * keeps every URL, firewall rule and kiosk configuration as it was, with `https` in front.
 */
export function tlsServerFactory(tls: TlsMaterial, fallbackHost: () => string): (handler: RequestListener) => HttpsServer {
  return (handler) => {
    const server = createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }, handler);
    const plain = createHttpServer(redirectToHttps(fallbackHost));
    const tlsListeners = server.listeners('connection') as Array<(socket: Socket) => void>;
    server.removeAllListeners('connection');
    const pending = new Set<Socket>();
    server.on('connection', (socket: Socket) => {
      pending.add(socket);
      const silent = () => socket.destroy();
      socket.setTimeout(FIRST_BYTE_TIMEOUT_MS);
      socket.once('timeout', silent);
      socket.once('error', () => socket.destroy());
      socket.once('close', () => pending.delete(socket));
      socket.once('data', (first: Buffer) => {
        socket.pause();
        // From here the HTTPS or HTTP server owns the socket's timeouts.
        socket.setTimeout(0);
        socket.off('timeout', silent);
        // Given back to the stream: the TLS socket (or the HTTP parser) reads it as the first bytes.
        socket.unshift(first);
        if (first[0] === TLS_HANDSHAKE) {
          pending.delete(socket);
          for (const listener of tlsListeners) listener.call(server, socket);
        } else {
          plain.emit('connection', socket);
        }
        process.nextTick(() => socket.resume());
      });
    });
    // Connections still silent or on the redirect side would hold the close for their timeout.
    const close = server.close.bind(server);
    server.close = (callback?: (err?: Error) => void) => {
      for (const socket of pending) socket.destroy();
      plain.close();
      return close(callback);
    };
    return server;
  };
}

/**
 * A `fetch` for the server's own loopback clients (the demo feed) that goes through Fastify's
 * inject: the same routes, hooks and checks, without a TLS handshake against a local CA that
 * this process does not trust.
 */
export function injectFetch(app: FastifyInstance): (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<Response> {
  return async (url, init) => {
    const { pathname, search } = new URL(url);
    const res = await app.inject({ method: init.method as 'POST', url: `${pathname}${search}`, headers: init.headers, payload: init.body });
    return new Response(res.rawPayload, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/octet-stream') } });
  };
}
