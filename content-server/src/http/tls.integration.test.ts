// HTTPS and WSS with a real TLS handshake against a certificate made as `ops tls init` makes it:
// a client that trusts the CA gets data, plain HTTP on the same port gets only a redirect, and a
// client that checks certificates refuses a server whose CA it does not trust.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WALL_NAMESPACE } from '@ioc/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { makeLocalPki, tlsInit } from './tls-ca.js';
import { loadTlsMaterial } from './tls.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(url: string, opts: { ca?: string; servername?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(url, { ...(opts.ca && { ca: opts.ca }), ...(opts.servername && { servername: opts.servername }) }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the server over TLS (TLS_CERT / TLS_KEY)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-tls-'));
  const files = tlsInit(dir, []).files;
  const material = loadTlsMaterial(files.cert, files.key);
  const caPem = () => readFileSync(files.caCert, 'utf8');
  let t: TestServer;
  let port: number;

  beforeAll(async () => {
    t = await startTestServer({ tls: material });
    port = t.server.port;
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the API over HTTPS to a client that trusts the local CA, with HSTS', async () => {
    expect(t.url).toBe(`https://127.0.0.1:${port}`);
    const res = await get(`https://localhost:${port}/healthz`, { ca: caPem() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'ok' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('answers plain HTTP on the same port with a 308 to https and no data', async () => {
    const res = await get(`http://127.0.0.1:${port}/api/v1/catalog?x=1`);
    expect(res.status).toBe(308);
    expect(res.headers.location).toBe(`https://127.0.0.1:${port}/api/v1/catalog?x=1`);
    expect(res.body).toContain('HTTPS');
    expect(res.body).not.toContain('indicators');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('carries socket.io over WSS to a client that trusts the CA', async () => {
    const socket = io(`https://localhost:${port}${WALL_NAMESPACE}`, { ca: caPem(), transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.io.engine.transport.name).toBe('websocket');
    } finally {
      socket.disconnect();
    }
  });

  it('is refused by a client that checks certificates and trusts another CA', async () => {
    const otherCa = makeLocalPki({ sans: ['localhost'] }).caCertPem;
    await expect(get(`https://localhost:${port}/healthz`, { ca: otherCa })).rejects.toMatchObject({ code: expect.stringMatching(/UNABLE_TO_VERIFY|SELF_SIGNED|CERT/) });
    const socket = io(`https://localhost:${port}${WALL_NAMESPACE}`, { ca: otherCa, transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      const err = await new Promise<Error>((resolve) => {
        socket.once('connect', () => resolve(new Error('connected')));
        socket.once('connect_error', resolve);
      });
      expect(err.message).not.toBe('connected');
    } finally {
      socket.disconnect();
    }
  });

  it('is refused under a name the certificate does not cover', async () => {
    await expect(get(`https://127.0.0.1:${port}/healthz`, { ca: caPem(), servername: 'elsewhere.example' })).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
